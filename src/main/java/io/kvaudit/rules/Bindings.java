package io.kvaudit.rules;

import io.kvaudit.model.AccessPolicy;
import io.kvaudit.model.Certificate;
import io.kvaudit.model.CertificatePolicy;
import io.kvaudit.model.Collected;
import io.kvaudit.model.DefenderPlan;
import io.kvaudit.model.DiagnosticSetting;
import io.kvaudit.model.Key;
import io.kvaudit.model.KeyRotationPolicy;
import io.kvaudit.model.LifetimeAction;
import io.kvaudit.model.LogSetting;
import io.kvaudit.model.ObjectAttributes;
import io.kvaudit.model.PrivateEndpointConnection;
import io.kvaudit.model.RoleDefinition;
import io.kvaudit.model.Secret;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the runtime values of the CEL variables declared in {@link RuleSchema}: one map per struct, with a key only
 * for what Azure gave (so reading an absent field fails and becomes ERROR), and a note of why each collected input
 * is missing, so the ERROR says "secrets could not be read: Forbidden" rather than "no such key".
 */
public final class Bindings {

    /** A bound value and, per field name that is absent because its input is missing, the reason. */
    public record Bound(Map<String, Object> value, Map<String, String> missing) {}

    private Bindings() {}

    public static Bound vault(VaultInventory vi, Collected<List<String>> secretValueReaders) {
        Vault v = vi.vault();
        Fields f = new Fields();
        f.put("id", v.id()).put("name", v.name()).put("subscriptionId", v.subscriptionId())
                .put("resourceGroup", v.resourceGroup()).put("location", v.location()).put("tenantId", v.tenantId())
                .put("vaultUri", v.vaultUri()).put("sku", v.skuName())
                .put("enableSoftDelete", v.enableSoftDelete()).put("softDeleteRetentionInDays", longOf(v.softDeleteRetentionInDays()))
                .put("enablePurgeProtection", v.enablePurgeProtection())
                .put("enableRbacAuthorization", v.enableRbacAuthorization())
                .put("enabledForDeployment", v.enabledForDeployment())
                .put("enabledForDiskEncryption", v.enabledForDiskEncryption())
                .put("enabledForTemplateDeployment", v.enabledForTemplateDeployment())
                .put("publicNetworkAccess", v.publicNetworkAccess())
                .put("accessPolicies", v.accessPolicies().stream().map(Bindings::accessPolicy).toList())
                .put("privateEndpointConnections", v.privateEndpointConnections().stream().map(Bindings::privateEndpoint).toList())
                .put("tags", v.tags());
        if (v.networkAcls() != null) {
            f.put("networkAcls", new Fields().put("defaultAction", v.networkAcls().defaultAction())
                    .put("bypass", v.networkAcls().bypass()).put("ipRules", v.networkAcls().ipRules())
                    .put("virtualNetworkRules", v.networkAcls().virtualNetworkRules()).map);
        }
        f.collected("diagnosticSettings", vi.diagnosticSettings(), l -> l.stream().map(Bindings::diagnosticSetting).toList());
        f.collected("secretValueReaders", secretValueReaders, l -> l);
        return f.bound();
    }

    public static Bound secret(Secret s) {
        Fields f = objectFields(s.id(), s.name(), s.vaultId(), s.attributes(), s.tags());
        f.put("contentType", s.contentType()).put("managed", s.managed());
        return f.bound();
    }

    public static Bound key(Key k) {
        Fields f = objectFields(k.id(), k.name(), k.vaultId(), k.attributes(), k.tags());
        f.put("kty", k.kty()).put("keySize", longOf(k.keySize())).put("curve", k.curve()).put("keyOps", k.keyOps())
                .put("managed", k.managed());
        f.collected("rotationPolicy", k.rotationPolicy(), Bindings::rotationPolicy);
        return f.bound();
    }

    public static Bound certificate(Certificate c) {
        Fields f = objectFields(c.id(), c.name(), c.vaultId(), c.attributes(), c.tags());
        f.put("x5t", c.x5t()).put("subject", c.subject());
        f.collected("policy", c.policy(), Bindings::certificatePolicy);
        return f.bound();
    }

    public static Bound assignment(AccessAnalysis.EffectiveAssignment ea) {
        var ra = ea.assignment();
        Fields f = new Fields();
        f.put("id", ra.id()).put("name", ra.name()).put("scope", ra.scope()).put("scopeLevel", ea.scopeLevel())
                .put("principalId", ra.principalId()).put("principalType", ra.principalType())
                .put("roleDefinitionId", ra.roleDefinitionId()).put("createdOn", ra.createdOn())
                .put("coveredVaults", ea.coveredVaults().stream().map(v -> new Fields().put("id", v.id())
                        .put("name", v.name()).put("subscriptionId", v.subscriptionId()).put("rbac", v.usesRbac()).map).toList());
        if (ea.role() != null) f.put("role", role(ea.role()));
        else f.missing.put("role", ea.roleMissingReason());
        return f.bound();
    }

