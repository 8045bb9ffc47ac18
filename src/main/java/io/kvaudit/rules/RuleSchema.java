package io.kvaudit.rules;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import io.kvaudit.model.ResourceKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed variables rule conditions see, declared as CEL struct types so a misspelt field or a type error is
 * caught when the rule set loads. {@link Bindings} builds the matching runtime values; docs/rule-authoring.md lists
 * every field. An absent field (Azure did not say, or the input was not collected) makes an expression that reads it
 * fail, which the evaluator reports as ERROR with the reason; use {@code has(x.field)} where absence is meaningful.
 */
public final class RuleSchema {

    private static final CelType STR = SimpleType.STRING, BOOL = SimpleType.BOOL, INT = SimpleType.INT,
            TS = SimpleType.TIMESTAMP;
    private static final CelType STRINGS = ListType.create(STR);
    private static final CelType TAGS = MapType.create(STR, STR);

    public static final StructType NETWORK_ACLS = struct("kvaudit.NetworkAcls",
            "defaultAction", STR, "bypass", STR, "ipRules", STRINGS, "virtualNetworkRules", STRINGS);
    public static final StructType ACCESS_POLICY = struct("kvaudit.AccessPolicy",
            "tenantId", STR, "objectId", STR, "applicationId", STR,
            "keys", STRINGS, "secrets", STRINGS, "certificates", STRINGS, "storage", STRINGS);
    public static final StructType PRIVATE_ENDPOINT_CONNECTION = struct("kvaudit.PrivateEndpointConnection",
            "id", STR, "privateEndpointId", STR, "status", STR, "provisioningState", STR);
    public static final StructType LOG_SETTING = struct("kvaudit.LogSetting",
            "category", STR, "categoryGroup", STR, "enabled", BOOL);
    public static final StructType DIAGNOSTIC_SETTING = struct("kvaudit.DiagnosticSetting",
            "id", STR, "name", STR, "workspaceId", STR, "storageAccountId", STR, "eventHubAuthorizationRuleId", STR,
            "logAnalyticsDestinationType", STR, "logs", ListType.create(LOG_SETTING));
    public static final StructType VAULT = struct("kvaudit.Vault",
            "id", STR, "name", STR, "subscriptionId", STR, "resourceGroup", STR, "location", STR, "tenantId", STR,
            "vaultUri", STR, "sku", STR,
            "enableSoftDelete", BOOL, "softDeleteRetentionInDays", INT, "enablePurgeProtection", BOOL,
            "enableRbacAuthorization", BOOL, "enabledForDeployment", BOOL, "enabledForDiskEncryption", BOOL,
            "enabledForTemplateDeployment", BOOL, "publicNetworkAccess", STR, "networkAcls", NETWORK_ACLS,
            "accessPolicies", ListType.create(ACCESS_POLICY),
            "privateEndpointConnections", ListType.create(PRIVATE_ENDPOINT_CONNECTION), "tags", TAGS,
            "diagnosticSettings", ListType.create(DIAGNOSTIC_SETTING), "secretValueReaders", STRINGS);
    public static final StructType LIFETIME_ACTION = struct("kvaudit.LifetimeAction",
            "action", STR, "timeAfterCreateDays", INT, "timeBeforeExpiryDays", INT, "daysBeforeExpiry", INT,
            "lifetimePercentage", INT);
    public static final StructType KEY_ROTATION_POLICY = struct("kvaudit.KeyRotationPolicy",
            "lifetimeActions", ListType.create(LIFETIME_ACTION), "expiryTimeDays", INT);
    public static final StructType CERTIFICATE_POLICY = struct("kvaudit.CertificatePolicy",
            "issuerName", STR, "validityInMonths", INT, "subject", STR, "keyType", STR, "keySize", INT, "curve", STR,
            "exportable", BOOL, "reuseKey", BOOL, "lifetimeActions", ListType.create(LIFETIME_ACTION));
    public static final StructType SECRET = struct("kvaudit.Secret", objectFields(
            "contentType", STR, "managed", BOOL));
    public static final StructType KEY = struct("kvaudit.Key", objectFields(
            "kty", STR, "keySize", INT, "curve", STR, "keyOps", STRINGS, "managed", BOOL,
            "rotationPolicy", KEY_ROTATION_POLICY));
    public static final StructType CERTIFICATE = struct("kvaudit.Certificate", objectFields(
            "x5t", STR, "subject", STR, "policy", CERTIFICATE_POLICY));
    public static final StructType ROLE_DEFINITION = struct("kvaudit.RoleDefinition",
            "id", STR, "name", STR, "roleName", STR, "roleType", STR, "custom", BOOL,
            "actions", STRINGS, "notActions", STRINGS, "dataActions", STRINGS, "notDataActions", STRINGS);
    public static final StructType VAULT_REF = struct("kvaudit.VaultRef",
            "id", STR, "name", STR, "subscriptionId", STR, "rbac", BOOL);
    public static final StructType ROLE_ASSIGNMENT = struct("kvaudit.RoleAssignment",
            "id", STR, "name", STR, "scope", STR, "scopeLevel", STR, "principalId", STR, "principalType", STR,
            "roleDefinitionId", STR, "createdOn", TS, "role", ROLE_DEFINITION,
            "coveredVaults", ListType.create(VAULT_REF));
    public static final StructType DEFENDER_PLAN = struct("kvaudit.DefenderPlan",
            "name", STR, "pricingTier", STR, "subPlan", STR);
    public static final StructType SUBSCRIPTION = struct("kvaudit.Subscription",
            "id", STR, "subscriptionId", STR, "displayName", STR, "state", STR, "defenderForKeyVault", DEFENDER_PLAN);

