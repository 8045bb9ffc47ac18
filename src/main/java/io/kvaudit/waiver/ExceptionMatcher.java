package io.kvaudit.waiver;

import io.kvaudit.model.AppliedException;
import io.kvaudit.model.Result;
import io.kvaudit.model.Status;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Turns FAIL into MUTED where an unexpired exception matches, and remembers which entries muted something and which
 * expired entries would have, so reports can list applied, expired and unused exceptions. Thread-safe.
 */
public final class ExceptionMatcher {

    /** What became of one entry in this run. */
    public record Use(ExceptionEntry entry, boolean expired, int matched) {}

    private final List<ExceptionEntry> entries;
    private final LocalDate today;
    private final AtomicIntegerArray matched;

    public ExceptionMatcher(List<ExceptionEntry> entries, LocalDate today) {
        this.entries = entries;
        this.today = today;
        this.matched = new AtomicIntegerArray(entries.size());
    }

    public Result apply(Result r) {
        if (r.status() != Status.FAIL || entries.isEmpty()) return r;
        ExceptionEntry muting = null;
        for (int i = 0; i < entries.size(); i++) {
            ExceptionEntry e = entries.get(i);
            if (!e.matches(r)) continue;
            matched.incrementAndGet(i); // every matching entry is "used", so an expired twin is reported as expired
            if (muting == null && !e.expiredOn(today)) muting = e;
        }
        return muting == null ? r : r.withStatus(Status.MUTED, new AppliedException(muting.reason(), muting.owner(), muting.expires()));
    }

    public List<Use> uses() {
        return java.util.stream.IntStream.range(0, entries.size())
                .mapToObj(i -> new Use(entries.get(i), entries.get(i).expiredOn(today), matched.get(i))).toList();
    }
}
