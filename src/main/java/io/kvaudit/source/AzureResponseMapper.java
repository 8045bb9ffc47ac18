package io.kvaudit.source;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;

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
import io.kvaudit.model.NetworkAcls;
import io.kvaudit.model.ObjectAttributes;
import io.kvaudit.model.PrivateEndpointConnection;
import io.kvaudit.model.RoleAssignment;
import io.kvaudit.model.RoleDefinition;
import io.kvaudit.model.Secret;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;

import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;

/**
 * The one place where Azure's REST response bodies become the domain model. Snapshot files and live responses share
 * these shapes, so both sources map through here. Key Vault objects are accepted in the data-plane shape
 * ({@code id} is the object URL, {@code attributes} at the top) and in the resource-manager shape ({@code id} is the
 * ARM id, {@code properties.attributes}).
 */
public final class AzureResponseMapper {

    private AzureResponseMapper() {}

    /**
     * True when the body carries Azure's error ({@code {"error": {"code", "message"}}}), whatever else it holds: a
     * body with an error beside a {@code value} is a read that failed, not a list that happens to be empty.
     */
    /**
     * A workspace's Workspaces_Get body (or an item of Workspaces_List, or the error body its read became) as the
     * activity stage needs it: the customerId the query API wants (a GUID: it goes into the request URL) and the
     * retention. A body that is not a workspace is refused with the reason ({@code readError}), like a failed read.
     */
    public static io.kvaudit.activity.ActivityLog.Workspace workspace(String id, JsonPathNode body) {
        if (body.has("error"))
            return new io.kvaudit.activity.ActivityLog.Workspace(id, null, null, LogResponseReader.errorText(body.get("error").raw()), null);
        JsonPathNode props = body.object("properties");
        String customerId = props.isMissing() ? null : props.raw().path("customerId").asText(null);
        if (!AzureNames.isGuid(customerId))
            return new io.kvaudit.activity.ActivityLog.Workspace(id, null, null, "InvalidName: at " + body.path()
                    + ".properties.customerId: expected the workspace's id (a GUID), found " + JsonPathNode.quoted(customerId), null);
        com.fasterxml.jackson.databind.JsonNode retention = props.raw().path("retentionInDays");
        Integer days = retention.canConvertToInt() && retention.isIntegralNumber() && retention.intValue() > 0 ? retention.intValue() : null;
        return new io.kvaudit.activity.ActivityLog.Workspace(id, customerId.toLowerCase(java.util.Locale.ROOT), days, null, null);
    }

    public static boolean isErrorBody(JsonPathNode body) {
        return body.raw() != null && body.raw().isObject() && body.has("error");
    }

    /**
     * A list body ({@code {"value": [...]}}) mapped item by item; Azure's error as a failed read; a list with a
     * {@code nextLink} as not fully collected, since its later pages were never read (a list is stored whole).
     */
    public static <T> Collected<List<T>> list(JsonPathNode body, String what, Function<JsonPathNode, T> item) {
        body.requireObject();
        if (isErrorBody(body)) return error(body, what);
        List<JsonPathNode> items = body.requiredArray("value");
        String next = body.text("nextLink");
        if (next != null && !next.isBlank())
            return Collected.incomplete(what, "the list has a nextLink, so its later pages were never read");
        List<T> out = new ArrayList<>(items.size());
        for (JsonPathNode n : items) {
            n.requireObject();
            out.add(item.apply(n));
        }
        return Collected.present(out);
    }

    /** A single-object body, or Azure's error as a failed read. */
    public static <T> Collected<T> single(JsonPathNode body, String what, Function<JsonPathNode, T> mapper) {
        body.requireObject();
        if (isErrorBody(body)) return error(body, what);
        return Collected.present(mapper.apply(body));
    }

    public static <T> Collected<T> error(JsonPathNode body, String what) {
        JsonPathNode err = body.object("error");
        String code = err.isMissing() ? null : err.text("code");
        String message = err.isMissing() ? null : err.text("message");
        return Collected.failed(what, code == null ? "Unknown" : code, message);
    }