    public static final List<StructType> TYPES = List.of(NETWORK_ACLS, ACCESS_POLICY, PRIVATE_ENDPOINT_CONNECTION,
            LOG_SETTING, DIAGNOSTIC_SETTING, VAULT, LIFETIME_ACTION, KEY_ROTATION_POLICY, CERTIFICATE_POLICY, SECRET,
            KEY, CERTIFICATE, ROLE_DEFINITION, VAULT_REF, ROLE_ASSIGNMENT, DEFENDER_PLAN, SUBSCRIPTION);

    private RuleSchema() {}

    /** The variables (besides {@code now} and {@code params}) a rule over this kind of resource sees. */
    public static Map<String, CelType> variables(ResourceKind kind) {
        Map<String, CelType> vars = new LinkedHashMap<>();
        switch (kind) {
            case VAULT -> vars.put("vault", VAULT);
            case SECRET -> { vars.put("secret", SECRET); vars.put("vault", VAULT); }
            case KEY -> { vars.put("key", KEY); vars.put("vault", VAULT); }
            case CERTIFICATE -> { vars.put("certificate", CERTIFICATE); vars.put("vault", VAULT); }
            case ROLE_ASSIGNMENT -> vars.put("assignment", ROLE_ASSIGNMENT);
            case SUBSCRIPTION -> vars.put("subscription", SUBSCRIPTION);
        }
        return vars;
    }

    /** The variable that names the evaluated resource itself. */
    public static String subjectVariable(ResourceKind kind) {
        return variables(kind).keySet().iterator().next();
    }

    public static CelTypeProvider typeProvider(List<StructType> extra) {
        List<CelType> all = new java.util.ArrayList<>(TYPES);
        all.addAll(extra);
        return new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() { return ImmutableList.copyOf(all); }

            @Override
            public Optional<CelType> findType(String name) {
                return all.stream().filter(t -> t.name().equals(name)).findFirst();
            }
        };
    }

    private static Object[] objectFields(Object... extra) {
        Object[] common = {"id", STR, "name", STR, "vaultName", STR, "enabled", BOOL, "created", TS, "updated", TS,
                "expires", TS, "notBefore", TS, "recoveryLevel", STR, "tags", TAGS};
        Object[] all = new Object[common.length + extra.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(extra, 0, all, common.length, extra.length);
        return all;
    }

    /** A struct type from name/type pairs. */
    public static StructType struct(String name, Object... fieldsAndTypes) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndTypes.length; i += 2) fields.put((String) fieldsAndTypes[i], (CelType) fieldsAndTypes[i + 1]);
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
    }
}
