package io.kvaudit.source.snapshot;

/** Where each body lives inside a snapshot directory (docs/snapshot-format.md); shared by the reader and the writer. */
public final class SnapshotLayout {

    public static final String HEADER = "snapshot.json";
    public static final String SUBSCRIPTIONS = "subscriptions.json";
    public static final String DIAGNOSTIC_SETTINGS = "diagnosticSettings.json";
    public static final String SECRETS = "secrets.json";
    public static final String KEYS = "keys.json";
    public static final String CERTIFICATES = "certificates.json";
    public static final String LOGS = "logs";
    public static final String WORKSPACES = LOGS + "/workspaces.json";
    /** What an export asked Log Analytics: each answer file with its workspace, query and window. */
    public static final String QUERIES = LOGS + "/queries.json";

    private SnapshotLayout() {}

    public static String subscriptionDir(String subscriptionId) { return "subscriptions/" + subscriptionId; }

    public static String vaults(String subscriptionId) { return subscriptionDir(subscriptionId) + "/vaults.json"; }

    public static String roleAssignments(String subscriptionId) { return subscriptionDir(subscriptionId) + "/roleAssignments.json"; }

    public static String roleDefinitions(String subscriptionId) { return subscriptionDir(subscriptionId) + "/roleDefinitions.json"; }

    public static String defenderPricings(String subscriptionId) { return subscriptionDir(subscriptionId) + "/defenderPricings.json"; }

    public static String vaultDir(String vaultName) { return "vaults/" + vaultName; }

    /** Relative to the vault's folder. */
    public static String keyRotationPolicy(String keyName) { return "keys/" + keyName + "/rotationpolicy.json"; }

    /** Relative to the vault's folder. */
    public static String certificatePolicy(String certificateName) { return "certificates/" + certificateName + "/policy.json"; }
}
