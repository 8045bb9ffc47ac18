package io.kvaudit.source.snapshot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.Collected;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.source.AzureResponseMapper;
import io.kvaudit.source.TenantBodies;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Several snapshot directories read as one tenant (docs/snapshot-format.md, "Several parts"): collection that ran
 * where the vaults are, one export per network zone or subscription set. Every part must name the same tenant and
 * cloud in its snapshot.json, and each subscription must be listed in the subscriptions.json of one part only; a
 * subscription and its vaults are read from the part that lists it. The tenant's capturedAt is the earliest part's.
 */
public final class SnapshotParts implements TenantBodies {

    /** One part: its directory, its bodies and the subscriptions its subscriptions.json lists (lower-cased ids). */
    public record Part(Path dir, SnapshotBodies bodies, List<String> subscriptionIds) {
        public TenantInfo tenant() { return bodies.tenant(); }
    }

    private final List<Part> parts;
    private final Map<String, Part> bySubscription;
    private final TenantInfo tenant;
    private final JsonPathNode subscriptions;

    private SnapshotParts(List<Part> parts, Map<String, Part> bySubscription, TenantInfo tenant, JsonPathNode subscriptions) {
        this.parts = parts;
        this.bySubscription = bySubscription;
        this.tenant = tenant;
        this.subscriptions = subscriptions;
    }

    /** Opens and checks the parts; any disagreement between them is a configuration error naming the files. */
    public static SnapshotParts open(List<Path> dirs) {
        if (dirs.isEmpty()) throw new IllegalArgumentException("no snapshot directory");
        List<Part> parts = new ArrayList<>();
        Map<String, Part> bySubscription = new LinkedHashMap<>();
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        for (Path dir : dirs) {
            for (Part p : parts)
                if (p.dir().toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize()))
                    throw new ConfigurationException(dir + ": named twice as a snapshot part");
            SnapshotBodies bodies = new SnapshotBodies(dir);
            if (!parts.isEmpty()) agree(parts.get(0), dir, bodies.tenant());
            JsonPathNode body = bodies.subscriptions();
            Collected<List<Subscription>> subs = AzureResponseMapper.list(body, "subscriptions", AzureResponseMapper::subscription);
            if (!subs.isPresent())
                throw new ConfigurationException(body.file() + ": " + subs.reason() + "; kvaudit needs the whole subscription list");
            List<String> ids = subs.orNull().stream().map(s -> s.subscriptionId().toLowerCase(Locale.ROOT)).toList();
            Part part = new Part(dir, bodies, ids);
            for (String id : ids) {
                Part other = bySubscription.putIfAbsent(id, part);
                if (other != null && other != part)
                    throw new ConfigurationException("subscription " + id + " is listed in both "
                            + other.dir().resolve(SnapshotLayout.SUBSCRIPTIONS) + " and " + dir.resolve(SnapshotLayout.SUBSCRIPTIONS)
                            + "; each subscription must be collected into one part only (give each export its own --subscription set)");
            }
            body.raw().path("value").forEach(merged::add);
            parts.add(part);
        }
        Instant earliest = parts.stream().map(p -> p.tenant().capturedAt()).min(Comparator.naturalOrder()).orElseThrow();
        List<String> identities = parts.stream().map(p -> p.tenant().identity()).filter(Objects::nonNull).distinct().toList();
        TenantInfo first = parts.get(0).tenant();
        TenantInfo tenant = new TenantInfo(first.tenantId(), first.cloud(), "snapshot", earliest,
                identities.isEmpty() ? null : String.join(", ", identities));
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.set("value", merged);
        String file = parts.stream().map(p -> p.dir().resolve(SnapshotLayout.SUBSCRIPTIONS).toString()).collect(Collectors.joining(" + "));
        return new SnapshotParts(List.copyOf(parts), bySubscription, tenant, JsonPathNode.root(list, file));
    }

    private static void agree(Part first, Path dir, TenantInfo t) {
        TenantInfo f = first.tenant();
        Path a = first.dir().resolve(SnapshotLayout.HEADER), b = dir.resolve(SnapshotLayout.HEADER);
        if (!f.tenantId().equals(t.tenantId()))
            throw new ConfigurationException(a + " names tenant " + f.tenantId() + " but " + b + " names tenant " + t.tenantId()
                    + "; the parts of one scan must all be of one tenant");
        if (!f.cloud().equals(t.cloud()))
            throw new ConfigurationException(a + " names cloud " + f.cloud() + " but " + b + " names cloud " + t.cloud()
                    + "; the parts of one scan must all be of one cloud");
    }

    public List<Part> parts() { return parts; }

    /** The part a subscription is read from, or null when no part lists it. */
    public Part partOf(String subscriptionId) {
        return subscriptionId == null ? null : bySubscription.get(subscriptionId.toLowerCase(Locale.ROOT));
    }

    @Override
    public TenantInfo tenant() { return tenant; }

    /** Every part's subscriptions.json, their items in part order. */
    @Override
    public JsonPathNode subscriptions() { return subscriptions; }

    @Override
    public Optional<JsonPathNode> vaults(String id) { return of(id).vaults(id); }

    @Override
    public Optional<JsonPathNode> roleAssignments(String id) { return of(id).roleAssignments(id); }

    @Override
    public Optional<JsonPathNode> roleDefinitions(String id) { return of(id).roleDefinitions(id); }

    @Override
    public Optional<JsonPathNode> defenderPricings(String id) { return of(id).defenderPricings(id); }

    @Override
    public Optional<JsonPathNode> diagnosticSettings(Vault v) { return of(v).diagnosticSettings(v); }

    @Override
    public Optional<JsonPathNode> secrets(Vault v) { return of(v).secrets(v); }

    @Override
    public Optional<JsonPathNode> keys(Vault v) { return of(v).keys(v); }

    @Override
    public Optional<JsonPathNode> keyRotationPolicy(Vault v, String keyName) { return of(v).keyRotationPolicy(v, keyName); }

    @Override
    public Optional<JsonPathNode> certificates(Vault v) { return of(v).certificates(v); }

    @Override
    public Optional<JsonPathNode> certificatePolicy(Vault v, String name) { return of(v).certificatePolicy(v, name); }

    @Override
    public void close() { parts.forEach(p -> p.bodies().close()); }

    private SnapshotBodies of(String subscriptionId) {
        Part p = partOf(subscriptionId);
        return p != null ? p.bodies() : parts.get(0).bodies();
    }

    private SnapshotBodies of(Vault v) { return of(v.subscriptionId()); }
}
