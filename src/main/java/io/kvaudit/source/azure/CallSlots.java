package io.kvaudit.source.azure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the reads in flight: over the whole scan, per vault and per subscription. A read holds its slots while it
 * runs, pages one after another (as paging requires) and back-off waits included, so one read never has more than
 * one request on the wire and the limits bound the requests in flight.
 */
final class CallSlots {

    private final Semaphore global;
    private final int perVault;
    private final int perSubscription;
    private final Map<String, Semaphore> vaults = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> subscriptions = new ConcurrentHashMap<>();

    CallSlots(int global, int perVault, int perSubscription) {
        this.global = new Semaphore(Math.max(1, global));
        this.perVault = Math.max(1, perVault);
        this.perSubscription = Math.max(1, perSubscription);
    }

    /**
     * Runs one read. Resource-manager reads name their subscription (its request budget is per subscription);
     * reads about one vault name the vault, whichever plane they go to.
     */
    <T> T run(String armSubscriptionId, String vaultId, Supplier<T> read) {
        Semaphore sub = armSubscriptionId == null ? null
                : subscriptions.computeIfAbsent(armSubscriptionId, k -> new Semaphore(perSubscription));
        Semaphore vault = vaultId == null ? null : vaults.computeIfAbsent(vaultId, k -> new Semaphore(perVault));
        acquire(sub);
        try {
            acquire(vault);
            try {
                acquire(global);
                try {
                    return read.get();
                } finally {
                    global.release();
                }
            } finally {
                if (vault != null) vault.release();
            }
        } finally {
            if (sub != null) sub.release();
        }
    }

    /** The vault's reads are done: its semaphore goes (a later read of it would start a fresh one). */
    void release(String vaultId) {
        vaults.remove(vaultId);
    }

    private static void acquire(Semaphore s) {
        if (s == null) return;
        try {
            s.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a request slot", e);
        }
    }
}