    /**
     * The first name in a list body that breaks Azure's rule for its kind, if any. The live source asks before any
     * name in the body is used, so that an answer Azure cannot have sent is refused whole; anything else wrong with
     * the body is left for the mapping to report.
     */
    public static Optional<InvalidNameException> invalidName(JsonPathNode body, AzureNames.Kind kind) {
        try {
            if (body.raw() == null || !body.raw().isObject() || isErrorBody(body)) return Optional.empty();
            for (JsonPathNode item : body.array("value")) {
                if (item.raw() == null || !item.raw().isObject()) continue;
                switch (kind) {
                    case SUBSCRIPTION -> subscriptionId(item);
                    case VAULT -> vaultName(item, ArmId.parse(item.requiredText("id"), item.get("id")));
                    default -> objectName(item, kind);
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.of(e);
        } catch (ConfigurationException e) {
            return Optional.empty();
        }
    }

    public static Subscription subscription(JsonPathNode n) {
        String subId = subscriptionId(n);
        String id = n.text("id");
        return new Subscription(lower(id != null ? id : "/subscriptions/" + subId), subId.toLowerCase(Locale.ROOT),
                n.text("displayName"), n.text("state"));
    }

    /** {@code subscriptionId}, else the end of {@code id}; a GUID either way, and {@code id} must end in one too. */
    static String subscriptionId(JsonPathNode n) {
        String subId = n.text("subscriptionId");
        String id = n.text("id");
        if (id != null) AzureNames.checkInId(AzureNames.Kind.SUBSCRIPTION, lastSegment(id), n.get("id"), id);
        if (subId == null && id != null) return lastSegment(id);
        if (subId == null) throw n.get("subscriptionId").wrongShape("a string");
        return AzureNames.check(AzureNames.Kind.SUBSCRIPTION, subId, n.get("subscriptionId"));
    }

    /** {@code name}, else the end of the ARM id; a valid vault name either way, and the id must end in one too. */
    static String vaultName(JsonPathNode n, ArmId arm) {
        String name = n.text("name");
        if (name != null) AzureNames.check(AzureNames.Kind.VAULT, name, n.get("name"));
        AzureNames.checkInId(AzureNames.Kind.VAULT, arm.name(), n.get("id"), n.text("id"));
        return name != null ? name : arm.name();
    }

    public static Vault vault(JsonPathNode n) {
        String id = n.requiredText("id");
        ArmId arm = ArmId.parse(id, n.get("id"));
        String name = vaultName(n, arm);
        JsonPathNode p = n.object("properties");
        if (p.isMissing()) throw p.wrongShape("an object");
        JsonPathNode acl = p.object("networkAcls");
        NetworkAcls networkAcls = acl.isMissing() ? null : new NetworkAcls(acl.text("defaultAction"), acl.text("bypass"),
                acl.array("ipRules").stream().map(r -> r.requireObject().text("value")).toList(),
                acl.array("virtualNetworkRules").stream().map(r -> lower(r.requireObject().text("id"))).toList());
        List<AccessPolicy> policies = p.array("accessPolicies").stream().map(AzureResponseMapper::accessPolicy).toList();
        List<PrivateEndpointConnection> pecs = p.array("privateEndpointConnections").stream()
                .map(AzureResponseMapper::privateEndpointConnection).toList();
        JsonPathNode sku = p.object("sku");
        return new Vault(lower(id), name, arm.subscriptionId(),
                arm.resourceGroup(), n.text("location"), p.text("tenantId"), p.text("vaultUri"),
                sku.isMissing() ? null : sku.text("name"),
                p.bool("enableSoftDelete"), p.integer("softDeleteRetentionInDays"), p.bool("enablePurgeProtection"),
                p.bool("enableRbacAuthorization"), p.bool("enabledForDeployment"), p.bool("enabledForDiskEncryption"),
                p.bool("enabledForTemplateDeployment"), p.text("publicNetworkAccess"), networkAcls, policies, pecs,
                n.stringMap("tags"), p.text("provisioningState"));
    }

    static AccessPolicy accessPolicy(JsonPathNode n) {
        n.requireObject();
        JsonPathNode perms = n.object("permissions");
        return new AccessPolicy(n.text("tenantId"), lower(n.text("objectId")), lower(n.text("applicationId")),
                lowerAll(perms.isMissing() ? List.of() : perms.stringList("keys")),
                lowerAll(perms.isMissing() ? List.of() : perms.stringList("secrets")),
                lowerAll(perms.isMissing() ? List.of() : perms.stringList("certificates")),
                lowerAll(perms.isMissing() ? List.of() : perms.stringList("storage")));
    }

    static PrivateEndpointConnection privateEndpointConnection(JsonPathNode n) {
        n.requireObject();
        JsonPathNode p = n.object("properties");
        if (p.isMissing()) return new PrivateEndpointConnection(lower(n.text("id")), null, null, null);
        JsonPathNode pe = p.object("privateEndpoint");
        JsonPathNode state = p.object("privateLinkServiceConnectionState");
        return new PrivateEndpointConnection(lower(n.text("id")), pe.isMissing() ? null : lower(pe.text("id")),
                state.isMissing() ? null : state.text("status"), p.text("provisioningState"));
    }

    public static DiagnosticSetting diagnosticSetting(JsonPathNode n) {
        JsonPathNode p = n.object("properties");
        if (p.isMissing()) throw p.wrongShape("an object");
        List<LogSetting> logs = p.array("logs").stream().map(l -> {
            l.requireObject();
            return new LogSetting(l.text("category"), l.text("categoryGroup"), Boolean.TRUE.equals(l.bool("enabled")));
        }).toList();
        // Azure reports an unused destination as "" rather than leaving it out: both mean "no destination"
        return new DiagnosticSetting(lower(n.text("id")), n.text("name"), lower(blankToNull(p.text("workspaceId"))),
                lower(blankToNull(p.text("storageAccountId"))), lower(blankToNull(p.text("eventHubAuthorizationRuleId"))),
                p.text("logAnalyticsDestinationType"), logs);
    }

    /**
     * The object's name from either shape: ARM {@code name}, else the name in the id / kid URL. Both, when both are
     * there, must be valid names of the kind: the name becomes a folder of the snapshot and part of a request URL.
     */
    public static String objectName(JsonPathNode n, AzureNames.Kind kind) {
        String name = n.text("name");
        String field = n.text("id") != null ? "id" : n.text("kid") != null ? "kid" : null;
        if (field == null && name == null) throw n.get("id").wrongShape("a string (the object's id)");
        if (field != null) {
            String id = n.text(field);
            AzureNames.checkInId(kind, nameInId(id), n.get(field), id);
            if (name == null) return nameInId(id);
        }
        return AzureNames.check(kind, name, n.get("name"));
    }

    /** The name in an object's id: ARM {@code .../vaults/{v}/secrets/{name}}, data plane {@code /secrets/{name}[/{version}]}. */
    private static String nameInId(String id) {
        int scheme = id.indexOf("://");
        int start = scheme < 0 ? 0 : id.indexOf('/', scheme + 3);
        String[] seg = (start < 0 ? "" : id.substring(start)).split("/");
        for (int i = 0; i < seg.length - 1; i++) {
            if (seg[i].equals("secrets") || seg[i].equals("keys") || seg[i].equals("certificates")) return seg[i + 1];
        }
        return seg.length == 0 ? "" : seg[seg.length - 1];
    }

    private static JsonPathNode attributesOf(JsonPathNode n) {
        if (n.has("properties")) return n.object("properties").object("attributes");
        return n.object("attributes");
    }

    private static JsonPathNode propertiesOrSelf(JsonPathNode n) {
        return n.has("properties") ? n.object("properties") : n;
    }

    public static ObjectAttributes attributes(JsonPathNode a) {
        if (a.isMissing()) return new ObjectAttributes(null, null, null, null, null, null);
        return new ObjectAttributes(a.bool("enabled"), a.epochSeconds("created"), a.epochSeconds("updated"),
                a.epochSeconds("exp"), a.epochSeconds("nbf"), a.text("recoveryLevel"));
    }

    public static Secret secret(JsonPathNode n, Vault vault) {
        String name = objectName(n, AzureNames.Kind.SECRET);
        JsonPathNode p = propertiesOrSelf(n);
        return new Secret(vault.id() + "/secrets/" + name.toLowerCase(Locale.ROOT), name, vault.id(),
                attributes(attributesOf(n)), p.text("contentType"), Boolean.TRUE.equals(n.bool("managed")),
                n.stringMap("tags"));
    }

    public static Key key(JsonPathNode n, Vault vault, Collected<KeyRotationPolicy> rotationPolicy) {
        String name = objectName(n, AzureNames.Kind.KEY);
        JsonPathNode p = propertiesOrSelf(n);
        // data-plane list items carry only kid/attributes; a full key bundle nests kty/key_size/crv under "key"
        JsonPathNode jwk = p.has("key") ? p.object("key") : p;
        String kty = jwk.text("kty");
        Integer size = firstNonNull(jwk.integer("keySize"), jwk.integer("key_size"));
        String curve = firstNonNull(jwk.text("curveName"), jwk.text("crv"));
        List<String> ops = !jwk.get("keyOps").isMissing() ? jwk.stringList("keyOps") : jwk.stringList("key_ops");
        return new Key(vault.id() + "/keys/" + name.toLowerCase(Locale.ROOT), name, vault.id(),
                attributes(attributesOf(n)), kty, size, curve, ops, Boolean.TRUE.equals(n.bool("managed")),
                n.stringMap("tags"), rotationPolicy);
    }

    /**
     * Marks the secrets and keys that back a certificate. The data plane says so ({@code managed: true}); the
     * resource manager's Secrets_List and Keys_List do not. Key Vault creates a certificate's key and secret under
     * the certificate's own name, and those names are reserved for it, so an object named like a certificate of the
     * same vault is certificate-backed. Without a certificate list nothing is inferred.
     */
    public static VaultInventory markCertificateBacked(VaultInventory inv) {
        if (!inv.certificates().isPresent()) return inv;
        Set<String> certNames = inv.certificates().orNull().stream().map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (certNames.isEmpty()) return inv;
        Collected<List<Secret>> secrets = inv.secrets().map(list -> list.stream().map(s ->
                s.managed() || !certNames.contains(s.name().toLowerCase(Locale.ROOT)) ? s
                        : new Secret(s.id(), s.name(), s.vaultId(), s.attributes(), s.contentType(), true, s.tags())).toList());
        Collected<List<Key>> keys = inv.keys().map(list -> list.stream().map(k ->
                k.managed() || !certNames.contains(k.name().toLowerCase(Locale.ROOT)) ? k
                        : new Key(k.id(), k.name(), k.vaultId(), k.attributes(), k.kty(), k.keySize(), k.curve(), k.keyOps(),
                        true, k.tags(), k.rotationPolicy())).toList());
        return new VaultInventory(inv.vault(), inv.diagnosticSettings(), secrets, keys, inv.certificates());
    }

    public static KeyRotationPolicy keyRotationPolicy(JsonPathNode n) {
        List<LifetimeAction> actions = n.array("lifetimeActions").stream().map(a -> {
            a.requireObject();
            JsonPathNode trigger = a.object("trigger");
            JsonPathNode action = a.object("action");
            return new LifetimeAction(action.isMissing() ? null : action.text("type"),
                    trigger.isMissing() ? null : days(trigger, "timeAfterCreate"),
                    trigger.isMissing() ? null : days(trigger, "timeBeforeExpiry"), null, null);
        }).toList();
        JsonPathNode attrs = n.object("attributes");
        return new KeyRotationPolicy(actions, attrs.isMissing() ? null : days(attrs, "expiryTime"));
    }

    public static Certificate certificate(JsonPathNode n, Vault vault, Collected<CertificatePolicy> policy) {
        String name = objectName(n, AzureNames.Kind.CERTIFICATE);
        return new Certificate(vault.id() + "/certificates/" + name.toLowerCase(Locale.ROOT), name, vault.id(),
                attributes(attributesOf(n)), n.text("x5t"), n.text("subject"), n.stringMap("tags"), policy);
    }

    public static CertificatePolicy certificatePolicy(JsonPathNode n) {
        JsonPathNode key = n.object("key_props");
        JsonPathNode x509 = n.object("x509_props");
        JsonPathNode issuer = n.object("issuer");
        List<LifetimeAction> actions = n.array("lifetime_actions").stream().map(a -> {
            a.requireObject();
            JsonPathNode trigger = a.object("trigger");
            JsonPathNode action = a.object("action");
            return new LifetimeAction(action.isMissing() ? null : action.text("action_type"), null, null,
                    trigger.isMissing() ? null : trigger.integer("days_before_expiry"),
                    trigger.isMissing() ? null : trigger.integer("lifetime_percentage"));
        }).toList();
        return new CertificatePolicy(issuer.isMissing() ? null : issuer.text("name"),
                x509.isMissing() ? null : x509.integer("validity_months"),
                x509.isMissing() ? null : x509.text("subject"),
                key.isMissing() ? null : key.text("kty"), key.isMissing() ? null : key.integer("key_size"),
                key.isMissing() ? null : key.text("crv"), key.isMissing() ? null : key.bool("exportable"),
                key.isMissing() ? null : key.bool("reuse_key"), actions);
    }

    public static RoleAssignment roleAssignment(JsonPathNode n, String subscriptionId) {
        JsonPathNode p = n.object("properties");
        if (p.isMissing()) throw p.wrongShape("an object");
        String roleDefinitionId = p.requiredText("roleDefinitionId");
        return new RoleAssignment(lower(n.requiredText("id")), n.text("name"), lower(p.requiredText("scope")),
                lower(roleDefinitionId), lastSegment(roleDefinitionId).toLowerCase(Locale.ROOT),
                lower(p.text("principalId")), p.text("principalType"), p.rfc3339("createdOn"), subscriptionId);
    }

    public static RoleDefinition roleDefinition(JsonPathNode n) {
        JsonPathNode p = n.object("properties");
        if (p.isMissing()) throw p.wrongShape("an object");
        List<String> actions = new ArrayList<>(), notActions = new ArrayList<>(), data = new ArrayList<>(), notData = new ArrayList<>();
        for (JsonPathNode perm : p.array("permissions")) {
            perm.requireObject();
            actions.addAll(perm.stringList("actions"));
            notActions.addAll(perm.stringList("notActions"));
            data.addAll(perm.stringList("dataActions"));
            notData.addAll(perm.stringList("notDataActions"));
        }
        String id = n.requiredText("id");
        return new RoleDefinition(lower(id), n.text("name") != null ? n.text("name").toLowerCase(Locale.ROOT) : lastSegment(id),
                p.text("roleName"), p.text("type"), List.copyOf(actions), List.copyOf(notActions), List.copyOf(data),
                List.copyOf(notData));
    }

    public static DefenderPlan defenderPlan(JsonPathNode n) {
        JsonPathNode p = n.object("properties");
        String name = n.text("name") != null ? n.text("name") : lastSegment(n.requiredText("id"));
        return new DefenderPlan(name, p.isMissing() ? null : p.text("pricingTier"), p.isMissing() ? null : p.text("subPlan"));
    }

    /** An ISO-8601 duration such as P90D, P2Y, P1Y6M or PT720H, in whole days (a year is 365, a month 30). */
    static Integer days(JsonPathNode parent, String field) {
        String v = parent.text(field);
        if (v == null) return null;
        try {
            String s = v.toUpperCase(Locale.ROOT);
            int t = s.indexOf('T');
            long days = 0;
            String datePart = t < 0 ? s : s.substring(0, t);
            if (datePart.length() > 1) {
                Period period = Period.parse(datePart);
                days += period.getYears() * 365L + period.getMonths() * 30L + period.getDays();
            }
            if (t >= 0) days += Duration.parse("P" + s.substring(t)).toDays();
            return Math.toIntExact(days);
        } catch (RuntimeException e) {
            throw parent.get(field).wrongShape("an ISO-8601 duration such as P90D or P2Y, found \"" + v + "\"");
        }
    }

    static String lastSegment(String id) {
        String s = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        return s.substring(s.lastIndexOf('/') + 1);
    }

    static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }

    static String lower(String s) { return s == null ? null : s.toLowerCase(Locale.ROOT); }

    private static List<String> lowerAll(List<String> in) { return in.stream().map(AzureResponseMapper::lower).toList(); }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }
}
