package io.kvaudit.model;

import java.util.List;
import java.util.Map;

/**
 * One rule applied to one resource. {@code resourceId} is the lower-cased ARM id (objects extend their vault's id);
 * {@code fingerprint} is sha256(ruleId + resourceId), stable across runs (a PASS fresh from the evaluator has none yet:
 * the run store derives it when the result is read back). {@code exception} is set when MUTED.
 */
public record Result(String ruleId, Status status, Severity severity, String resourceId, String resourceType,
                     String subscriptionId, String vaultName, String message, Map<String, Object> evidence,
                     List<String> controls, String fingerprint, AppliedException exception) {

    public Result withStatus(Status newStatus, AppliedException applied) {
        return new Result(ruleId, newStatus, severity, resourceId, resourceType, subscriptionId, vaultName, message,
                evidence, controls, fingerprint, applied);
    }
}
