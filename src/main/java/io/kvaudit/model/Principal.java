package io.kvaudit.model;

/**
 * Who made a call, as the audit log names them: the Entra object id when the token carried one, plus the user's UPN
 * or the application's id when it did. {@code key()} is what facts, results and fingerprints group by.
 */
public record Principal(String objectId, String upn, String appId) {

    public static final Principal ANONYMOUS = new Principal(null, null, null);

    /** The object id, else the app id, else the UPN; "anonymous" for a call without a token (Key Vault's challenge). */
    public String key() {
        if (objectId != null) return objectId;
        if (appId != null) return "app:" + appId;
        if (upn != null) return "upn:" + upn;
        return "anonymous";
    }

    public boolean isAnonymous() { return objectId == null && upn == null && appId == null; }

    /** A user signs in with a UPN; a workload identity (service principal, managed identity) carries none. */
    public boolean isUser() { return upn != null; }

    /** How a report names the principal: the UPN or app id beside the object id. */
    public String display() {
        if (isAnonymous()) return "anonymous (no token)";
        StringBuilder s = new StringBuilder(objectId != null ? objectId : "");
        String extra = upn != null ? upn : appId != null ? "app " + appId : null;
        if (extra != null) s.append(s.isEmpty() ? extra : " (" + extra + ")");
        return s.toString();
    }
}
