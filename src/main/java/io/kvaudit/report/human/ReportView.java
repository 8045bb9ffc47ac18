package io.kvaudit.report.human;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;
import io.kvaudit.model.VaultSummary;
import io.kvaudit.store.RuleCatalog;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import io.kvaudit.store.Trend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the human report shows, assembled from a stored run: every section's data, with long lists capped (the
 * full lists are in results.json and results.csv), so a 5,000-vault tenant still gives a report a browser opens.
 */
public record ReportView(RunRecord run, JsonNode coverage, Summary summary, Trend trend, List<FrameworkView> frameworks,
                         List<RuleView> failingRules, List<RuleView> passingRules, JsonNode exceptions,
                         List<VaultSummary> vaults, int vaultsNotShown, ActivityView activity) {

    static final int RESOURCES_PER_RULE = 25;
    static final int VAULTS_SHOWN = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counts for the executive summary. */
    public record Summary(long passed, long failed, long muted, long errors, Map<Severity, Long> failedBySeverity) {
        /** Passed share of the judged results (PASS, FAIL and MUTED; ERROR is reported as coverage, not scored). */
        public long score() {
            long judged = passed + failed + muted;
            return judged == 0 ? 100 : Math.round(100.0 * passed / judged);
        }

        public long failed(String severity) { return failedBySeverity.getOrDefault(Severity.parse(severity), 0L); }
    }

    /** One rule with its counts and its non-passing resources (capped). */
    public record RuleView(RuleCatalog.Entry rule, long evaluated, long passed, long failed, long muted, long errors,
                           List<Line> resources, long notShown) {}

    /** One non-passing result as the report lists it. */
    public record Line(Result result, Instant firstSeen) {
        public boolean muted() { return result.status() == Status.MUTED; }
    }

    /** A framework control with its status over the run. */
    public record ControlView(String id, String title, String status, List<String> rules, String guidance) {}

    public record FrameworkView(String name, String version, String prefix, List<ControlView> controls) {}

    public static ReportView of(RunRecord run, RunStore store) {
        RuleCatalog catalog = RuleCatalog.of(run);
        Map<String, JsonNode> tallies = new LinkedHashMap<>();
        for (JsonNode t : read(run.rulesJson())) tallies.put(t.path("id").asText(), t);
        Trend trend = store.trend(run);
        Map<String, Instant> firstSeen = store.openFirstSeen(run.runId());
        Map<String, List<Line>> lines = new LinkedHashMap<>();
        store.streamResults(run.runId(), false, r -> {
            List<Line> l = lines.computeIfAbsent(r.ruleId(), k -> new ArrayList<>());
            if (l.size() < RESOURCES_PER_RULE) l.add(new Line(r, firstSeen.get(r.fingerprint())));
        });
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        long passed = 0, failed = 0, muted = 0, errors = 0;
        List<RuleView> failing = new ArrayList<>(), passing = new ArrayList<>();
        List<RuleCatalog.Entry> detectors = new ArrayList<>();
        for (RuleCatalog.Entry rule : catalog.rules()) {
            JsonNode t = tallies.get(rule.id());
            if (t == null) continue; // rule not enabled in this run
            if (rule.isDetector()) detectors.add(rule);
            long p = t.path("passed").asLong(), f = t.path("failed").asLong(), m = t.path("muted").asLong(), e = t.path("errors").asLong();
            passed += p; failed += f; muted += m; errors += e;
            bySeverity.merge(Severity.parse(rule.severity()), f, Long::sum);
            if (rule.isDetector()) continue; // counted in the summary, shown in the activity section
            List<Line> shown = lines.getOrDefault(rule.id(), List.of());
            RuleView view = new RuleView(rule, t.path("evaluated").asLong(), p, f, m, e, shown, Math.max(0, f + m + e - shown.size()));
            (f + m + e > 0 ? failing : passing).add(view);
        }
        failing.sort((a, b) -> {
            int s = Severity.parse(a.rule().severity()).compareTo(Severity.parse(b.rule().severity()));
            return s != 0 ? s : Long.compare(b.failed(), a.failed());
        });
        List<VaultSummary> vaults = new ArrayList<>();
        int[] total = {0};
        store.streamVaults(run.runId(), v -> { if (total[0]++ < VAULTS_SHOWN) vaults.add(v); });
        JsonNode coverage = read(run.coverageJson());
        return new ReportView(run, coverage, new Summary(passed, failed, muted, errors, bySeverity), trend,
                frameworks(run, tallies), failing, passing, read(run.exceptionsJson()), vaults, Math.max(0, total[0] - VAULTS_SHOWN),
                ActivityView.of(coverage, detectors, tallies, lines));
    }

    /** A control fails when a mapped rule failed, passes when all passed, is not assessed when nothing was judged. */
    static List<FrameworkView> frameworks(RunRecord run, Map<String, JsonNode> tallies) {
        List<FrameworkView> out = new ArrayList<>();
        for (JsonNode f : read(run.frameworksJson())) {
            List<ControlView> controls = new ArrayList<>();
            for (JsonNode c : f.path("controls")) {
                List<String> rules = new ArrayList<>();
                c.path("rules").forEach(r -> rules.add(r.asText()));
                String status;
                if (c.path("manual").asBoolean()) status = "manual review";
                else {
                    long failed = 0, judged = 0;
                    for (String r : rules) {
                        JsonNode t = tallies.get(r);
                        if (t == null) continue;
                        failed += t.path("failed").asLong();
                        judged += t.path("passed").asLong() + t.path("failed").asLong() + t.path("muted").asLong();
                    }
                    status = failed > 0 ? "fail" : judged > 0 ? "pass" : "not assessed";
                }
                controls.add(new ControlView(c.path("id").asText(), c.path("title").asText(), status, rules,
                        c.path("guidance").isNull() ? null : c.path("guidance").asText(null)));
            }
            out.add(new FrameworkView(f.path("name").asText(), f.path("version").asText(null), f.path("prefix").asText(), controls));
        }
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return json == null ? JSON.createArrayNode() : JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
