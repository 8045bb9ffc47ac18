package io.kvaudit.model;

import java.time.Instant;

/**
 * One Key Vault audit event in kvaudit's canonical form, whichever Log Analytics table it came from
 * (docs/activity.md). Ids, names and operations as logged, except {@code vaultId}, caller ids, UPN and object name,
 * which are lower-cased (Azure compares them case-insensitively, and AzureDiagnostics upper-cases resource ids).
 * {@code httpStatus} is 0 when the row carried none; absent text fields are null.
 *
 * @param objectKind "secrets", "keys" or "certificates" when the request named an object, else null
 */
public record AuditEvent(Instant time, String vaultId, String operation, int httpStatus, String resultType,
                         String callerObjectId, String callerUpn, String callerAppId, String callerIp,
                         String objectKind, String objectName, String tlsVersion, String clientInfo,
                         String addressAuthorizationType) {

    public boolean succeeded() { return httpStatus >= 200 && httpStatus < 300; }

    public boolean denied() { return httpStatus == 401 || httpStatus == 403; }
}
