package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityStage;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogCoverage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the detectors that compare the detection window with the baseline share: the history they need
 * ({@code minBaselineDays} of baseline on top of the detection window), which of a vault's baseline days its logs
 * cover, and the baseline as evidence states it.
 *
 * <p>A baseline day is one day bucket of the {@code baselineDays} before the detection window (aligned to its start).
 * It is covered when the vault's logs reach back to its start, within the stage's slack of one hour (the same test
 * the stage applies to the whole history, so a vault the stage lets through has at least {@code minBaselineDays}
 * covered days). A day the logs do not reach is absent, never a day of zero calls.
 */
final class Baseline {

    static final String MIN_DAYS = "minBaselineDays";
    private static final Duration DAY = Duration.ofDays(1);

    private final ActivityWindow window;
    private final List<Instant> days;

    private Baseline(ActivityWindow window, List<Instant> days) {
        this.window = window;
        this.days = days;
    }

    /**
     * Days of logs a baseline detector needs before --as-of: the detection window plus {@code minBaselineDays}, which
     * must lie in 1..baselineDays (more could never be met by the baseline, which is all these detectors compare with).
     */
    static double historyDays(DetectorParams params, ActivityWindow window) {
        long min = params.integer(MIN_DAYS);
        if (min < 1 || min > window.baselineDays())
            throw new ConfigurationException("detector " + params.detectorId() + ": param " + MIN_DAYS + ": expected 1.."
                    + window.baselineDays() + " (the baseline is the " + window.baselineDays()
                    + " days before the detection window), found " + min);
        return window.detectionDays() + min;
    }

    /** The baseline days a vault's logs ({@link VaultActivity#coverage()}) cover, oldest first. */
    static Baseline of(LogCoverage c, ActivityWindow window) {
        List<Instant> days = new ArrayList<>();
        if (c != null && c.from() != null) {
            Instant reach = c.from().minusSeconds(Math.round(ActivityStage.SLACK_DAYS * 86_400));
            for (Instant d = window.baselineStart(); d.isBefore(window.detectionStart()); d = d.plus(DAY))
                if (!d.isBefore(reach)) days.add(d);
        }
        return new Baseline(window, List.copyOf(days));
    }

    /** The covered baseline days' bucket starts, oldest first. */
    List<Instant> days() { return days; }

    /** The detection day (0-based, aligned to the window's start) an hour bucket of the detection window falls in. */
    static int detectionDay(Instant bucket, ActivityWindow window) {
        return (int) Math.floorDiv(Duration.between(window.detectionStart(), bucket).toSeconds(), DAY.toSeconds());
    }

    /** The start of detection day {@code i}. */
    static Instant detectionDayStart(int i, ActivityWindow window) { return window.detectionStart().plus(DAY.multipliedBy(i)); }

    /** The baseline as evidence states it: its span and how many of its days the logs cover. */
    Map<String, Object> evidence() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", (days.isEmpty() ? window.baselineStart() : days.get(0)).toString());
        m.put("to", window.detectionStart().toString());
        m.put("days", days.size());
        return m;
    }
}
