package io.kvaudit.model;

/** One log entry of a diagnostic setting: a category (e.g. AuditEvent) or a category group (audit, allLogs). */
public record LogSetting(String category, String categoryGroup, boolean enabled) {}
