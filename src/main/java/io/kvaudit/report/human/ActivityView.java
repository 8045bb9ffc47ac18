package io.kvaudit.report.human;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvaudit.model.Result;
import io.kvaudit.model.Status;
import io.kvaudit.store.RuleCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report's activity section (docs/reports.md): whether the access-log stage ran, over which windows and logs,
 * each detector with what it found (the evidence as a table an analyst reads without opening Log Analytics, what to
 * do), and each vault's log coverage.
 */
public record ActivityView(boolean ran, String skipped, JsonNode windows, JsonNode activity, List<DetectorView> withFindings,
                           List<DetectorView> withoutFindings, List<CoverageLine> coverage) {

    /** Where the logs came from, as one line. */
    public String sources() {
        List<String> out = new ArrayList<>();
        activity.path("logSources").forEach(x -> out.add(x.asText()));
        return out.isEmpty() ? "no log file" : String.join(", ", out);
    }

    /** One detector: its metadata, counts and its findings and not-assessed vaults (capped like rules). */
    public record DetectorView(RuleCatalog.Entry detector, long evaluated, long passed, long failed, long muted, long errors,
                               List<FindingView> findings, long notShown) {}

    /** One activity result: the principal, its own counts as name/value pairs, and up to five example events. */
    public record FindingView(Result result, String principal, List<String[]> facts, List<Map<String, Object>> examples,
                              ReportView.Line line) {
        public boolean muted() { return result.status() == Status.MUTED; }
    }

    /** One vault's log coverage as the report lists it. */
    public record CoverageLine(String vault, String workspaces, String from, String to, long events, String lastEvent, String note) {}

    /** Evidence keys every finding has and the section shows elsewhere (window) or as its own columns. */
    private static final Set<String> SHOWN_APART = Set.of("window", "principal", "examples", "vault", "workspaces", "logSource");

    static ActivityView of(JsonNode coverage, List<RuleCatalog.Entry> detectors, Map<String, JsonNode> tallies,
                           Map<String, List<ReportView.Line>> lines) {
        JsonNode a = coverage.path("activity");
        boolean ran = a.path("ran").asBoolean(false);
        String skipped = a.isMissingNode() ? "the run predates the activity stage" : a.path("skipped").asText(null);
        List<DetectorView> with = new ArrayList<>(), without = new ArrayList<>();
        for (RuleCatalog.Entry d : detectors) {
            JsonNode t = tallies.get(d.id());
            if (t == null) continue;
            long p = t.path("passed").asLong(), f = t.path("failed").asLong(), m = t.path("muted").asLong(), e = t.path("errors").asLong();
            List<FindingView> findings = new ArrayList<>();
            for (ReportView.Line l : lines.getOrDefault(d.id(), List.of())) findings.add(finding(l));
            // findings first, then what is muted, then what could not be judged (unverifiable, not assessed)
            findings.sort(java.util.Comparator.comparingInt(x -> switch (x.result().status()) {
                case FAIL -> 0; case MUTED -> 1; default -> 2; }));
            DetectorView view = new DetectorView(d, t.path("evaluated").asLong(), p, f, m, e, findings,
                    Math.max(0, f + m + e - findings.size()));
            (f + m > 0 ? with : without).add(view);
        }
        List<CoverageLine> cov = new ArrayList<>();
        for (JsonNode v : a.path("vaults")) {
            String id = v.path("vaultId").asText();
            List<String> ws = new ArrayList<>();
            v.path("workspaces").forEach(w -> ws.add(w.asText().substring(w.asText().lastIndexOf('/') + 1)));
            String note = v.hasNonNull("notAssessable") ? "not assessable: " + v.path("notAssessable").asText()
                    : v.hasNonNull("incomplete") ? "incomplete: " + v.path("incomplete").asText()
                    : v.path("from").isNull() ? "no audit event in the logs" : "";
            cov.add(new CoverageLine(id.substring(id.lastIndexOf('/') + 1), String.join(", ", ws), day(v.path("from")),
                    day(v.path("to")), v.path("events").asLong(), day(v.path("lastEvent")), note));
        }
        return new ActivityView(ran, skipped, a.path("windows"), a, with, without, cov);
    }

    @SuppressWarnings("unchecked")
    private static FindingView finding(ReportView.Line l) {
        Result r = l.result();
        Map<String, Object> ev = r.evidence();
        String principal = "";
        if (ev.get("principal") instanceof Map<?, ?> p) {
            Object oid = p.get("objectId"), upn = p.get("upn"), app = p.get("appId");
            principal = (oid == null ? "" : oid.toString()) + (upn != null ? " (" + upn + ")" : app != null ? " (app " + app + ")" : "");
        }
        List<String[]> facts = new ArrayList<>();
        ev.forEach((k, v) -> { if (!SHOWN_APART.contains(k)) facts.add(new String[]{k, text(v)}); });
        List<Map<String, Object>> examples = ev.get("examples") instanceof List<?> x ? (List<Map<String, Object>>) x : List.of();
        return new FindingView(r, principal.strip(), facts, examples, l);
    }

    private static String text(Object v) {
        if (v instanceof List<?> l) return String.join(", ", l.stream().map(String::valueOf).toList());
        if (v instanceof Map<?, ?> m) return String.join(", ", m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        return String.valueOf(v);
    }

    private static String day(JsonNode t) {
        if (t == null || t.isNull() || t.isMissingNode()) return "";
        String s = t.asText();
        return s.length() >= 16 ? s.substring(0, 10) + " " + s.substring(11, 16) : s;
    }
}
