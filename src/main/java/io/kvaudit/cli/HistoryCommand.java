package io.kvaudit.cli;

import io.kvaudit.job.InterruptedRuns;
import io.kvaudit.job.PruneService;
import io.kvaudit.report.Manifest;
import io.kvaudit.store.HistoryFile;
import io.kvaudit.store.Retention;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code kvaudit history}: the runs stored in the database, newest first, with their counts and manifest digests;
 * {@code kvaudit history prune}: retention, deleting old runs' results while their counts stay.
 */
@Component
@Command(name = "history", mixinStandardHelpOptions = true, description = "Runs stored in the database, with their counts.",
        subcommands = HistoryCommand.Prune.class)
public class HistoryCommand implements Callable<Integer> {

    @Autowired
    RunStore store;

    @Mixin
    GlobalOptions global;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Autowired
    InterruptedRuns interrupted;

    @Override
    public Integer call() {
        // a run whose process is gone is shown (and stored) as INTERRUPTED, not as RUNNING for ever
        interrupted.sweep();
        List<RunRecord> runs = store.history(limit);
        if (runs.isEmpty()) {
            System.out.println("No runs stored yet. Try: kvaudit scan --snapshot samples/contoso");
            return 0;
        }
        System.out.printf("%-24s %-11s %-20s %-8s %6s %6s %6s %6s %4s  %s%n", "RUN", "STATUS", "STARTED", "SOURCE",
                "FAIL", "ERROR", "MUTED", "PASS", "EXIT", "TENANT");
        for (RunRecord r : runs) {
            System.out.printf("%-24s %-11s %-20s %-8s %6d %6d %6d %6d %4s  %s%n", r.runId(), r.status(),
                    started(r.startedAt()), r.source(), r.failCount(), r.errorCount(),
                    r.mutedCount(), r.passCount(), r.exitCode() == null ? "-" : r.exitCode(),
                    r.tenantId() == null ? "" : r.tenantId());
            if (r.errorMessage() != null && Set.of("FAILED", "INTERRUPTED", "STOPPED").contains(r.status()))
                System.out.printf("    %s%n", r.errorMessage().lines().findFirst().orElse(""));
            if (r.restarts() > 0)
                System.out.printf("    resumed by kvaudit scan --restart %s%n", r.restarts() == 1 ? "once" : r.restarts() + " times");
            if (r.pruned())
                System.out.printf("    pruned %s: results deleted by kvaudit history prune (counts, tallies and trend kept)%n", started(r.prunedAt()));
            if (r.notification() != null) System.out.printf("    notification %s%n", r.notification());
            // the full digest, where the scan wrote it: what verify --expect takes, and what verify --run compares
            if (r.manifestSha256() != null && r.outDir() != null)
                System.out.printf("    %s%n", Manifest.anchorLine(r.manifestSha256(), Path.of(r.outDir()).resolve(Manifest.FILE)));
        }
        return 0;
    }

    static String started(Instant t) { return t.toString().substring(0, 19) + "Z"; }

