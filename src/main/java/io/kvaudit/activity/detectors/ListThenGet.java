package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Enumerate, then harvest (Defender's KV_ListGetAnomaly): a caller whose successful SecretList on a vault in the
 * detection window is followed, within {@code withinMinutes}, by successful SecretGets of at least
 * {@code minDistinctGets} distinct secrets (by name, not version), when that caller never listed the vault's secrets
 * successfully in the baseline.
 *
 * <p>Facts keep, per hour bucket, the first and last event of each (operation, object, IP...) group, so the span is
 * timed from events the logs prove: each list fact's {@code firstSeen} and {@code lastSeen} are list events, and the
 * span from each runs {@code withinMinutes} on (with 60 minutes: the rest of the list's hour bucket and part of the
 * next). A get fact counts for a span when one of its events certainly lies in it: its {@code lastSeen} at or after
 * the span's start and its {@code firstSeen} at most {@code withinMinutes} after it (a fact spans less than its hour,
 * so one of the two then lies inside). Gets the facts cannot place in the span are not counted: the count is a lower
 * bound, never more than happened. A denied list shows the caller no names, so neither the list in the window nor
 * the baseline's "listed before" counts one.
 */
public final class ListThenGet implements Detector {

    static final String LIST = "SecretList", GET = "SecretGet";
    static final int NAMES = 25;

    @Override
    public String id() { return "activity-list-then-get"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return Baseline.historyDays(params, window); }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        ActivityWindow window = context.window();
        long minGets = params.integer("minDistinctGets");
        Duration within = Duration.ofMinutes(params.integer("withinMinutes"));
        Map<String, List<LogFact>> lists = new TreeMap<>(), gets = new TreeMap<>();
        Map<String, Principal> callers = new LinkedHashMap<>();
        Set<String> listedBefore = new HashSet<>();
        for (LogFact f : vault.facts()) {
            if (!f.succeeded() || f.caller().isAnonymous()) continue;
            String key = f.caller().key();
            if (f.operation().equals(LIST)) {
                if (window.inBaseline(f.bucket())) listedBefore.add(key);
                else if (window.inDetection(f.bucket())) {
                    lists.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                    callers.putIfAbsent(key, f.caller());
                }
            } else if (f.operation().equals(GET) && f.objectName() != null && window.inDetection(f.bucket())) {
                gets.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            }
        }
        Baseline baseline = Baseline.of(vault.coverage(), window);
        for (Map.Entry<String, List<LogFact>> e : lists.entrySet()) {
            String key = e.getKey();
            if (listedBefore.contains(key) || !gets.containsKey(key)) continue;
            TreeSet<Instant> anchors = new TreeSet<>();
            for (LogFact l : e.getValue()) {
                anchors.add(l.firstSeen());
                anchors.add(l.lastSeen());
            }
            Instant bestAnchor = null;
            TreeMap<String, LogFact> best = new TreeMap<>();
            for (Instant a : anchors) {
                TreeMap<String, LogFact> names = new TreeMap<>();
                Instant end = a.plus(within);
                for (LogFact g : gets.get(key))
                    if (!g.lastSeen().isBefore(a) && !g.firstSeen().isAfter(end)) names.putIfAbsent(g.objectName(), g);
                if (names.size() > best.size()) {
                    best = names;
                    bestAnchor = a;
                }
            }
            if (best.size() < minGets) continue;
            Principal who = callers.get(key);
            Instant listedAt = bestAnchor;
            List<LogFact> examples = new ArrayList<>();
            e.getValue().stream().filter(l -> l.firstSeen().equals(listedAt) || l.lastSeen().equals(listedAt)).findFirst()
                    .ifPresent(examples::add);
            examples.addAll(best.values());
            List<String> names = List.copyOf(best.keySet());
            Evidence ev = Evidence.detection(window).principal(who)
                    .put("listedAt", listedAt.toString()).put("distinctGets", best.size()).put("minDistinctGets", minGets)
                    .put("withinMinutes", within.toMinutes())
                    .put("secrets", names.size() <= NAMES ? names : names.subList(0, NAMES))
                    .put("baselineLists", 0).put("baseline", baseline.evidence());
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " listed the secrets of " + vault.vault().name()
                    + " at " + listedAt + " and within " + within.toMinutes() + " minutes read " + best.size()
                    + " distinct secrets; it never listed them in the " + baseline.days().size() + " baseline days",
                    ev.examples(examples).vault(vault, context.sources()).map()));
        }
    }
}
