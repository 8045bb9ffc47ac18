package io.kvaudit.waiver;

import java.time.LocalDate;

/**
 * One exception (waiver): a rule and either an exact resource id or a scope (a subscription or vault id: everything
 * below it), with the reason, the owner who accepted the risk and the date it lapses. {@code where} is "file:line".
 */
public record ExceptionEntry(String rule, String resource, String scope, String reason, String owner, LocalDate expires,
                             String where) {

    public boolean matches(String ruleId, String resourceId) {
        if (!rule.equals(ruleId)) return false;
        if (resource != null) return resource.equals(resourceId);
        return resourceId.equals(scope) || resourceId.startsWith(scope + "/");
    }

    /** An exception lapses at the end of its expiry day (UTC). */
    public boolean expiredOn(LocalDate day) { return expires.isBefore(day); }

    public String target() { return resource != null ? resource : scope + "/*"; }
}
