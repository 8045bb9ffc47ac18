package io.kvaudit.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.RuleTally;
import io.kvaudit.model.Severity;
import io.kvaudit.report.VisibleText;
import io.kvaudit.store.Trend;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON a webhook receives (docs/notifications.md, schemaVersion 1): the facts for a script, and {@code text}, a
 * one-paragraph markdown summary that Slack and Microsoft Teams incoming webhooks post as the message (both read
 * {@code text} and ignore the other fields).
 */
public final class NotificationPayload {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Severity[] SEVERITIES = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO};

    private NotificationPayload() {}

    public static String json(ScanNotification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text(n));
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("event", "scan.finished");
        m.put("runId", n.runId());
        m.put("status", n.status());
        m.put("tenantId", n.tenantId());
        m.put("source", n.source());
        m.put("asOf", str(n.asOf()));
        m.put("startedAt", str(n.startedAt()));
        m.put("finishedAt", str(n.finishedAt()));
        m.put("tool", ordered("name", "kvaudit", "version", n.toolVersion()));
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        bySeverityCounts(n).forEach((s, c) -> bySeverity.put(s.label(), ordered("fail", c[0], "muted", c[1], "error", c[2], "pass", c[3])));
        m.put("counts", ordered("fail", n.failCount(), "muted", n.mutedCount(), "error", n.errorCount(), "pass", n.passCount(),
                "bySeverity", bySeverity));
        m.put("gate", ordered("failOn", n.failOn(), "failOnIncomplete", n.failOnIncomplete(), "passed", n.exitCode() == 0,
                "exitCode", n.exitCode(), "explanation", n.verdict()));
        m.put("trend", n.trend() == null ? null : trend(n.trend()));
        m.put("reports", ordered("outDir", n.outDir(), "files", n.files(), "manifestSha256", n.manifestSha256()));
        m.put("error", n.error());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One paragraph: run and tenant, the verdict with the exit code, FAIL by severity and the other counts, new and
     * fixed since the previous run, and where the reports are. Values from outside kvaudit are shown with their
     * invisible controls made visible and without characters that would end a code span or start a Slack link.
     */
    public static String text(ScanNotification n) {
        List<String> sentences = new ArrayList<>();
        String run = "kvaudit scan `" + plain(n.runId()) + "` of tenant `" + plain(n.tenantId()) + "` (" + plain(n.source())
                + ", as of " + str(n.asOf()) + "): ";
        if ("FAILED".equals(n.status())) {
            sentences.add(run + "SCAN FAILED, exit " + n.exitCode() + ": " + plain(n.error()) + ".");
        } else {
            sentences.add(run + (n.exitCode() == 0 ? "gate passed" : "GATE FAILED") + ", exit " + n.exitCode()
                    + " (--fail-on " + n.failOn() + ": " + plain(n.verdict()) + ").");
            String severities = bySeverityCounts(n).entrySet().stream().filter(e -> e.getValue()[0] > 0)
                    .map(e -> e.getKey().label() + " " + e.getValue()[0]).collect(Collectors.joining(", "));
            sentences.add("FAIL " + n.failCount() + (severities.isEmpty() ? "" : " (" + severities + ")") + " · MUTED "
                    + n.mutedCount() + " · ERROR " + n.errorCount() + " · PASS " + n.passCount() + ".");
            Trend tr = n.trend();
            if (tr != null && tr.previousRunId() != null)
                sentences.add("Since run `" + plain(tr.previousRunId()) + "`: " + tr.newCount() + " new, " + tr.fixedCount()
                        + " fixed, " + tr.stillOpenCount() + " still open"
                        + (tr.pruned() != null ? " (" + tr.pruned().runs() + " more recent run(s) pruned from the history)" : "") + ".");
            else if (tr != null && tr.pruned() != null)
                sentences.add("No comparison: the results of every earlier run were pruned from the history.");
            else if (tr != null)
                sentences.add("First run on this tenant in the history.");
        }
        if (!n.files().isEmpty())
            sentences.add("Reports in `" + plain(n.outDir()) + "`: " + String.join(", ", n.files().stream().map(NotificationPayload::plain).toList()) + ".");
        return String.join(" ", sentences);
    }

    private static Map<String, Object> trend(Trend t) {
        Map<String, Object> pruned = t.pruned() == null ? null : ordered("runs", t.pruned().runs(), "latestRunId", t.pruned().latestRunId(),
                "latestStartedAt", str(t.pruned().latestStartedAt()));
        return ordered("previousRunId", t.previousRunId(), "previousStartedAt", str(t.previousStartedAt()), "new", t.newCount(),
                "fixed", t.fixedCount(), "stillOpen", t.stillOpenCount(), "pruned", pruned);
    }

    /** fail, muted, error, pass per severity, highest first, every severity listed. */
    private static Map<Severity, long[]> bySeverityCounts(ScanNotification n) {
        Map<Severity, long[]> out = new EnumMap<>(Severity.class);
        for (Severity s : SEVERITIES) out.put(s, new long[4]);
        for (RuleTally r : n.tallies()) {
            long[] c = out.computeIfAbsent(r.severity(), k -> new long[4]);
            c[0] += r.failed();
            c[1] += r.muted();
            c[2] += r.errors();
            c[3] += r.passed();
        }
        return out;
    }

    /** Text for a markdown code span or sentence: controls visible, no backtick, no angle bracket (Slack's links). */
    private static String plain(String s) {
        if (s == null) return "";
        return VisibleText.of(s).replace('`', '\'').replace('<', '(').replace('>', ')').replace('\n', ' ').replace('\r', ' ');
    }

    private static String str(Object o) { return o == null ? null : o.toString(); }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
