package io.kvaudit.source.azure;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Log Analytics' limits per identity: at most {@code inFlight} queries at once and {@code perWindow} started in any
 * {@code window} (5 and 200 per 30 s for the query API). A query holds its slot while it runs (retries of a 429
 * included, inside the pipeline); one that would be the 201st in 30 s waits until the oldest leaves the window.
 * Thread-safe.
 */
final class QueryBudget {

    private final Semaphore slots;
    private final int perWindow;
    private final long windowNanos;
    private final ArrayDeque<Long> started = new ArrayDeque<>();
    private long waitedNanos;

    QueryBudget(int inFlight, int perWindow, Duration window) {
        this.slots = new Semaphore(Math.max(1, inFlight), true);
        this.perWindow = Math.max(1, perWindow);
        this.windowNanos = window.toNanos();
    }

    <T> T run(Supplier<T> query) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a Log Analytics query slot", e);
        }
        try {
            startWithinRate();
            return query.get();
        } finally {
            slots.release();
        }
    }

    /** Time spent waiting for the rate limit (not for a slot), over the run. */
    synchronized Duration waited() { return Duration.ofNanos(waitedNanos); }

    private synchronized void startWithinRate() {
        while (true) {
            long now = System.nanoTime();
            while (!started.isEmpty() && now - started.peekFirst() >= windowNanos) started.pollFirst();
            if (started.size() < perWindow) {
                started.addLast(now);
                return;
            }
            long wait = started.peekFirst() + windowNanos - now;
            try {
                long ms = Math.max(1, wait / 1_000_000);
                wait(ms);
                waitedNanos += System.nanoTime() - now;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Log Analytics' query rate", e);
            }
        }
    }
}
