package io.kvaudit.store;

import io.kvaudit.model.Result;
import io.kvaudit.model.RuleTally;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;
import io.kvaudit.rules.CompiledRule;
import io.kvaudit.rules.ConfiguredDetector;
import io.kvaudit.waiver.ExceptionMatcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The sink of the evaluate and activity stages. For each result, in the evaluator's deterministic order: applies exceptions, counts
 * per rule and status, dates open results (first seen: carried over from the previous run when it was open then),
 * counts what the gate needs (FAIL per severity, minus the baseline) and what the trend needs (new, still open), and
 * writes results to the run store in compressed per-rule chunks (FAIL, ERROR and MUTED in full, PASS as
 * resource ids), so memory stays flat however many results a tenant gives.
 */
public final class ResultRecorder implements Consumer<List<Result>>, AutoCloseable {

    private static final int BATCH = 2000;
    private static final int PASS_CHUNK = 10_000;

    private final RunStore store;
    private final String runId;
    private final Instant runStarted;
    private final ExceptionMatcher exceptions;
    private final Set<String> baseline;
    private final Map<String, Instant> previousOpen;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    /** Title and severity of every rule and detector results may come from, for the tallies. */
    private record Check(String title, Severity severity) {}

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final Map<Severity, Long> gatingFailures = new EnumMap<>(Severity.class);
    private final Map<String, List<RunStore.Row>> open = new LinkedHashMap<>();
    private final Map<String, Integer> resultChunks = new LinkedHashMap<>();
    private final Map<String, List<String>> passes = new LinkedHashMap<>();
    private final Map<String, Integer> passChunks = new LinkedHashMap<>();
    private static final int IN_FLIGHT = 4;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "kvaudit-result-writer"));
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
    private int fresh, stillOpen;

    /**
     * @param previousOpen first-seen times of the previous completed run's open results, by fingerprint (empty on a
     *                     first run)
     * @param baseline     fingerprints already known (--baseline): they do not count for the gate
     */
    public ResultRecorder(RunStore store, String runId, Instant runStarted, ExceptionMatcher exceptions,
                          List<CompiledRule> enabledRules, List<ConfiguredDetector> enabledDetectors,
                          Map<String, Instant> previousOpen, Set<String> baseline) {
        this.store = store;
        this.runId = runId;
        this.runStarted = runStarted;
        this.exceptions = exceptions;
        this.previousOpen = previousOpen;
        this.baseline = baseline;
        for (CompiledRule r : enabledRules) {
            checks.put(r.id(), new Check(r.definition().title(), r.definition().severity()));
            counts.put(r.id(), new long[Status.values().length]);
        }
        for (ConfiguredDetector d : enabledDetectors) {
            checks.put(d.id(), new Check(d.definition().title(), d.definition().severity()));
            counts.put(d.id(), new long[Status.values().length]);
        }
    }

    @Override
    public synchronized void accept(List<Result> results) {
        for (Result raw : results) {
            Result r = exceptions.apply(raw);
            counts.get(r.ruleId())[r.status().ordinal()]++;
            Instant firstSeen = null;
            if (r.status() == Status.FAIL || r.status() == Status.MUTED) {
                Instant before = previousOpen.get(r.fingerprint());
                if (before != null || previousOpen.containsKey(r.fingerprint())) stillOpen++;
                else fresh++;
                firstSeen = before != null ? before : runStarted;
            }
            if (r.status() == Status.FAIL && !baseline.contains(r.fingerprint())) gatingFailures.merge(r.severity(), 1L, Long::sum);
            if (r.status() == Status.PASS) {
                List<String> ids = passes.computeIfAbsent(r.ruleId(), k -> new ArrayList<>());
                ids.add(r.resourceId());
                if (ids.size() >= PASS_CHUNK) flushPasses(r.ruleId(), ids);
                continue;
            }
            List<RunStore.Row> rows = open.computeIfAbsent(r.ruleId(), k -> new ArrayList<>());
            rows.add(new RunStore.Row(r, firstSeen));
            if (rows.size() >= BATCH) flushResults(r.ruleId(), rows);
        }
    }

    /** Hands whatever is still buffered to the writer; {@link #close()} waits for it. */
    public synchronized void flush() {
        open.forEach((rule, rows) -> { if (!rows.isEmpty()) flushResults(rule, rows); });
        passes.forEach((rule, ids) -> { if (!ids.isEmpty()) flushPasses(rule, ids); });
    }

    private void flushResults(String ruleId, List<RunStore.Row> rows) {
        int chunk = resultChunks.merge(ruleId, 1, Integer::sum) - 1;
        List<RunStore.Row> batch = List.copyOf(rows);
        rows.clear();
        write(() -> store.insertResults(runId, ruleId, chunk, batch));
    }

    private void flushPasses(String ruleId, List<String> ids) {
        int chunk = passChunks.merge(ruleId, 1, Integer::sum) - 1;
        List<String> batch = List.copyOf(ids);
        ids.clear();
        write(() -> store.insertPasses(runId, ruleId, chunk, batch));
    }

    /**
     * Database writes run on one writer thread, overlapping evaluation; at most {@link #IN_FLIGHT} batches wait, so
     * memory stays bounded, and the first failure is rethrown to the evaluating thread.
     */
    private void write(Runnable insert) {
        rethrowWriteFailure();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing results", e);
        }
        writer.execute(() -> {
            try {
                insert.run();
            } catch (RuntimeException e) {
                writeFailure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    /** Waits for every pending write and stops the writer thread; rethrows a write failure. */
    public void close() {
        flush();
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.MINUTES)) throw new IllegalStateException("result writes did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing results", e);
        }
        rethrowWriteFailure();
    }

    private void rethrowWriteFailure() {
        RuntimeException e = writeFailure.get();
        if (e != null) throw e;
    }

    /** Un-excepted FAIL results per severity that are not in the baseline: what the gate judges. */
    public synchronized Map<Severity, Long> gatingFailures() { return Map.copyOf(gatingFailures); }

    public synchronized int newOpen() { return fresh; }

    public synchronized int stillOpen() { return stillOpen; }

    /** Open results of the previous run that are not open now. */
    public synchronized int fixed() { return previousOpen.size() - stillOpen; }

    public synchronized List<RuleTally> tallies() {
        List<RuleTally> out = new ArrayList<>();
        counts.forEach((id, c) -> {
            Check d = checks.get(id);
            long evaluated = c[0] + c[1] + c[2] + c[3];
            out.add(new RuleTally(id, d.title(), d.severity(), evaluated, c[Status.PASS.ordinal()],
                    c[Status.FAIL.ordinal()], c[Status.MUTED.ordinal()], c[Status.ERROR.ordinal()]));
        });
        return out;
    }
}
