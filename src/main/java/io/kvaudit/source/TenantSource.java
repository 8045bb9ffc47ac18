package io.kvaudit.source;

import io.kvaudit.model.Subscription;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;

import java.util.List;

/**
 * Where a tenant's state comes from: live Azure or a snapshot directory. Implementations only collect; a failed read
 * of one input becomes a {@link io.kvaudit.model.Collected.Failed} value, while malformed data is a
 * {@link io.kvaudit.config.ConfigurationException}. Methods may be called from several threads at once.
 */
public interface TenantSource extends AutoCloseable {

    TenantInfo tenant();

    /** Every subscription the identity can see. */
    List<Subscription> subscriptions();

    SubscriptionInventory subscription(Subscription subscription);

    VaultInventory vault(Vault vault);

    /** Where this tenant's audit logs can be read, if anywhere (a snapshot's logs/, Log Analytics). */
    default java.util.Optional<io.kvaudit.activity.LogSource> logs() { return java.util.Optional.empty(); }

    /**
     * The snapshot directories this source reads as one tenant, each with its capture time and subscriptions (vault
     * counts still 0); empty for a single source (results.json's {@code coverage.parts} is then absent).
     */
    default List<io.kvaudit.model.SnapshotPart> parts() { return List.of(); }

    /** Collection threads worth running: CPU-bound sources use the cores, network-bound ones their request limit. */
    default int parallelism(int cpuThreads) { return cpuThreads; }

    @Override
    default void close() {}
}
