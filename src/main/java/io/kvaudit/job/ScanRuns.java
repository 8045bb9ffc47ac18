package io.kvaudit.job;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scans running in this process, by run id, so job steps can reach their run's in-memory state, and so a stop
 * request (SIGTERM) reaches every one of them.
 */
@Component
public class ScanRuns {

    private final Map<String, ScanRun> runs = new ConcurrentHashMap<>();

    void put(ScanRun run) { runs.put(run.runId, run); }

    ScanRun get(String runId) {
        ScanRun run = runs.get(runId);
        if (run == null) throw new IllegalStateException("no scan run " + runId + " in this process");
        return run;
    }

    void remove(String runId) {
        runs.remove(runId);
        synchronized (this) {
            notifyAll();
        }
    }

    /** Asks every running scan to stop; returns their run ids. */
    public List<String> stopAll(String why) {
        List<String> ids = List.copyOf(runs.keySet());
        for (ScanRun r : runs.values()) r.cancel.cancel(why);
        return ids;
    }

    /** Waits until no scan runs here (each has recorded how it ended), at most {@code limit}; true when none does. */
    public boolean awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (!runs.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Run ids of the scans still running here. */
    public List<String> running() { return List.copyOf(runs.keySet()); }
}
