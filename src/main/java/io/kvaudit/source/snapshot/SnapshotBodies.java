package io.kvaudit.source.snapshot;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonFiles;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.source.TenantBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The bodies of a tenant snapshot directory (docs/snapshot-format.md, format version 1): an absent optional file is
 * "not collected"; anything malformed stops the run with the file, the JSON path and what was expected.
 */
public final class SnapshotBodies implements TenantBodies {

    public static final int FORMAT_VERSION = 1;

    private final Path dir;
    private final TenantInfo tenant;

    public SnapshotBodies(Path dir) {
        this.dir = dir;
        if (!Files.isDirectory(dir)) throw new ConfigurationException(dir + ": snapshot directory not found");
        Path header = dir.resolve("snapshot.json");
        JsonPathNode h = JsonFiles.readIfPresent(header).orElseThrow(() -> new ConfigurationException(
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
        if (!Files.isRegularFile(dir.resolve("subscriptions.json")))
            throw new ConfigurationException(dir.resolve("subscriptions.json") + ": file not found; it is required "
                    + "(the body of Subscriptions_List, {\"value\": [...]})");
    }

    public Path directory() { return dir; }

    @Override
    public TenantInfo tenant() { return tenant; }

    @Override
    public JsonPathNode subscriptions() { return JsonFiles.read(dir.resolve("subscriptions.json")); }

    @Override
    public Optional<JsonPathNode> vaults(String subscriptionId) { return read(SnapshotLayout.vaults(subscriptionId)); }

    @Override
    public Optional<JsonPathNode> roleAssignments(String subscriptionId) { return read(SnapshotLayout.roleAssignments(subscriptionId)); }

    @Override
    public Optional<JsonPathNode> roleDefinitions(String subscriptionId) { return read(SnapshotLayout.roleDefinitions(subscriptionId)); }

    @Override
    public Optional<JsonPathNode> defenderPricings(String subscriptionId) { return read(SnapshotLayout.defenderPricings(subscriptionId)); }

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

    private Optional<JsonPathNode> read(String relative) {
        return JsonFiles.readIfPresent(dir.resolve(relative));
    }

    private Optional<JsonPathNode> readVault(Vault v, String relative) {
        // vault names are case-insensitive in Azure; accept the folder as listed or lower-cased
        Path exact = dir.resolve(SnapshotLayout.vaultDir(v.name()));
        Path folder = Files.isDirectory(exact) ? exact : dir.resolve(SnapshotLayout.vaultDir(v.name().toLowerCase()));
        return JsonFiles.readIfPresent(folder.resolve(relative));
    }
}
