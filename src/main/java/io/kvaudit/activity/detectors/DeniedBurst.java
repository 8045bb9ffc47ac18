package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A caller Key Vault keeps refusing (Defender's access-denied anomalies): at least {@code perHourAtLeast} 401/403
 * answers on one vault within an hour, or refusals on at least {@code vaultsPerDayAtLeast} vaults within 24 hours.
 * Authentication events and requests without a token (the 401 of Key Vault's challenge, which every client gets
 * first) are not refusals. The detection window's facts are hour buckets aligned to its start: an hour is one bucket,
 * or two adjacent buckets whose refusals all fall within 60 minutes (a burst across the bucket boundary); 24 hours
 * are 24 consecutive buckets, whatever calendar day they fall on.
 */
public final class DeniedBurst implements Detector {

    static final Duration HOUR = Duration.ofHours(1), DAY = Duration.ofDays(1);

    /** The busiest 60 minutes of one caller's refusals on one vault, and the facts in it. */
    record Hour(Instant from, long denials, List<LogFact> facts) {}

    /** The 24 hours in which one caller was refused on the most vaults, with its refusals per vault name. */
    record Day(Instant from, Map<String, Long> vaults) {}

    @Override
    public String id() { return "activity-denied-burst"; }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        long perHour = params.integer("perHourAtLeast"), vaultsPerDay = params.integer("vaultsPerDayAtLeast");
        Map<String, List<LogFact>> byCaller = refusals(vault, context);
        byCaller.forEach((key, facts) -> {
            Hour hour = busiestHour(facts);
            Day day = busiestDay(key, vault, context);
            boolean burst = hour.denials() >= perHour, spread = day.vaults().size() >= vaultsPerDay;
            if (!burst && !spread) return;
            Principal who = facts.get(0).caller();
            Map<String, Long> statuses = new TreeMap<>(), operations = new TreeMap<>();
            long denials = 0;
            for (LogFact f : facts) {
                statuses.merge(String.valueOf(f.httpStatus()), f.count(), Long::sum);
                operations.merge(f.operation(), f.count(), Long::sum);
                denials += f.count();
            }
            Evidence e = Evidence.detection(context.window()).principal(who)
                    .put("denials", denials).put("statuses", statuses).put("operations", operations)
                    .put("busiestHour", span(hour.from(), HOUR))
                    .put("busiestHourDenials", hour.denials()).put("perHourAtLeast", perHour)
                    .put("deniedVaults", day.vaults().size()).put("vaultsPerDayAtLeast", vaultsPerDay);
            if (spread) e.put("day", span(day.from(), DAY))
                    .put("deniedOn", day.vaults());
            List<String> why = new ArrayList<>();
            if (burst) why.add("was refused " + Plural.of(hour.denials(), "time") + " within an hour on " + vault.vault().name()
                    + " (from " + hour.from() + ")");
            if (spread) why.add("was refused on " + day.vaults().size() + " vaults within 24 hours ("
                    + String.join(", ", day.vaults().keySet()) + ")");
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " " + String.join(" and ", why),
                    e.examples(burst ? hour.facts() : facts).vault(vault, context.sources()).map()));
        });
    }

    /** The vault's refusals in the detection window by caller key: identified callers only, Authentication excluded. */
    static Map<String, List<LogFact>> refusals(VaultActivity vault, ActivityContext context) {
        Map<String, List<LogFact>> out = new TreeMap<>();
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || !f.denied() || f.caller().isAnonymous()
                    || "Authentication".equals(f.operation())) continue;
            out.computeIfAbsent(f.caller().key(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    /** One bucket, or two adjacent ones whose refusals span less than an hour: the one with the most refusals. */
    static Hour busiestHour(List<LogFact> facts) {
        TreeMap<Instant, List<LogFact>> byBucket = new TreeMap<>();
        for (LogFact f : facts) byBucket.computeIfAbsent(f.bucket(), k -> new ArrayList<>()).add(f);
        Hour best = null;
        for (Map.Entry<Instant, List<LogFact>> b : byBucket.entrySet()) {
            Hour one = new Hour(b.getKey(), sum(b.getValue()), b.getValue());
            if (best == null || one.denials() > best.denials()) best = one;
            List<LogFact> next = byBucket.get(b.getKey().plus(HOUR));
            if (next == null) continue;
            List<LogFact> both = new ArrayList<>(b.getValue());
            both.addAll(next);
            Instant first = both.stream().map(LogFact::firstSeen).min(Instant::compareTo).orElseThrow();
            Instant last = both.stream().map(LogFact::lastSeen).max(Instant::compareTo).orElseThrow();
            if (Duration.between(first, last).compareTo(HOUR) < 0 && sum(both) > best.denials())
                best = new Hour(first, sum(both), both);
        }
        return best;
    }

    /**
     * The 24 hours (from one of the caller's refusals) holding this vault's refusals and the most other vaults'. A
     * qualifying 24 hours can always be moved to start at its first refusal, so those starts are the only ones to try.
     */
    Day busiestDay(String caller, VaultActivity vault, ActivityContext context) {
        TreeMap<Instant, Map<String, Long>> byBucket = acrossVaults(context).getOrDefault(caller, new TreeMap<>());
        Day best = new Day(context.window().detectionStart(), Map.of());
        for (Instant start : byBucket.keySet()) {
            Map<String, Long> vaults = new TreeMap<>();
            byBucket.subMap(start, start.plus(DAY)).values().forEach(m -> m.forEach((name, n) -> vaults.merge(name, n, Long::sum)));
            if (vaults.containsKey(vault.vault().name()) && vaults.size() > best.vaults().size()) best = new Day(start, vaults);
        }
        return best;
    }

    /**
     * Every vault's refusals by caller, hour bucket and vault name, built once per run (ActivityContext.memo): detect
     * runs once per vault, and scanning every vault's facts each time would grow with the square of the vaults.
     */
    private static Map<String, TreeMap<Instant, Map<String, Long>>> acrossVaults(ActivityContext context) {
        return context.memo("denied-burst/refusals-across-vaults", () -> {
            Map<String, TreeMap<Instant, Map<String, Long>>> m = new HashMap<>();
            for (VaultActivity v : context.allVaults())
                refusals(v, context).forEach((caller, facts) -> {
                    for (LogFact f : facts)
                        m.computeIfAbsent(caller, k -> new TreeMap<>()).computeIfAbsent(f.bucket(), k -> new TreeMap<>())
                                .merge(v.vault().name(), f.count(), Long::sum);
                });
            return m;
        });
    }

    private static Map<String, Object> span(Instant from, Duration length) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from.toString());
        m.put("to", from.plus(length).toString());
        return m;
    }

    private static long sum(List<LogFact> facts) { return facts.stream().mapToLong(LogFact::count).sum(); }
}
