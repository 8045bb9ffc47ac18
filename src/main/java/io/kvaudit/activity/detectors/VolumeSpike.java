package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.FactAggregator;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.Operations;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Successful reads per day in the detection window against the same count over the covered baseline days, for the
 * vault as a whole and for each caller on it (Sentinel's "Key Vault access TimeSeries anomaly", as a robust test):
 * a detection day is a spike when its reads exceed median + {@code madMultiplier} × MAD of the baseline days and the
 * baseline median exceeds {@code minBaselineMedian}.
 *
 * <ul>
 * <li>Each detection day (24 hours from the window's start) is judged on its own, so {@code --activity-days 3} compares
 *     three days with the baseline, not their sum; one finding per vault (and per caller) lists every day that spiked.
 * <li>Baseline days the vault's logs do not cover are left out ({@link Baseline}); a covered day without reads is a 0.
 *     A caller's series runs over the vault's covered days, with 0 where it made no read.
 * <li>MAD is the raw median absolute deviation (not scaled by 1.4826 to estimate σ), floored at
 *     {@code madFloor} × √median: the spread a steady count of that size shows by chance alone (a Poisson count's
 *     standard deviation). A flat baseline (MAD 0) of 288 reads a day thus flags 339 reads or more
 *     (288 + 3 × √288 = 338.9), not 289; {@code madFloor: 0.0} gives the bare MAD.
 * <li>A read is a successful SecretGet, KeyGet, CertificateGet or key operation ({@link Operations#READS}).
 * <li>A caller's finding names who to ask, so the vault's own finding for a day is dropped when the callers that
 *     spiked that day make up the vault's rise over its median (a vault with one reader gives one finding, not two);
 *     a rise that callers without a baseline of their own drive (their median is 0, below any minimum) stays on the
 *     vault.
 * </ul>
 */
public final class VolumeSpike implements Detector {

    @Override
    public String id() { return "activity-volume-spike"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return Baseline.historyDays(params, window); }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        ActivityWindow window = context.window();
        Baseline baseline = Baseline.of(vault.coverage(), window);
        if (baseline.days().isEmpty()) return;
        Map<Instant, Integer> dayIndex = new HashMap<>();
        for (int i = 0; i < baseline.days().size(); i++) dayIndex.put(baseline.days().get(i), i);
        Series total = new Series(baseline.days().size(), window.detectionDays());
        Map<String, Series> byCaller = new TreeMap<>();
        Map<String, Principal> callers = new LinkedHashMap<>();
        for (LogFact f : vault.facts()) {
            if (!f.succeeded() || !Operations.isRead(f.operation())) continue;
            Series caller = null;
            if (!f.caller().isAnonymous()) {
                caller = byCaller.computeIfAbsent(f.caller().key(), k -> new Series(baseline.days().size(), window.detectionDays()));
                callers.putIfAbsent(f.caller().key(), f.caller());
            }
            if (window.inDetection(f.bucket())) {
                int d = Baseline.detectionDay(f.bucket(), window);
                total.add(d, f);
                if (caller != null) caller.add(d, f);
            } else {
                Integer i = dayIndex.get(f.bucket());
                if (i == null) continue;
                total.baseline[i] += f.count();
                if (caller != null) caller.baseline[i] += f.count();
            }
        }
        // callers first: a day's rise their own findings account for is not reported again on the vault
        double[] explained = new double[window.detectionDays()];
        byCaller.forEach((key, s) -> judge(vault, context, params, baseline, callers.get(key), s, null, explained, out));
        judge(vault, context, params, baseline, null, total, explained, null, out);
    }

    /** One vault's or caller's reads: per covered baseline day, per detection day, and the detection facts by day. */
    private static final class Series {
        final long[] baseline;
        final long[] detection;
        final List<List<LogFact>> facts = new ArrayList<>();

        Series(int baselineDays, int detectionDays) {
            baseline = new long[baselineDays];
            detection = new long[detectionDays];
            for (int i = 0; i < detectionDays; i++) facts.add(new ArrayList<>());
        }

        void add(int day, LogFact f) {
            detection[day] += f.count();
            facts.get(day).add(f);
        }
    }

    /**
     * Judges one series: each detection day above the threshold is a spike, unless {@code explained} (the vault's
     * series) says the callers' own spikes that day make up its rise over the median. A caller's spikes add their
     * rise to {@code explains}.
     */
    private static void judge(VaultActivity vault, ActivityContext context, DetectorParams params, Baseline baseline,
                              Principal who, Series s, double[] explained, double[] explains, List<Finding> out) {
        double k = params.decimal("madMultiplier"), minMedian = params.decimal("minBaselineMedian"), floor = params.decimal("madFloor");
        double median = median(s.baseline);
        if (!(median > minMedian)) return;
        double[] deviations = new double[s.baseline.length];
        for (int i = 0; i < deviations.length; i++) deviations[i] = Math.abs(s.baseline[i] - median);
        double mad = median(deviations);
        double spread = Math.max(mad, floor * Math.sqrt(median));
        double threshold = median + k * spread;
        List<Map<String, Object>> spikes = new ArrayList<>();
        int peak = -1;
        for (int d = 0; d < s.detection.length; d++) {
            if (s.detection[d] <= threshold || explained != null && s.detection[d] - median <= explained[d]) continue;
            if (explains != null) explains[d] += s.detection[d] - median;
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("day", Baseline.detectionDayStart(d, context.window()).toString());
            day.put("reads", s.detection[d]);
            spikes.add(day);
            if (peak < 0 || s.detection[d] > s.detection[peak]) peak = d;
        }
        if (peak < 0) return;
        Evidence e = Evidence.detection(context.window()).principal(who)
                .put("reads", s.detection[peak]).put("day", Baseline.detectionDayStart(peak, context.window()).toString())
                .put("spikeDays", spikes)
                .put("baselineMedian", round(median)).put("baselineMad", round(mad)).put("madUsed", round(spread))
                .put("threshold", round(threshold)).put("madMultiplier", round(k)).put("madFloor", round(floor))
                .put("minBaselineMedian", round(minMedian))
                .put("baselineDailyReads", Arrays.stream(s.baseline).boxed().toList())
                .put("baseline", baseline.evidence());
        String subject = who == null ? vault.vault().name() + " served " : who.display() + " made ";
        out.add(new Finding(vault.id(), "vault", who, null, subject + s.detection[peak] + " successful reads"
                + (who == null ? "" : " on " + vault.vault().name()) + " in the day from "
                + Baseline.detectionDayStart(peak, context.window()) + ", above its baseline's " + round(threshold)
                + " (median " + round(median) + " a day + " + round(k) + " × MAD " + round(spread) + " over "
                + s.baseline.length + " days)" + (spikes.size() > 1 ? "; " + spikes.size() + " days spiked" : ""),
                e.examples(largest(s.facts.get(peak))).vault(vault, context.sources()).map()));
    }

    /** The peak day's largest facts: where the reads came from, rather than the day's first ordinary ones. */
    private static List<LogFact> largest(List<LogFact> facts) {
        return facts.stream().sorted(Comparator.comparingLong(LogFact::count).reversed().thenComparing(FactAggregator.ORDER))
                .limit(Evidence.EXAMPLES).toList();
    }

    static double median(long[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return median(d);
    }

    static double median(double[] values) {
        if (values.length == 0) return 0;
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static Object round(double x) {
        if (x == Math.rint(x)) return (long) x;
        return Math.round(x * 100) / 100.0;
    }
}
