package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.LogCoverage;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.rules.AccessAnalysis;
import io.kvaudit.rules.ConfiguredDetector;
import io.kvaudit.rules.RuleEvaluator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The activity stage: log facts joined with the inventory and the grants, judged by every enabled detector
 * (docs/activity.md). Pure: it reads only what it is given. For each detector and each vault, in order: a vault that
 * is not assessable for activity is skipped (it is reported once, in the coverage); a vault whose logs reach back
 * less far than the detector needs gives one ERROR ("not assessed: 12 days of logs, needs 90"); otherwise each
 * finding is a FAIL (or an ERROR, where the detector says it could not judge something: {@link Finding#notAssessed}),
 * and no finding a PASS on the vault, unless the logs were read only in part (ERROR: an incomplete read is never a
 * clean pass, nor hidden behind a not-assessed finding about something else).
 */
public final class ActivityStage {

    /** A vault whose first event comes within this long after the window's start still counts as covering it. */
    public static final double SLACK_DAYS = 1.0 / 24;

    private final List<ConfiguredDetector> detectors;
    private final ActivityWindow window;
    private final IpRanges listedIps;

    public ActivityStage(List<ConfiguredDetector> detectors, ActivityWindow window, IpRanges listedIps) {
        this.detectors = detectors;
        this.window = window;
        this.listedIps = listedIps;
    }

    /** What the stage saw, for results.json's coverage and the report. */
    public record Outcome(Map<String, LogCoverage> coverage, ActivityLog log) {}

    public Outcome run(Inventory inventory, ActivityLog log, Consumer<List<Result>> sink) {
        Map<String, LogCoverage> coverage = CoverageAnalysis.of(inventory, log, window);
        AccessAnalysis access = new AccessAnalysis(inventory);
        Map<String, List<LogFact>> factsByVault = new LinkedHashMap<>();
        for (LogFact f : log.facts()) factsByVault.computeIfAbsent(f.vaultId(), k -> new ArrayList<>()).add(f);
        Map<String, VaultActivity> vaults = new LinkedHashMap<>();
        for (VaultInventory vi : inventory.vaults())
            vaults.put(vi.vault().id(), new VaultActivity(vi, coverage.get(vi.vault().id()),
                    factsByVault.getOrDefault(vi.vault().id(), List.of()), access.assignmentsFor(vi.vault())));
        ActivityContext context = new ActivityContext(window, vaults, access, listedIps, log.sources());
        for (ConfiguredDetector cd : detectors) {
            if (!cd.enabled()) continue;
            Detector logic = Detectors.get(cd.id());
            DetectorParams params = new DetectorParams(cd.id(), cd.params());
            double needs = logic.historyDays(params, window);
            List<Result> results = new ArrayList<>();
            for (VaultActivity v : vaults.values()) {
                LogCoverage c = v.coverage();
                if (c.notAssessable() != null) continue;
                LogCoverage judged = logic.judgesSilence() ? silenceCoverage(c, log, needs) : c;
                String shortfall = judged == null ? null : shortfall(judged, needs);
                if (shortfall != null) {
                    results.add(result(cd, v, v.id(), "vault", null, Status.ERROR, null, shortfall, shortfallEvidence(judged, needs)));
                    continue;
                }
                List<Finding> found = new ArrayList<>();
                logic.detect(v, context, params, found);
                found.sort(Comparator.comparing(Finding::resourceId).thenComparing(f -> f.principal() == null ? "" : f.principal().key()));
                boolean failed = false, onVault = false;
                for (Finding f : found) {
                    results.add(result(cd, v, f.resourceId(), f.resourceType(), f.principal(), f.status(), f.severity(),
                            f.message(), f.evidence()));
                    failed |= f.status() == Status.FAIL;
                    onVault |= f.principal() == null && f.resourceId().equalsIgnoreCase(v.id());
                }
                if (!failed && !onVault && c.incomplete() != null)
                    results.add(result(cd, v, v.id(), "vault", null, Status.ERROR, null,
                            "not fully assessed: the logs were read only in part (" + c.incomplete() + ")", Map.of()));
                else if (found.isEmpty())
                    results.add(result(cd, v, v.id(), "vault", null, Status.PASS, null, null, logic.passEvidence(context, params)));
            }
            sink.accept(results);
        }
        return new Outcome(coverage, log);
    }

    /** What a not-assessed result says about the logs, in a fixed order (results.json is the same for the same input). */
    private Map<String, Object> shortfallEvidence(LogCoverage c, double needs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logsFrom", c.from() == null ? "" : c.from().toString());
        m.put("daysOfLogs", round(shown(c.days(window.asOf()), needs)));
        m.put("daysNeeded", round(needs));
        return m;
    }

    /**
     * The coverage a detector judging silence needs of a vault: none to check (null) when the vault logged an event
     * within the {@code needs} days; the span of the run's logs when it has no event of its own (its diagnostic
     * settings send AuditEvent to a workspace, so its events would be among them); else its own.
     */
    LogCoverage silenceCoverage(LogCoverage c, ActivityLog log, double needs) {
        if (c.lastEvent() != null && !c.lastEvent().isBefore(window.asOf().minusSeconds(Math.round(needs * 86_400)))) return null;
        if (c.from() != null || log.firstEvent() == null) return c;
        Instant from = log.firstEvent().isAfter(window.earliest()) ? log.firstEvent() : window.earliest();
        return new LogCoverage(c.vaultId(), c.workspaces(), from, log.lastEvent(), c.events(), c.firstEvent(), c.lastEvent(),
                c.notAssessable(), c.incomplete());
    }

    /** Why the vault's logs are too short for a detector needing {@code needs} days, or null when they suffice. */
    String shortfall(LogCoverage c, double needs) {
        if (c.from() == null) return "not assessed: no audit event of this vault in the logs, needs " + days(needs) + " of logs";
        if (c.to() != null && c.to().isBefore(window.detectionStart()))
            return "not assessed: the logs end at " + c.to() + ", before the detection window starts (" + window.detectionStart() + ")";
        double have = c.days(window.asOf());
        if (have + SLACK_DAYS < needs) return "not assessed: " + days(shown(have, needs)) + " of logs, needs " + round(needs);
        return null;
    }

    private static Result result(ConfiguredDetector cd, VaultActivity v, String resourceId, String resourceType,
                                 io.kvaudit.model.Principal principal, Status status, Severity severity, String message,
                                 Map<String, Object> evidence) {
        String fingerprintKey = resourceId + (principal == null ? "" : principal.key());
        return new Result(cd.id(), status, severity != null ? severity : cd.definition().severity(), resourceId.toLowerCase(Locale.ROOT),
                resourceType, v.vault().subscriptionId(), v.vault().name(), message, evidence, cd.controls(),
                status == Status.PASS ? null : RuleEvaluator.fingerprint(cd.id(), fingerprintKey), null);
    }

    /** "1 day", "12 days", "0.8 days". */
    static String days(double d) {
        Object n = round(d);
        return n + (n.equals(1L) ? " day" : " days");
    }

    /** To a tenth of a day, but down when rounding would show a shortfall as the figure needed ("1.0 days, needs 1"). */
    static double shown(double have, double needs) {
        double r = Math.round(have * 10) / 10.0;
        return r >= needs ? Math.floor(have * 10) / 10 : r;
    }

    static Object round(double days) {
        if (days == Math.rint(days)) return (long) days;
        return Math.round(days * 10) / 10.0;
    }

    /** The window's start as the report states it. */
    public Instant detectionStart() { return window.detectionStart(); }
}
