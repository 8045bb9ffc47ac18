package io.kvaudit.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The time windows of the activity stage, all ending at {@code asOf}: detection (the last {@code detectionDays}),
 * baseline (the {@code baselineDays} before detection) and dormancy (the last {@code dormancyDays}). Facts are bucketed
 * by hour inside detection and by day before it, both aligned to the detection window's start, so a baseline day is a
 * full 24 hours like a detection day (KQL: {@code bin_at(TimeGenerated, 1h|1d, detectionStart)}).
 */
public record ActivityWindow(Instant asOf, int detectionDays, int baselineDays, int dormancyDays) {

    public static final int DEFAULT_BASELINE_DAYS = 30;
    public static final int DEFAULT_DORMANCY_DAYS = 90;
    private static final long HOUR = 3600, DAY = 86_400;

    public static ActivityWindow of(Instant asOf, int detectionDays) {
        return new ActivityWindow(asOf, detectionDays, DEFAULT_BASELINE_DAYS, DEFAULT_DORMANCY_DAYS);
    }

    public Instant detectionStart() { return asOf.minus(Duration.ofDays(detectionDays)); }

    public Instant baselineStart() { return detectionStart().minus(Duration.ofDays(baselineDays)); }

    public Instant dormancyStart() { return asOf.minus(Duration.ofDays(dormancyDays)); }

    /** The earliest time any detector looks at. */
    public Instant earliest() {
        Instant b = baselineStart(), d = dormancyStart();
        return b.isBefore(d) ? b : d;
    }

    /** True when the time lies in [earliest, asOf): events outside are not folded into facts. */
    public boolean contains(Instant t) { return !t.isBefore(earliest()) && t.isBefore(asOf); }

    public boolean inDetection(Instant t) { return !t.isBefore(detectionStart()) && t.isBefore(asOf); }

    public boolean inBaseline(Instant t) { return !t.isBefore(baselineStart()) && t.isBefore(detectionStart()); }

    /** The start of the bucket holding {@code t}: its hour inside detection, its day before (aligned to detection). */
    public Instant bucket(Instant t) {
        long start = detectionStart().getEpochSecond();
        long s = t.getEpochSecond();
        long size = s >= start ? HOUR : DAY;
        return Instant.ofEpochSecond(start + Math.floorDiv(s - start, size) * size);
    }
}
