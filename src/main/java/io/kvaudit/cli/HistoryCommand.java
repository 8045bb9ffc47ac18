package io.kvaudit.cli;

import io.kvaudit.report.Manifest;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kvaudit history}: the runs stored in the database, newest first, with their counts and manifest digests. */
@Component
@Command(name = "history", mixinStandardHelpOptions = true, description = "Runs stored in the database, with their counts.")
public class HistoryCommand implements Callable<Integer> {

    @Autowired
    RunStore store;

    @Mixin
    GlobalOptions global;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        List<RunRecord> runs = store.history(limit);
        if (runs.isEmpty()) {
            System.out.println("No runs stored yet. Try: kvaudit scan --snapshot samples/contoso");
            return 0;
        }
        System.out.printf("%-24s %-9s %-20s %-8s %6s %6s %6s %6s %4s  %s%n", "RUN", "STATUS", "STARTED", "SOURCE",
                "FAIL", "ERROR", "MUTED", "PASS", "EXIT", "TENANT");
        for (RunRecord r : runs) {
            System.out.printf("%-24s %-9s %-20s %-8s %6d %6d %6d %6d %4s  %s%n", r.runId(), r.status(),
                    r.startedAt().toString().substring(0, 19) + "Z", r.source(), r.failCount(), r.errorCount(),
                    r.mutedCount(), r.passCount(), r.exitCode() == null ? "-" : r.exitCode(),
                    r.tenantId() == null ? "" : r.tenantId());
            if ("FAILED".equals(r.status()) && r.errorMessage() != null)
                System.out.printf("    %s%n", r.errorMessage().lines().findFirst().orElse(""));
            // the full digest, where the scan wrote it: what verify --expect takes, and what verify --run compares
            if (r.manifestSha256() != null && r.outDir() != null)
                System.out.printf("    %s%n", Manifest.anchorLine(r.manifestSha256(), Path.of(r.outDir()).resolve(Manifest.FILE)));
        }
        return 0;
    }
}
