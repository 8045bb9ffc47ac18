package io.kvaudit.model;

/** One log entry of a diagnostic setting: a category (e.g. AuditEvent) or a category group (audit, allLogs). */
public record LogSetting(String category, String categoryGroup, boolean enabled) {

    /** True when the entry is on and carries Key Vault's AuditEvent: the category itself, or the audit or allLogs group. */
    public boolean sendsAuditEvent() {
        return enabled && ("AuditEvent".equalsIgnoreCase(category) || "audit".equalsIgnoreCase(categoryGroup)
                || "allLogs".equalsIgnoreCase(categoryGroup));
    }
}
