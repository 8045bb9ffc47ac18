package io.kvaudit.activity;

import io.kvaudit.model.Principal;
import io.kvaudit.model.Severity;

import java.util.Map;

/**
 * What a detector found: on a vault (or one object in it, or a role assignment), by a principal (null when the
 * finding is about the vault itself), with a message and the evidence an analyst acts on. {@code severity} overrides
 * the detector's when set (a purge is high where a backup is medium).
 */
public record Finding(String resourceId, String resourceType, Principal principal, Severity severity, String message,
                      Map<String, Object> evidence) {}
