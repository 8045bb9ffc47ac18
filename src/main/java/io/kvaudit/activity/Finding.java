package io.kvaudit.activity;

import io.kvaudit.model.Principal;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;

import java.util.Map;

/**
 * What a detector found: on a vault (or one object in it, or a role assignment), by a principal (null when the
 * finding is about the vault itself), with a message and the evidence an analyst acts on. {@code severity} overrides
 * the detector's when set (a purge is high where a backup is medium). {@code status} is FAIL for a finding, or ERROR
 * when the detector could not judge what it names (the inventory it joins was not collected, or the logs cannot say
 * who is entitled): such a result is reported as not assessed, never as a failure or a pass.
 */
public record Finding(String resourceId, String resourceType, Principal principal, Severity severity, String message,
                      Map<String, Object> evidence, Status status) {

    public Finding {
        if (status != Status.FAIL && status != Status.ERROR)
            throw new IllegalArgumentException("a detector's finding is FAIL or ERROR, not " + status);
    }

    /** A failing finding. */
    public Finding(String resourceId, String resourceType, Principal principal, Severity severity, String message,
                   Map<String, Object> evidence) {
        this(resourceId, resourceType, principal, severity, message, evidence, Status.FAIL);
    }

    /** What the detector could not judge, and why: an ERROR result ("not assessed: ..."). */
    public static Finding notAssessed(String resourceId, String resourceType, Principal principal, String message,
                                      Map<String, Object> evidence) {
        return new Finding(resourceId, resourceType, principal, null, message, evidence, Status.ERROR);
    }
}
