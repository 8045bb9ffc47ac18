package io.kvaudit.collect;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.source.TenantSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The discover and inventory stages: asks a {@link TenantSource} for the subscriptions in scope, then for each
 * subscription's vaults and access data, then for each vault's contents, with a bounded number of calls in flight.
 * It only collects; it never judges.
 */
public final class InventoryCollector {

    private final TenantSource source;
    private final int parallelism;
    private final CollectionProgress progress;

    public InventoryCollector(TenantSource source, int parallelism, CollectionProgress progress) {
        this.source = source;
        this.parallelism = Math.max(1, parallelism);
        this.progress = progress;
    }

    /** Subscriptions the source sees, limited to {@code only} when it is not empty (unknown ids are an error). */
    public List<Subscription> subscriptionsInScope(Set<String> only) {
        List<Subscription> all = source.subscriptions();
        if (only == null || only.isEmpty()) {
            progress.subscriptionsFound(all.size());
            return all;
        }
        Set<String> wanted = only.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> known = all.stream().map(Subscription::subscriptionId).collect(Collectors.toSet());
        for (String w : wanted)
            if (!known.contains(w))
                throw new ConfigurationException("--subscription " + w + ": not among the subscriptions the source sees ("
                        + String.join(", ", known) + ")");
        List<Subscription> inScope = all.stream().filter(s -> wanted.contains(s.subscriptionId())).toList();
        progress.subscriptionsFound(inScope.size());
        return inScope;
    }

    public List<SubscriptionInventory> discover(List<Subscription> subscriptions) {
        return inParallel(subscriptions.stream().map(s -> (Callable<SubscriptionInventory>) () -> {
            SubscriptionInventory inv = source.subscription(s);
            progress.subscriptionDiscovered(s.subscriptionId(), inv.vaults().isPresent() ? inv.vaults().orNull().size() : 0);
            return inv;
        }).toList());
    }

    public List<VaultInventory> inventory(List<SubscriptionInventory> subscriptions) {
        List<Callable<VaultInventory>> tasks = new ArrayList<>();
        for (SubscriptionInventory s : subscriptions)
            for (Vault v : s.vaults().isPresent() ? s.vaults().orNull() : List.<Vault>of())
                tasks.add(() -> {
                    VaultInventory inv = source.vault(v);
                    progress.vaultDone(s.subscription().subscriptionId(), count(inv));
                    return inv;
                });
        return inParallel(tasks);
    }

    private static long count(VaultInventory v) {
        return size(v.secrets().orNull()) + size(v.keys().orNull()) + size(v.certificates().orNull());
    }

    private static long size(List<?> l) { return l == null ? 0 : l.size(); }

    private <T> List<T> inParallel(List<Callable<T>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, tasks.size())));
        try {
            List<Future<T>> futures = pool.invokeAll(tasks);
            List<T> out = new ArrayList<>(futures.size());
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("collection interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
