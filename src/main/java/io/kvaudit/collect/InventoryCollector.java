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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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
        return discover(subscriptions, Cancellation.NEVER);
    }

    /** Each subscription's vault list and access data, in the order given; stops early when {@code cancel} is. */
    public List<SubscriptionInventory> discover(List<Subscription> subscriptions, Cancellation cancel) {
        List<Callable<SubscriptionInventory>> tasks = subscriptions.stream().map(s -> (Callable<SubscriptionInventory>) () -> {
            SubscriptionInventory inv = source.subscription(s);
            progress.subscriptionDiscovered(s.subscriptionId(), inv.vaults().isPresent() ? inv.vaults().orNull().size() : 0);
            return inv;
        }).toList();
        List<SubscriptionInventory> out = new ArrayList<>(java.util.Collections.nCopies(tasks.size(), null));
        inParallel(tasks, cancel, out::set, () -> {});
        return out;
    }

    /** A resumed run's discovery, taken from its checkpoint: shown by the progress display as if just read. */
    public void restored(List<SubscriptionInventory> subscriptions) {
        progress.subscriptionsFound(subscriptions.size());
        for (SubscriptionInventory s : subscriptions)
            progress.subscriptionDiscovered(s.subscription().subscriptionId(), s.vaults().isPresent() ? s.vaults().orNull().size() : 0);
    }

    public List<VaultInventory> inventory(List<SubscriptionInventory> subscriptions) {
        return inventory(subscriptions, Map.of(), (i, v) -> {}, Cancellation.NEVER);
    }

    /** Where each vault goes as soon as it is read (to be checkpointed); called on the collecting thread. */
    public interface VaultSink {
        void collected(int index, VaultInventory vault);

        /** Called about every 200 ms while collection waits for vaults: time-based work (a checkpoint due) goes here. */
        default void idle() {}
    }

    /**
     * Every vault's contents, in discovery order (a vault's index is its place in that order). Vaults in
     * {@code collected} (checkpoints of an interrupted run) are not read again; each vault read is handed to
     * {@code onCollected} on the calling thread as soon as it is complete, so it can be checkpointed. When
     * {@code cancel} is, requests in flight are abandoned and {@link Cancellation.Cancelled} is thrown; every vault
     * handed over before stays handed over.
     */
    public List<VaultInventory> inventory(List<SubscriptionInventory> subscriptions, Map<Integer, VaultInventory> collected,
                                          VaultSink onCollected, Cancellation cancel) {
        List<VaultInventory> out = new ArrayList<>();
        List<Callable<VaultInventory>> tasks = new ArrayList<>();
        List<Integer> indexOfTask = new ArrayList<>();
        for (SubscriptionInventory s : subscriptions)
            for (Vault v : s.vaults().isPresent() ? s.vaults().orNull() : List.<Vault>of()) {
                int index = out.size();
                VaultInventory restored = collected.get(index);
                if (restored != null && !restored.vault().id().equals(v.id()))
                    throw new IllegalStateException("checkpoint " + index + " holds " + restored.vault().id() + ", discovery says " + v.id());
                out.add(restored);
                if (restored != null) {
                    progress.vaultDone(s.subscription().subscriptionId(), count(restored));
                    continue;
                }
                indexOfTask.add(index);
                tasks.add(() -> {
                    VaultInventory inv = source.vault(v);
                    progress.vaultDone(s.subscription().subscriptionId(), count(inv));
                    return inv;
                });
            }
        inParallel(tasks, cancel, (task, inv) -> {
            int index = indexOfTask.get(task);
            out.set(index, inv);
            onCollected.collected(index, inv);
        }, onCollected::idle);
        return out;
    }

    private static long count(VaultInventory v) {
        return size(v.secrets().orNull()) + size(v.keys().orNull()) + size(v.certificates().orNull());
    }

    private static long size(List<?> l) { return l == null ? 0 : l.size(); }

    /**
     * Runs the tasks at most {@code parallelism} at a time and hands each result to {@code done} on this thread, as
     * tasks finish. A task's exception is thrown once every task has ended (the first in task order, so the error a
     * user sees does not depend on timing); {@code cancel} ends the whole at once.
     */
    private <T> void inParallel(List<Callable<T>> tasks, Cancellation cancel, BiConsumer<Integer, T> done, Runnable idle) {
        if (tasks.isEmpty()) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()));
        Indexed<T> firstFailure = null;
        try (Cancellation.Registration stop = cancel.onCancel(pool::shutdownNow)) {
            CompletionService<Indexed<T>> completion = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < tasks.size(); i++) {
                int index = i;
                Callable<T> task = tasks.get(i);
                completion.submit(() -> {
                    try {
                        return new Indexed<>(index, task.call(), null);
                    } catch (Exception | Error e) {
                        return new Indexed<>(index, null, e);
                    }
                });
            }
            for (int remaining = tasks.size(); remaining > 0; ) {
                cancel.throwIfCancelled();
                Future<Indexed<T>> f = completion.poll(200, TimeUnit.MILLISECONDS);
                if (f == null) {
                    idle.run();
                    continue;
                }
                remaining--;
                Indexed<T> r = f.get();
                if (r.failure() == null) done.accept(r.index(), r.value());
                else if (firstFailure == null || r.index() < firstFailure.index()) firstFailure = r;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("collection interrupted", e);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            cancel.throwIfCancelled();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        if (firstFailure != null) {
            cancel.throwIfCancelled();
            if (firstFailure.failure() instanceof RuntimeException re) throw re;
            if (firstFailure.failure() instanceof Error err) throw err;
            throw new IllegalStateException(firstFailure.failure());
        }
    }

    private record Indexed<T>(int index, T value, Throwable failure) {}
}
