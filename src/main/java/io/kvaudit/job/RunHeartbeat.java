package io.kvaudit.job;

import io.kvaudit.collect.Cancellation;
import io.kvaudit.store.RunOwner;
import io.kvaudit.store.RunOwnership;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews a running run's heartbeat every {@link RunOwnership#HEARTBEAT} on a daemon thread, for as long as the run
 * executes. A renewal that finds the run no longer this process's (another process took it for interrupted) stops the
 * scan.
 */
final class RunHeartbeat implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kvaudit-heartbeat");
        t.setDaemon(true);
        return t;
    });

    RunHeartbeat(RunOwnership ownership, String runId, Cancellation cancel) {
        long every = RunOwnership.HEARTBEAT.toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                if (!ownership.heartbeat(runId, RunOwner.thisProcess(), Instant.now()))
                    cancel.cancel("another process found no heartbeat of this run for " + RunOwnership.STALE_AFTER.toSeconds()
                            + " s and took it for interrupted");
            } catch (RuntimeException e) {
                // the database is briefly unreachable: the next beat tries again
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
