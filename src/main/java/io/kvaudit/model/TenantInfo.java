package io.kvaudit.model;

import java.time.Instant;

/** The tenant being scanned and where its data came from. */
public record TenantInfo(String tenantId, String cloud, String source, Instant capturedAt, String identity) {}