    public static Bound subscription(Subscription s, Collected<List<DefenderPlan>> plans) {
        Fields f = new Fields();
        f.put("id", s.id()).put("subscriptionId", s.subscriptionId()).put("displayName", s.displayName()).put("state", s.state());
        if (plans.isPresent()) {
            plans.orNull().stream().filter(p -> "KeyVaults".equalsIgnoreCase(p.name())).findFirst().ifPresentOrElse(
                    p -> f.put("defenderForKeyVault", new Fields().put("name", p.name()).put("pricingTier", p.pricingTier())
                            .put("subPlan", p.subPlan()).map),
                    () -> f.missing.put("defenderForKeyVault", "the Defender pricings hold no KeyVaults plan"));
        } else {
            f.missing.put("defenderForKeyVault", plans.reason());
        }
        return f.bound();
    }

    static Map<String, Object> role(RoleDefinition r) {
        return new Fields().put("id", r.id()).put("name", r.name()).put("roleName", r.roleName()).put("roleType", r.roleType())
                .put("custom", r.isCustom()).put("actions", r.actions()).put("notActions", r.notActions())
                .put("dataActions", r.dataActions()).put("notDataActions", r.notDataActions()).map;
    }

    private static Fields objectFields(String id, String name, String vaultId, ObjectAttributes a, Map<String, String> tags) {
        Fields f = new Fields();
        f.put("id", id).put("name", name).put("vaultName", vaultId.substring(vaultId.lastIndexOf('/') + 1))
                .put("enabled", a.enabled()).put("created", a.created()).put("updated", a.updated())
                .put("expires", a.expires()).put("notBefore", a.notBefore()).put("recoveryLevel", a.recoveryLevel())
                .put("tags", tags);
        return f;
    }

    private static Map<String, Object> accessPolicy(AccessPolicy p) {
        return new Fields().put("tenantId", p.tenantId()).put("objectId", p.objectId()).put("applicationId", p.applicationId())
                .put("keys", p.keys()).put("secrets", p.secrets()).put("certificates", p.certificates())
                .put("storage", p.storage()).map;
    }

    private static Map<String, Object> privateEndpoint(PrivateEndpointConnection c) {
        return new Fields().put("id", c.id()).put("privateEndpointId", c.privateEndpointId()).put("status", c.status())
                .put("provisioningState", c.provisioningState()).map;
    }

    private static Map<String, Object> diagnosticSetting(DiagnosticSetting d) {
        return new Fields().put("id", d.id()).put("name", d.name()).put("workspaceId", d.workspaceId())
                .put("storageAccountId", d.storageAccountId()).put("eventHubAuthorizationRuleId", d.eventHubAuthorizationRuleId())
                .put("logAnalyticsDestinationType", d.logAnalyticsDestinationType())
                .put("logs", d.logs().stream().map(Bindings::logSetting).toList()).map;
    }

    private static Map<String, Object> logSetting(LogSetting l) {
        return new Fields().put("category", l.category()).put("categoryGroup", l.categoryGroup()).put("enabled", l.enabled()).map;
    }

    private static Map<String, Object> rotationPolicy(KeyRotationPolicy p) {
        return new Fields().put("lifetimeActions", p.lifetimeActions().stream().map(Bindings::lifetimeAction).toList())
                .put("expiryTimeDays", longOf(p.expiryTimeDays())).map;
    }

    private static Map<String, Object> certificatePolicy(CertificatePolicy p) {
        return new Fields().put("issuerName", p.issuerName()).put("validityInMonths", longOf(p.validityInMonths()))
                .put("subject", p.subject()).put("keyType", p.keyType()).put("keySize", longOf(p.keySize()))
                .put("curve", p.curve()).put("exportable", p.exportable()).put("reuseKey", p.reuseKey())
                .put("lifetimeActions", p.lifetimeActions().stream().map(Bindings::lifetimeAction).toList()).map;
    }

    private static Map<String, Object> lifetimeAction(LifetimeAction a) {
        return new Fields().put("action", a.action()).put("timeAfterCreateDays", longOf(a.timeAfterCreateDays()))
                .put("timeBeforeExpiryDays", longOf(a.timeBeforeExpiryDays()))
                .put("daysBeforeExpiry", longOf(a.daysBeforeExpiry()))
                .put("lifetimePercentage", longOf(a.lifetimePercentage())).map;
    }

    /** CEL ints are Java longs. */
    private static Long longOf(Integer i) { return i == null ? null : i.longValue(); }

    /** A struct under construction: null values are left out, so they read as absent. */
    private static final class Fields {
        final Map<String, Object> map = new HashMap<>();
        final Map<String, String> missing = new HashMap<>();

        Fields put(String k, Object v) {
            if (v != null) map.put(k, v);
            return this;
        }

        <T> void collected(String k, Collected<T> c, Function<T, Object> f) {
            if (c.isPresent()) map.put(k, f.apply(c.orNull()));
            else missing.put(k, c.reason());
        }

        Bound bound() { return new Bound(map, missing); }
    }
}
