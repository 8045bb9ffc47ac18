package io.kvaudit.source.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.source.TenantBodies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writes a snapshot directory (docs/snapshot-format.md) while another {@link TenantBodies} is read: every body the
 * scan reads is stored, as Azure gave it (pages merged, failed reads as Azure's error body). Used by
 * {@code kvaudit snapshot export}; scanning the result gives the same inventory as the live read did.
 */
public final class SnapshotWriter implements TenantBodies {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TenantBodies source;
    private final Path dir;
    /** Every file is written through it: names come from Azure's answers, and none may lead out of --out. */
    private final SnapshotRoot root;
    private final AtomicLong files = new AtomicLong();

    public SnapshotWriter(TenantBodies source, Path dir) {
        this.source = source;
        this.dir = dir;
        try {
            if (Files.exists(dir) && (!Files.isDirectory(dir) || hasEntries(dir)))
                throw new ConfigurationException(dir + ": --out must be a new or empty directory (a snapshot is never "
                        + "written over another)");
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException(dir + ": cannot create the snapshot directory: " + e.getMessage(), e);
        }
        this.root = SnapshotRoot.of(dir);
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    public long filesWritten() { return files.get(); }

    /** snapshot.json, written last so a half-written export is never mistaken for a complete one. */
    public void writeHeader(TenantInfo tenant, Instant capturedAt) {
        ObjectNode h = JSON.createObjectNode();
        h.put("formatVersion", SnapshotBodies.FORMAT_VERSION);
        h.put("tenantId", tenant.tenantId());
        h.put("capturedAt", capturedAt.toString());
        h.put("cloud", tenant.cloud());
        if (tenant.identity() != null) h.put("identity", tenant.identity());
        write(SnapshotLayout.HEADER, h);
    }

    /** Rewrites subscriptions.json keeping only the subscriptions that were exported (--subscription). */
    public void keepSubscriptions(Set<String> subscriptionIds) {
        JsonNode all = read(SnapshotLayout.SUBSCRIPTIONS);
        ObjectNode kept = JSON.createObjectNode();
        ArrayNode value = kept.putArray("value");
        for (JsonNode s : all.path("value")) {
            String id = s.path("subscriptionId").asText("").toLowerCase(Locale.ROOT);
            if (subscriptionIds.contains(id)) value.add(s);
        }
        write(SnapshotLayout.SUBSCRIPTIONS, kept);
    }

    /** The writer of {@code logs/}: answers as they come, then workspaces.json and queries.json. */
    public LogExport logs(Instant asOf, int activityDays) {
        LogQueries queries = new LogQueries(asOf, activityDays);
        java.util.Map<String, JsonNode> workspaces = new java.util.TreeMap<>();
        return new LogExport() {
            @Override
            public void workspace(String workspaceId, JsonNode body) {
                ObjectNode item = body.deepCopy();
                // an error body names the workspace it is about, as a Workspaces_List item would
                if (!item.has("id")) item.put("id", workspaceId);
                synchronized (workspaces) { workspaces.put(workspaceId, item); }
            }

            @Override
            public void answer(LogQueries.Entry entry, byte[] body) {
                writeBytes(entry.file(), body);
                queries.add(entry);
            }

            @Override
            public void finish() {
                ObjectNode list = JSON.createObjectNode();
                ArrayNode value = list.putArray("value");
                synchronized (workspaces) { workspaces.values().forEach(value::add); }
                write(SnapshotLayout.WORKSPACES, list);
                writeBytes(SnapshotLayout.QUERIES, queries.toJson());
            }
        };
    }

    @Override
    public TenantInfo tenant() { return source.tenant(); }

    @Override
    public JsonPathNode subscriptions() {
        JsonPathNode body = source.subscriptions();
        write(SnapshotLayout.SUBSCRIPTIONS, body.raw());
        return body;
    }

    @Override
    public Optional<JsonPathNode> vaults(String id) { return keep(SnapshotLayout.vaults(id), () -> source.vaults(id)); }

    @Override
    public Optional<JsonPathNode> roleAssignments(String id) { return keep(SnapshotLayout.roleAssignments(id), () -> source.roleAssignments(id)); }

    @Override
    public Optional<JsonPathNode> roleDefinitions(String id) { return keep(SnapshotLayout.roleDefinitions(id), () -> source.roleDefinitions(id)); }

    @Override
    public Optional<JsonPathNode> defenderPricings(String id) { return keep(SnapshotLayout.defenderPricings(id), () -> source.defenderPricings(id)); }

    @Override
    public Optional<JsonPathNode> diagnosticSettings(Vault v) { return keepVault(v, SnapshotLayout.DIAGNOSTIC_SETTINGS, () -> source.diagnosticSettings(v)); }

    @Override
    public Optional<JsonPathNode> secrets(Vault v) { return keepVault(v, SnapshotLayout.SECRETS, () -> source.secrets(v)); }

    @Override
    public Optional<JsonPathNode> keys(Vault v) { return keepVault(v, SnapshotLayout.KEYS, () -> source.keys(v)); }

    @Override
    public Optional<JsonPathNode> keyRotationPolicy(Vault v, String name) {
        return keepVault(v, SnapshotLayout.keyRotationPolicy(name), () -> source.keyRotationPolicy(v, name));
    }

    @Override
    public Optional<JsonPathNode> certificates(Vault v) { return keepVault(v, SnapshotLayout.CERTIFICATES, () -> source.certificates(v)); }

    @Override
    public Optional<JsonPathNode> certificatePolicy(Vault v, String name) {
        return keepVault(v, SnapshotLayout.certificatePolicy(name), () -> source.certificatePolicy(v, name));
    }

    @Override
    public void close() { source.close(); }

    @Override
    public void release(Vault vault) { source.release(vault); }

    private Optional<JsonPathNode> keepVault(Vault v, String relative, Supplier<Optional<JsonPathNode>> read) {
        return keep(SnapshotLayout.vaultDir(v.name()) + "/" + relative, read);
    }

    private Optional<JsonPathNode> keep(String relative, Supplier<Optional<JsonPathNode>> read) {
        Optional<JsonPathNode> body = read.get();
        body.ifPresent(b -> write(relative, b.raw()));
        return body;
    }

    private void write(String relative, JsonNode body) {
        try {
            writeBytes(relative, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(relative) + ": cannot write: " + e.getMessage(), e);
        }
    }

    private void writeBytes(String relative, byte[] bytes) {
        try {
            root.write(relative, bytes);
            files.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(relative) + ": cannot write: " + e.getMessage(), e);
        }
    }

    private JsonNode read(String relative) {
        return root.read(relative).orElseThrow(() -> new IllegalStateException(dir.resolve(relative) + ": written, yet gone")).raw();
    }
}
