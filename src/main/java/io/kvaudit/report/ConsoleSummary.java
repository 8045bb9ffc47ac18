package io.kvaudit.report;

import io.kvaudit.gate.Gate;
import io.kvaudit.model.ActivityCoverage;
import io.kvaudit.model.Coverage;
import io.kvaudit.model.RuleTally;
import io.kvaudit.model.Severity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The concise summary a scan prints on stdout: counts by severity, coverage, top failing rules, files, verdict. */
public final class ConsoleSummary {

    private ConsoleSummary() {}

    public static void print(PrintStream out, String runId, String source, String tenantId, String asOf, Coverage c,
                             ActivityCoverage activity, List<RuleTally> tallies, Gate.Verdict verdict, String failOn,
                             List<Path> outputs) {
        out.printf("kvaudit scan %s%n", runId);
        out.printf("  source    %s, tenant %s, as of %s%n", source, tenantId, asOf);
        out.printf("  coverage  %d/%d subscriptions scanned, %d/%d vaults fully assessed; %d secrets, %d keys, "
                        + "%d certificates, %d role assignments%n", c.subscriptionsScanned(), c.subscriptionsInScope(),
                c.vaultsAssessed(), c.vaultsFound(), c.secrets(), c.keys(), c.certificates(), c.roleAssignments());
        int shown = 0;
        for (Coverage.NotAssessed n : c.notAssessed()) {
            if (shown++ == 5) { out.printf("            ... and %d more (see results.json coverage.notAssessed)%n", c.notAssessed().size() - 5); break; }
            // tenant text on a terminal: a control character (ESC) or a bidi override is shown, not obeyed
            out.printf("            not assessed: %s: %s%n", VisibleText.of(n.name() != null ? n.name() : n.resourceId()),
                    VisibleText.of(String.join("; ", n.reasons())));
        }
        if (activity != null) {
            if (activity.skipped() != null) out.printf("  activity  not run: %s%n", activity.skipped());
            else {
                long covered = activity.vaults().stream().filter(v -> v.from() != null).count();
                out.printf("  activity  %d audit events (%d rows in %d log files), %d of %d vaults with log coverage, %d not "
                                + "assessable; window %s .. %s%n", activity.events(), activity.rows(), activity.sources().size(), covered,
                        activity.vaults().size(), activity.notAssessable().size(), activity.window().detectionStart(), activity.window().asOf());
                if (activity.unreadableRows() > 0)
                    out.printf("            %d log rows could not be read, e.g. %s%n", activity.unreadableRows(), activity.unreadableExamples().get(0));
                for (String i : activity.incomplete()) out.printf("            incomplete: %s%n", i);
            }
        }
        Map<Severity, Long> fails = new EnumMap<>(Severity.class);
        long pass = 0, muted = 0, errors = 0;
        for (RuleTally t : tallies) {
            fails.merge(t.severity(), t.failed(), Long::sum);
            pass += t.passed(); muted += t.muted(); errors += t.errors();
        }
        long failTotal = fails.values().stream().mapToLong(Long::longValue).sum();
        String bySeverity = fails.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "));
        out.printf("  results   FAIL %d%s · MUTED %d · ERROR %d · PASS %d%n", failTotal,
                bySeverity.isEmpty() ? "" : " (" + bySeverity + ")", muted, errors, pass);
        List<RuleTally> top = tallies.stream().filter(t -> t.failed() > 0)
                .sorted(Comparator.comparing(RuleTally::severity).thenComparing(Comparator.comparingLong(RuleTally::failed).reversed()))
                .limit(5).toList();
        if (!top.isEmpty()) {
            out.println("  top failing rules");
            for (RuleTally t : top) out.printf("            %-8s %5d  %s%n", t.severity().label(), t.failed(), t.id());
        }
        for (Path p : outputs) out.printf("  report    %s%n", p);
        out.printf("  gate      --fail-on %s: %s -> exit %d%n", failOn, verdict.explanation(), verdict.exitCode());
    }
}
