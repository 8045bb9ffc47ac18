package io.kvaudit.source;

import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;

import java.util.Optional;

/**
 * Azure's REST response bodies for one tenant, one per snapshot file (docs/snapshot-format.md): read from a snapshot
 * directory, or fetched live from Azure. Each method answers the body Azure gave, Azure's error body when the read
 * failed, or empty when the input was not collected. List bodies hold every page merged into one {@code value} array.
 * Methods may be called from several threads at once.
 */
public interface TenantBodies extends AutoCloseable {

    TenantInfo tenant();

    /** Subscriptions_List. Required: a source without it cannot scan anything. */
    JsonPathNode subscriptions();

    Optional<JsonPathNode> vaults(String subscriptionId);

    Optional<JsonPathNode> roleAssignments(String subscriptionId);

    Optional<JsonPathNode> roleDefinitions(String subscriptionId);

    Optional<JsonPathNode> defenderPricings(String subscriptionId);

    Optional<JsonPathNode> diagnosticSettings(Vault vault);

    Optional<JsonPathNode> secrets(Vault vault);

    Optional<JsonPathNode> keys(Vault vault);

    Optional<JsonPathNode> keyRotationPolicy(Vault vault, String keyName);

    Optional<JsonPathNode> certificates(Vault vault);

    Optional<JsonPathNode> certificatePolicy(Vault vault, String certificateName);

    /**
     * A Log Analytics workspace's resource-manager body (Workspaces_Get), by its ARM id as a diagnostic setting names
     * it; empty when this source does not read workspaces (a snapshot keeps them in logs/workspaces.json).
     */
    default Optional<JsonPathNode> workspace(String workspaceId) { return Optional.empty(); }

    /** Every read of this vault is done: a live source lets go of what it kept for the vault (clients, slots). */
    default void release(Vault vault) {}

    @Override
    default void close() {}
}
