package io.kvaudit.store;

import io.kvaudit.model.Result;
import io.kvaudit.model.RuleTally;
import io.kvaudit.model.Status;
import io.kvaudit.rules.CompiledRule;
import io.kvaudit.waiver.ExceptionMatcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sink of the evaluate stage: applies exceptions, counts per rule and status, and writes results to the run store
 * in batches, so memory stays flat however many results a tenant gives. Thread-safe (batches are serialized).
 */
public final class ResultRecorder implements Consumer<List<Result>> {

    private static final int BATCH = 2000;

    private final RunStore store;
    private final String runId;
    private final ExceptionMatcher exceptions;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, CompiledRule> rules = new LinkedHashMap<>();
    private final List<Result> buffer = new ArrayList<>(BATCH);

    public ResultRecorder(RunStore store, String runId, ExceptionMatcher exceptions, List<CompiledRule> enabledRules) {
        this.store = store;
        this.runId = runId;
        this.exceptions = exceptions;
        for (CompiledRule r : enabledRules) {
            rules.put(r.id(), r);
            counts.put(r.id(), new long[Status.values().length]);
        }
    }

    @Override
    public synchronized void accept(List<Result> results) {
        for (Result raw : results) {
            Result r = exceptions.apply(raw);
            counts.get(r.ruleId())[r.status().ordinal()]++;
            buffer.add(r);
            if (buffer.size() >= BATCH) flush();
        }
    }

    public synchronized void flush() {
        if (buffer.isEmpty()) return;
        store.insertResults(runId, buffer);
        buffer.clear();
    }

    public synchronized List<RuleTally> tallies() {
        List<RuleTally> out = new ArrayList<>();
        counts.forEach((id, c) -> {
            var d = rules.get(id).definition();
            long evaluated = c[0] + c[1] + c[2] + c[3];
            out.add(new RuleTally(id, d.title(), d.severity(), evaluated, c[Status.PASS.ordinal()],
                    c[Status.FAIL.ordinal()], c[Status.MUTED.ordinal()], c[Status.ERROR.ordinal()]));
        });
        return out;
    }
}
