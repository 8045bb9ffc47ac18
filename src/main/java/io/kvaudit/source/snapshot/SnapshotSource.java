package io.kvaudit.source.snapshot;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.Certificate;
import io.kvaudit.model.CertificatePolicy;
import io.kvaudit.model.Collected;
import io.kvaudit.model.DefenderPlan;
import io.kvaudit.model.DiagnosticSetting;
import io.kvaudit.model.Key;
import io.kvaudit.model.KeyRotationPolicy;
import io.kvaudit.model.RoleAssignment;
import io.kvaudit.model.RoleDefinition;
import io.kvaudit.model.Secret;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.source.AzureResponseMapper;
import io.kvaudit.config.JsonFiles;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.source.TenantSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a tenant snapshot directory (docs/snapshot-format.md, format version 1). Absent optional files are
 * "not collected"; a file holding Azure's error body is a failed read with Azure's code; anything malformed stops
 * the run with the file, the JSON path and what was expected.
 */
public final class SnapshotSource implements TenantSource {

    public static final int FORMAT_VERSION = 1;

    private final Path dir;
    private final TenantInfo tenant;

    public SnapshotSource(Path dir) {
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
    public List<Subscription> subscriptions() {
        JsonPathNode body = JsonFiles.read(dir.resolve("subscriptions.json"));
        Collected<List<Subscription>> subs = AzureResponseMapper.list(body, "subscriptions", AzureResponseMapper::subscription);
        if (!subs.isPresent())
            throw new ConfigurationException(body.file() + ": holds an error body (" + subs.code()
                    + "); a snapshot needs the subscription list");
        return subs.orNull();
    }

    @Override
    public SubscriptionInventory subscription(Subscription s) {
        Path subDir = dir.resolve("subscriptions").resolve(s.subscriptionId());
        Collected<List<Vault>> vaults = list(subDir.resolve("vaults.json"), "vault list", AzureResponseMapper::vault);
        Collected<List<RoleAssignment>> assignments = list(subDir.resolve("roleAssignments.json"), "role assignments",
                n -> AzureResponseMapper.roleAssignment(n, s.subscriptionId()));
        Collected<List<RoleDefinition>> definitions = list(subDir.resolve("roleDefinitions.json"), "role definitions",
                AzureResponseMapper::roleDefinition);
        Collected<List<DefenderPlan>> pricings = list(subDir.resolve("defenderPricings.json"), "Defender pricings",
                AzureResponseMapper::defenderPlan);
        return new SubscriptionInventory(s, vaults, assignments, definitions, pricings);
    }

    @Override
    public VaultInventory vault(Vault v) {
        Path vaultDir = vaultDir(v.name());
        Collected<List<DiagnosticSetting>> diag = list(vaultDir.resolve("diagnosticSettings.json"), "diagnostic settings",
                AzureResponseMapper::diagnosticSetting);
        Collected<List<Secret>> secrets = list(vaultDir.resolve("secrets.json"), "secrets", n -> AzureResponseMapper.secret(n, v));
        Collected<List<Key>> keys = list(vaultDir.resolve("keys.json"), "keys", n -> {
            String name = AzureResponseMapper.objectName(n);
            Collected<KeyRotationPolicy> policy = single(vaultDir.resolve("keys").resolve(name).resolve("rotationpolicy.json"),
                    "rotation policy", AzureResponseMapper::keyRotationPolicy);
            return AzureResponseMapper.key(n, v, policy);
        });
        Collected<List<Certificate>> certs = list(vaultDir.resolve("certificates.json"), "certificates", n -> {
            String name = AzureResponseMapper.objectName(n);
            Collected<CertificatePolicy> policy = single(vaultDir.resolve("certificates").resolve(name).resolve("policy.json"),
                    "certificate policy", AzureResponseMapper::certificatePolicy);
            return AzureResponseMapper.certificate(n, v, policy);
        });
        return new VaultInventory(v, diag, secrets, keys, certs);
    }

    private Path vaultDir(String name) {
        Path exact = dir.resolve("vaults").resolve(name);
        if (Files.isDirectory(exact)) return exact;
        return dir.resolve("vaults").resolve(name.toLowerCase());
    }

    private static <T> Collected<List<T>> list(Path file, String what, Function<JsonPathNode, T> item) {
        return JsonFiles.readIfPresent(file)
                .map(body -> AzureResponseMapper.list(body, what, item))
                .orElseGet(() -> Collected.notCollected(what));
    }

    private static <T> Collected<T> single(Path file, String what, Function<JsonPathNode, T> mapper) {
        return JsonFiles.readIfPresent(file)
                .map(body -> AzureResponseMapper.single(body, what, mapper))
                .orElseGet(() -> Collected.notCollected(what));
    }

}
