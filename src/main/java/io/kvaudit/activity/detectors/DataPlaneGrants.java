package io.kvaudit.activity.detectors;

import io.kvaudit.model.AccessPolicy;
import io.kvaudit.model.RoleDefinition;
import io.kvaudit.rules.Permissions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a Key Vault data-plane operation, as the audit log names it, needs from a grant: an RBAC data action or an
 * access-policy permission (Microsoft's access-policy to RBAC mapping). Where the service accepts either of two, both
 * are listed: encrypting, wrapping and verifying with an asymmetric key need only read access, since they use the
 * public half. Operations not listed (deleted-object listings, certificate issuers, contacts, policies, pending
 * requests, the service's own scheduled rotation) are not judged.
 */
final class DataPlaneGrants {

    /** The permission names of one object kind an operation needs (any one suffices), and the data actions. */
    record Need(String kind, List<String> permissions, List<String> dataActions) {

        /** How a report names what is needed: the data actions on RBAC vaults, the permissions otherwise. */
        String describe(boolean rbac) {
            return rbac ? String.join(" or ", dataActions) : kind + ": " + String.join(" or ", permissions);
        }
    }

    private static final String VAULTS = "Microsoft.KeyVault/vaults/";
    private static final Map<String, Need> BY_OPERATION = new LinkedHashMap<>();

    static {
        secrets("get", "secrets/getSecret/action", "SecretGet");
        secrets("list", "secrets/readMetadata/action", "SecretList", "SecretListVersions");
        secrets("set", "secrets/setSecret/action", "SecretSet");
        secrets("set", "secrets/update/action", "SecretUpdate");
        secrets("delete", "secrets/delete", "SecretDelete");
        secrets("backup", "secrets/backup/action", "SecretBackup");
        secrets("restore", "secrets/restore/action", "SecretRestore");
        secrets("recover", "secrets/recover/action", "SecretRecover");
        secrets("purge", "secrets/purge/action", "SecretPurge");
        keys(List.of("get"), List.of("keys/read"), "KeyGet");
        keys(List.of("list"), List.of("keys/read"), "KeyList", "KeyListVersions");
        keys(List.of("create"), List.of("keys/create/action"), "KeyCreate");
        keys(List.of("import"), List.of("keys/import/action"), "KeyImport");
        keys(List.of("update"), List.of("keys/update/action"), "KeyUpdate");
        keys(List.of("delete"), List.of("keys/delete"), "KeyDelete");
        keys(List.of("backup"), List.of("keys/backup/action"), "KeyBackup");
        keys(List.of("restore"), List.of("keys/restore/action"), "KeyRestore");
        keys(List.of("recover"), List.of("keys/recover/action"), "KeyRecover");
        keys(List.of("purge"), List.of("keys/purge/action"), "KeyPurge");
        keys(List.of("sign"), List.of("keys/sign/action"), "KeySign");
        keys(List.of("decrypt"), List.of("keys/decrypt/action"), "KeyDecrypt");
        keys(List.of("unwrapkey"), List.of("keys/unwrap/action"), "KeyUnwrap");
        keys(List.of("release"), List.of("keys/release/action"), "KeyRelease");
        keys(List.of("rotate"), List.of("keys/rotate/action"), "KeyRotate");
        keys(List.of("encrypt", "get"), List.of("keys/encrypt/action", "keys/read"), "KeyEncrypt");
        keys(List.of("wrapkey", "get"), List.of("keys/wrap/action", "keys/read"), "KeyWrap");
        keys(List.of("verify", "get"), List.of("keys/verify/action", "keys/read"), "KeyVerify");
        keys(List.of("getrotationpolicy"), List.of("keyrotationpolicies/read"), "KeyRotationPolicyGet");
        keys(List.of("setrotationpolicy"), List.of("keyrotationpolicies/write"), "KeyRotationPolicySet");
        certificates("get", "certificates/read", "CertificateGet");
        certificates("list", "certificates/read", "CertificateList", "CertificateListVersions");
        certificates("create", "certificates/create/action", "CertificateCreate");
        certificates("import", "certificates/import/action", "CertificateImport");
        certificates("update", "certificates/update/action", "CertificateUpdate");
        certificates("delete", "certificates/delete", "CertificateDelete");
        certificates("backup", "certificates/backup/action", "CertificateBackup");
        certificates("restore", "certificates/restore/action", "CertificateRestore");
        certificates("recover", "certificates/recover/action", "CertificateRecover");
        certificates("purge", "certificates/purge/action", "CertificatePurge");
    }

    /** Every vault data action of the mapping, plus the ones no logged operation above needs (issuers, contacts, storage). */
    static final List<String> KEY_VAULT_DATA_ACTIONS;

    static {
        Set<String> all = new LinkedHashSet<>();
        BY_OPERATION.values().forEach(n -> all.addAll(n.dataActions()));
        for (String a : List.of("certificatecas/read", "certificatecas/write", "certificatecas/delete",
                "certificatecontacts/write", "storageaccounts/read", "storageaccounts/set/action", "storageaccounts/delete",
                "storageaccounts/sas/read", "storageaccounts/sas/set/action", "storageaccounts/regeneratekey/action"))
            all.add(VAULTS + a);
        KEY_VAULT_DATA_ACTIONS = List.copyOf(all);
    }

    private DataPlaneGrants() {}

    /** What the operation needs, or null when it is not judged. */
    static Need of(String operation) { return operation == null ? null : BY_OPERATION.get(operation); }

    static boolean roleGrants(RoleDefinition role, Need need) {
        return need.dataActions().stream().anyMatch(a -> Permissions.allows(role.dataActions(), role.notDataActions(), a));
    }

    /** The policy's permissions for the kind include one the operation accepts, or "all". */
    static boolean policyGrants(AccessPolicy policy, Need need) {
        List<String> held = permissions(policy, need.kind());
        return held.contains("all") || need.permissions().stream().anyMatch(held::contains);
    }

    static List<String> permissions(AccessPolicy policy, String kind) {
        List<String> held = switch (kind) {
            case "secrets" -> policy.secrets();
            case "keys" -> policy.keys();
            default -> policy.certificates();
        };
        return held == null ? List.of() : held;
    }

    /** A role granting at least one vault data action, once its notDataActions are taken away. */
    static boolean isDataPlaneRole(RoleDefinition role) {
        return KEY_VAULT_DATA_ACTIONS.stream().anyMatch(a -> Permissions.allows(role.dataActions(), role.notDataActions(), a));
    }

    /** Groups (and groups of another tenant) grant their members: who they are is in the directory, which is not read. */
    static boolean isGroup(String principalType) {
        return principalType != null && (principalType.equalsIgnoreCase("Group") || principalType.equalsIgnoreCase("ForeignGroup"));
    }

    private static void secrets(String permission, String action, String... operations) {
        put("secrets", List.of(permission), List.of(action), operations);
    }

    private static void keys(List<String> permissions, List<String> actions, String... operations) {
        put("keys", permissions, actions, operations);
    }

    private static void certificates(String permission, String action, String... operations) {
        put("certificates", List.of(permission), List.of(action), operations);
    }

    private static void put(String kind, List<String> permissions, List<String> actions, String... operations) {
        List<String> full = new ArrayList<>();
        for (String a : actions) full.add(VAULTS + a);
        for (String op : operations)
            BY_OPERATION.put(op, new Need(kind, permissions.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList(), List.copyOf(full)));
    }
}
