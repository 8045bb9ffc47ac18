package io.kvaudit.source.azure;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a live scan asked of Azure: calls by kind, attempts on the wire, throttled answers (429), retries, Key Vault
 * authentication challenges, and the most requests that were in flight at once. Thread-safe.
 */
public final class ApiCallStats {

    private final Map<String, LongAdder> callsByKind = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder challenges = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    void call(String kind) {
        calls.increment();
        callsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void failed() { failed.increment(); }

    void attemptStarted() {
        attempts.increment();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void attemptEnded(int status, boolean challenge) {
        inFlight.decrementAndGet();
        if (status == 429) throttled.increment();
        if (challenge) challenges.increment();
    }

    /** Logical calls (a paged listing counts one per page). */
    public long calls() { return calls.sum(); }

    /** Requests sent, including Key Vault's unauthenticated challenge round trips and retries. */
    public long attempts() { return attempts.sum(); }

    public long throttled() { return throttled.sum(); }

    public long challenges() { return challenges.sum(); }

    /** Calls that ended without a successful answer (after retries). */
    public long failedCalls() { return failed.sum(); }

    /** Attempts beyond the first of each call, challenges aside. */
    public long retries() { return Math.max(0, attempts() - calls() - challenges()); }

    public int maxInFlight() { return maxInFlight.get(); }

    public Map<String, Long> callsByKind() {
        Map<String, Long> m = new TreeMap<>();
        callsByKind.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
