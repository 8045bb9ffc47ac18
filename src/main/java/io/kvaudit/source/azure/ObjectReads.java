package io.kvaudit.source.azure;

import io.kvaudit.config.JsonPathNode;

import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Per-object reads (key rotation policies, certificate policies), started as soon as a vault's key or certificate
 * list arrives and run on one shared pool. Each vault's reads wait in the vault's own queue, drained by at most
 * {@code perVault} pool tasks at a time: a vault with hundreds of keys never fills the pool with threads that only
 * wait for that vault's request slots while other vaults' reads could be on the wire.
 */
final class ObjectReads implements AutoCloseable {

    private final ExecutorService pool;
    private final int perVault;
    private final Map<String, VaultQueue> vaults = new ConcurrentHashMap<>();

    private static final class VaultQueue {
        final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
        final Map<String, CompletableFuture<Optional<JsonPathNode>>> results = new ConcurrentHashMap<>();
        final AtomicInteger drainers = new AtomicInteger();
    }

    ObjectReads(int threads, int perVault) {
        this.perVault = Math.max(1, perVault);
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kvaudit-object-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a read of one object of one vault once {@code after} is done; {@link #take} gets its answer. */
    void start(String vaultId, String key, CompletionStage<?> after, Supplier<Optional<JsonPathNode>> read) {
        VaultQueue q = vaults.computeIfAbsent(vaultId, id -> new VaultQueue());
        CompletableFuture<Optional<JsonPathNode>> answer = new CompletableFuture<>();
        q.results.put(key, answer);
        Runnable task = () -> {
            try {
                answer.complete(read.get());
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        };
        after.whenComplete((done, failed) -> {
            q.waiting.add(task);
            if (claimDrainer(q)) pool.execute(() -> drain(q));
        });
    }

    /** The answer of a started read (waiting for it), or empty when no read of that object was started. */
    Optional<Optional<JsonPathNode>> take(String vaultId, String key) {
        VaultQueue q = vaults.get(vaultId);
        CompletableFuture<Optional<JsonPathNode>> f = q == null ? null : q.results.remove(key);
        if (f == null) return Optional.empty();
        try {
            return Optional.of(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The vault is done: reads not yet started are dropped. */
    void forget(String vaultId) {
        VaultQueue q = vaults.remove(vaultId);
        if (q != null) {
            q.waiting.clear();
            q.results.values().forEach(f -> f.cancel(false));
        }
    }

    private boolean claimDrainer(VaultQueue q) {
        for (int d = q.drainers.get(); d < perVault; d = q.drainers.get())
            if (q.drainers.compareAndSet(d, d + 1)) return true;
        return false;
    }

    private void drain(VaultQueue q) {
        do {
            for (Runnable read = q.waiting.poll(); read != null; read = q.waiting.poll()) read.run();
            q.drainers.decrementAndGet();
            // a read queued after the poll above, while every drainer slot looked busy, must not be left behind
        } while (!q.waiting.isEmpty() && claimDrainer(q));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
