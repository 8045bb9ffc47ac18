package io.kvaudit.job;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The scans running in this process, by run id, so job steps can reach their run's in-memory state. */
@Component
public class ScanRuns {

    private final Map<String, ScanRun> runs = new ConcurrentHashMap<>();

    void put(ScanRun run) { runs.put(run.runId, run); }

    ScanRun get(String runId) {
        ScanRun run = runs.get(runId);
        if (run == null) throw new IllegalStateException("no scan run " + runId + " in this process");
        return run;
    }

    void remove(String runId) { runs.remove(runId); }
}
