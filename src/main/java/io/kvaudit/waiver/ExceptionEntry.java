package io.kvaudit.waiver;

import io.kvaudit.model.Result;

import java.time.LocalDate;

/**
 * One exception (waiver): a rule and either an exact resource id or a scope (a subscription or vault id: everything
 * below it), with the reason, the owner who accepted the risk and the date it lapses. {@code where} is "file:line".
 * For an activity detector, {@code principal} (an object id, app id or UPN, lower-cased) limits it to that caller's
 * findings; null matches every principal.
 */
public record ExceptionEntry(String rule, String resource, String scope, String principal, String reason, String owner,
                             LocalDate expires, String where) {

    public ExceptionEntry(String rule, String resource, String scope, String reason, String owner, LocalDate expires, String where) {
        this(rule, resource, scope, null, reason, owner, expires, where);
    }

    /** True when this entry covers the result: its rule, its resource or scope, and its principal when it names one. */
    public boolean matches(Result r) {
        if (!rule.equals(r.ruleId())) return false;
        if (principal != null && !principalIds(r).contains(principal)) return false;
        String resourceId = r.resourceId();
        if (resource != null) return resource.equals(resourceId);
        return resourceId.equals(scope) || resourceId.startsWith(scope + "/");
    }

    /** The object id, app id and UPN an activity result names in {@code evidence.principal}, lower-cased. */
    static java.util.Set<String> principalIds(Result r) {
        if (!(r.evidence().get("principal") instanceof java.util.Map<?, ?> p)) return java.util.Set.of();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String k : java.util.List.of("objectId", "appId", "upn"))
            if (p.get(k) != null) ids.add(p.get(k).toString().toLowerCase(java.util.Locale.ROOT));
        return ids;
    }

    /** An exception lapses at the end of its expiry day (UTC). */
    public boolean expiredOn(LocalDate day) { return expires.isBefore(day); }

    public String target() { return (resource != null ? resource : scope + "/*") + (principal == null ? "" : " by " + principal); }
}
