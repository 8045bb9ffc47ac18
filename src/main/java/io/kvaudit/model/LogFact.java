package io.kvaudit.model;

import java.time.Instant;

/**
 * Audit events folded by what detectors ask about: {@code count} events of one operation by one caller from one IP on
 * one object of one vault, with one HTTP status and TLS version, in one time bucket (an hour in the detection window,
 * a day before it, both aligned to the window's start). A snapshot's raw rows and Log Analytics' server-side
 * aggregation give the same facts, so detectors never see a table's columns. {@code firstSeen} and {@code lastSeen}
 * are the first and last event of the bucket. {@code addressAuthorizationType} is how the vault's network rules admitted
 * the call as logged (PublicIP, Subnet, TrustedService...), null when the row did not say.
 */
public record LogFact(Instant bucket, String vaultId, Principal caller, String callerIp, String operation,
                      String objectKind, String objectName, int httpStatus, String tlsVersion, String addressAuthorizationType,
                      long count, Instant firstSeen, Instant lastSeen) {

    /** A fact whose rows did not say how their address was authorized. */
    public LogFact(Instant bucket, String vaultId, Principal caller, String callerIp, String operation, String objectKind,
                   String objectName, int httpStatus, String tlsVersion, long count, Instant firstSeen, Instant lastSeen) {
        this(bucket, vaultId, caller, callerIp, operation, objectKind, objectName, httpStatus, tlsVersion, null, count,
                firstSeen, lastSeen);
    }

    public boolean succeeded() { return httpStatus >= 200 && httpStatus < 300; }

    public boolean denied() { return httpStatus == 401 || httpStatus == 403; }

    /** The object the call named, as a results resource id ({vaultId}/secrets/{name}), or null. */
    public String objectId() { return objectKind == null || objectName == null ? null : vaultId + "/" + objectKind + "/" + objectName; }
}