    /** {@code kvaudit history prune}: deletes old runs' results, keeping every run's counts and trend. */
    @Component
    @Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Delete old runs' results (the bulky per-result data) while every run keeps its counts, per-rule "
                    + "tallies and trend. Kept whatever the options: running runs, and each tenant's latest completed run "
                    + "(the next scan compares with it).",
                    "A run keeps its results when --keep-runs or --keep-days keeps it (either is enough)."})
    static class Prune implements Callable<Integer>, UsageCheck {

        @Autowired
        PruneService pruning;

        @Autowired
        HistoryFile historyFile;

        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Option(names = "--keep-runs", paramLabel = "N", description = "Keep the results of the N newest runs of each tenant.")
        Integer keepRuns;

        @Option(names = "--keep-days", paramLabel = "N", description = "Keep the results of runs started in the last N days.")
        Integer keepDays;

        @Option(names = "--dry-run", description = "Print what would be pruned; delete nothing.")
        boolean dryRun;

        @Option(names = "--no-compact", description = "An embedded H2 history file: do not compact it after pruning (H2 then "
                + "reuses the freed space, but the file does not shrink).")
        boolean noCompact;

        @Override
        public void checkUsage() {
            if (keepRuns == null && keepDays == null)
                throw new ParameterException(spec.commandLine(), "history prune: give --keep-runs N, --keep-days N or both");
            if (keepRuns != null && keepRuns < 0)
                throw new ParameterException(spec.commandLine(), "--keep-runs: expected 0 or more runs, found " + keepRuns);
            if (keepDays != null && keepDays < 0)
                throw new ParameterException(spec.commandLine(), "--keep-days: expected 0 or more days, found " + keepDays);
        }

        @Override
        public Integer call() {
            checkUsage();
            Retention.Policy policy = new Retention.Policy(keepRuns, keepDays);
            Instant now = Instant.now();
            PruneService.Plan plan = pruning.plan(policy, now);
            System.out.printf("keep %s; always kept: running runs and each tenant's latest completed run%n", policy.describe());
            Map<Retention.Verdict, Long> verdicts = plan.decisions().stream()
                    .collect(Collectors.groupingBy(Retention.Decision::verdict, () -> new EnumMap<>(Retention.Verdict.class), Collectors.counting()));
            if (!plan.toPrune().isEmpty()) {
                System.out.printf("%-24s %-9s %-20s %8s %8s %6s  %s%n", "RUN", "STATUS", "STARTED", "RESULTS", "PASSES", "VAULTS", "TENANT");
                for (PruneService.Pruned p : plan.toPrune()) {
                    Retention.Run r = p.run();
                    System.out.printf("%-24s %-9s %-20s %8d %8d %6d  %s%n", r.runId(), r.status(), started(r.startedAt()),
                            p.bulk().results(), p.bulk().passes(), p.bulk().vaults(), r.tenantId() == null ? "" : r.tenantId());
                }
            }
            String kept = verdicts.entrySet().stream()
                    .filter(e -> e.getKey() != Retention.Verdict.PRUNE && e.getKey() != Retention.Verdict.ALREADY_PRUNED)
                    .map(e -> e.getValue() + " " + e.getKey().label).collect(Collectors.joining(", "));
            long already = verdicts.getOrDefault(Retention.Verdict.ALREADY_PRUNED, 0L);
            kept = (kept.isEmpty() ? "none" : kept) + (already > 0 ? "; " + already + " " + Retention.Verdict.ALREADY_PRUNED.label : "");
            if (plan.toPrune().isEmpty()) {
                System.out.printf("nothing to prune (%s)%n", plan.decisions().isEmpty() ? "no runs stored" : "kept: " + kept);
                return 0;
            }
            RunStore.Bulk total = plan.total();
            String what = String.format("%d run(s): %d FAIL/ERROR/MUTED and %d PASS results in %d chunks, %d vault summaries",
                    plan.toPrune().size(), total.results(), total.passes(), total.resultChunks() + total.passChunks(), total.vaults());
            if (dryRun) {
                System.out.printf("would prune %s; nothing deleted (--dry-run). Kept: %s%n", what, kept);
                return 0;
            }
            Optional<Path> file = historyFile.h2File();
            long before = file.map(historyFile::size).orElse(-1L);
            pruning.execute(plan, now);
            System.out.printf("pruned %s, and their job records; their counts, tallies and trend stay (kvaudit history). Kept: %s%n", what, kept);
            if (file.isPresent()) compact(file.get(), before);
            return 0;
        }

        /** Gives the space back to the file system, and says how much. */
        private void compact(Path file, long before) {
            if (noCompact) {
                System.out.printf("history   %s: not compacted (--no-compact): H2 reuses the freed space for later runs%n", file);
                return;
            }
            try {
                if (historyFile.compactAndClose())
                    System.out.printf("history   %s: %s -> %s (compacted)%n", file, megabytes(before), megabytes(historyFile.size(file)));
                else
                    System.out.printf("history   %s: %s (not compacted: not kvaudit's own connection pool)%n", file, megabytes(historyFile.size(file)));
            } catch (java.sql.SQLException e) {
                // the runs are pruned all the same; H2 reuses the space
                System.err.println("kvaudit: warning: " + file + ": could not compact: " + e.getMessage());
            }
        }

        private static String megabytes(long bytes) {
            return bytes < 0 ? "?" : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
        }
    }
}
