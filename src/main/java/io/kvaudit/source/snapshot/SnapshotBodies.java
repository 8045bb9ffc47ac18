package io.kvaudit.source.snapshot;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.source.TenantBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bodies of a tenant snapshot directory (docs/snapshot-format.md, format version 1): an absent optional file is
 * "not collected"; anything malformed stops the run with the file, the JSON path and what was expected. Every file is
 * read through {@link SnapshotRoot}, so nothing outside the directory is.
 */
public final class SnapshotBodies implements TenantBodies {

    public static final int FORMAT_VERSION = 1;

    private final Path dir;
    private final SnapshotRoot root;
    private final TenantInfo tenant;

    public SnapshotBodies(Path dir) {
        this.dir = dir;
        if (!Files.isDirectory(dir)) throw new ConfigurationException(dir + ": snapshot directory not found");
        this.root = SnapshotRoot.of(dir);
        Path header = dir.resolve(SnapshotLayout.HEADER);
        JsonPathNode h = root.read(SnapshotLayout.HEADER).orElseThrow(() -> new ConfigurationException(
                header + ": file not found; a snapshot directory starts with snapshot.json "
                        + "{\"formatVersion\": 1, \"tenantId\": ..., \"capturedAt\": ..., \"cloud\": ...}"));
        h.requireObject();
        Integer version = h.integer("formatVersion");
        if (version == null || version != FORMAT_VERSION)
            throw new ConfigurationException(header + ": at $.formatVersion: expected " + FORMAT_VERSION
                    + " (the snapshot format this kvaudit reads), found " + (version == null ? "nothing" : version));
        String tenantId = h.requiredText("tenantId");
        Instant capturedAt = h.rfc3339("capturedAt");
        String cloud = Optional.ofNullable(h.text("cloud")).orElse("AzureCloud");
        this.tenant = new TenantInfo(tenantId.toLowerCase(), cloud, "snapshot", capturedAt, h.text("identity"));
        if (!root.isFile(SnapshotLayout.SUBSCRIPTIONS))
            throw new ConfigurationException(dir.resolve(SnapshotLayout.SUBSCRIPTIONS) + ": file not found; it is required "
                    + "(the body of Subscriptions_List, {\"value\": [...]})");
    }

    public Path directory() { return dir; }

    /** The way into the directory, for stages that read more of it (the activity stage's logs). */
    public SnapshotRoot root() { return root; }

    /**
     * The Log Analytics query responses of {@code logs/}, as relative paths to read through {@link #root()}, in name
     * order (the order they are read in); {@code logs/workspaces.json} is the workspace list, not a query response.
     */
    public List<String> logFiles() {
        return root.list(SnapshotLayout.LOGS, ".json").stream().filter(f -> !f.equals(SnapshotLayout.WORKSPACES) && !f.equals(SnapshotLayout.QUERIES)).toList();
    }

    @Override
    public TenantInfo tenant() { return tenant; }

    @Override
    public JsonPathNode subscriptions() {
        return root.read(SnapshotLayout.SUBSCRIPTIONS).orElseThrow(() ->
                new ConfigurationException(dir.resolve(SnapshotLayout.SUBSCRIPTIONS) + ": file not found"));
    }

    @Override
    public Optional<JsonPathNode> vaults(String subscriptionId) { return root.read(SnapshotLayout.vaults(subscriptionId)); }

    @Override
    public Optional<JsonPathNode> roleAssignments(String subscriptionId) { return root.read(SnapshotLayout.roleAssignments(subscriptionId)); }

    @Override
    public Optional<JsonPathNode> roleDefinitions(String subscriptionId) { return root.read(SnapshotLayout.roleDefinitions(subscriptionId)); }

    @Override
    public Optional<JsonPathNode> defenderPricings(String subscriptionId) { return root.read(SnapshotLayout.defenderPricings(subscriptionId)); }

    @Override
    public Optional<JsonPathNode> diagnosticSettings(Vault v) { return readVault(v, SnapshotLayout.DIAGNOSTIC_SETTINGS); }

    @Override
    public Optional<JsonPathNode> secrets(Vault v) { return readVault(v, SnapshotLayout.SECRETS); }

    @Override
    public Optional<JsonPathNode> keys(Vault v) { return readVault(v, SnapshotLayout.KEYS); }

    @Override
    public Optional<JsonPathNode> keyRotationPolicy(Vault v, String keyName) { return readVault(v, SnapshotLayout.keyRotationPolicy(keyName)); }

    @Override
    public Optional<JsonPathNode> certificates(Vault v) { return readVault(v, SnapshotLayout.CERTIFICATES); }

    @Override
    public Optional<JsonPathNode> certificatePolicy(Vault v, String name) { return readVault(v, SnapshotLayout.certificatePolicy(name)); }

    private Optional<JsonPathNode> readVault(Vault v, String relative) {
        // vault names are case-insensitive in Azure; accept the folder as listed or lower-cased
        String exact = SnapshotLayout.vaultDir(v.name());
        String folder = root.isDirectory(exact) ? exact : SnapshotLayout.vaultDir(v.name().toLowerCase(Locale.ROOT));
        return root.read(folder + "/" + relative);
    }
}
