package io.kvaudit.job;

import io.kvaudit.activity.Detectors;
import io.kvaudit.activity.IpRanges;
import io.kvaudit.activity.ListedIpsFile;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.InputPath;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.config.OutputPath;
import io.kvaudit.config.ToolVersion;
import io.kvaudit.gate.Baseline;
import io.kvaudit.gate.Gate;
import io.kvaudit.notify.Delivery;
import io.kvaudit.rules.CompiledRule;
import io.kvaudit.rules.RuleSet;
import io.kvaudit.rules.RuleSetLoader;
import io.kvaudit.source.TenantSource;
import io.kvaudit.source.azure.AzureAccess;
import io.kvaudit.source.azure.AzureSource;
import io.kvaudit.source.snapshot.SnapshotSource;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import io.kvaudit.waiver.ExceptionEntry;
import io.kvaudit.waiver.ExceptionsFile;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.stereotype.Service;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one scan: validates every input first (the paths the options name and the output directory, rules,
 * exceptions, baseline, snapshot header) so a configuration error stops before anything is recorded, then records the
 * run, launches the job and turns its outcome into an exit code; then, when asked, posts the end-of-scan notification.
 */
@Service
public class ScanService {

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobLauncher launcher;
    private final JobExplorer explorer;
    private final Job scanJob;
    private final ScanRuns runs;
    private final RunStore store;
    private final KvauditProperties properties;
    private final AzureAccess azureAccess;
    private final EndOfScanNotice notice;

    public ScanService(JobLauncher launcher, JobExplorer explorer, Job scanJob, ScanRuns runs, RunStore store,
                       KvauditProperties properties, AzureAccess azureAccess, EndOfScanNotice notice) {
        this.azureAccess = azureAccess;
        this.notice = notice;
        this.launcher = launcher;
        this.explorer = explorer;
        this.scanJob = scanJob;
        this.runs = runs;
        this.store = store;
        this.properties = properties;
    }

    /**
     * The outcome of a scan: the run (null when the inputs were rejected), the exit code, and what became of the
     * end-of-scan notification (null when none was asked for, or the inputs were rejected).
     */
    public record Outcome(ScanRun run, int exitCode, String error, Throwable failure, Delivery notification) {
        Outcome(ScanRun run, int exitCode, String error, Throwable failure) { this(run, exitCode, error, failure, null); }

        Outcome notified(Delivery d) { return new Outcome(run, exitCode, error, failure, d); }
    }

    public Outcome scan(ScanRequest request) {
        Instant started = Instant.now();
        String runId = RUN_ID_TIME.format(started) + "-" + HexFormat.of().formatHex(randomBytes());
        Path outDir = request.outDir() != null ? request.outDir() : Path.of("kvaudit-out", runId);
        checkPaths(request, outDir);
        RuleSet rules = RuleSetLoader.load(request.rulesDir(), properties.ruleOverrides());
        List<ExceptionEntry> exceptions = request.exceptionsFile() == null ? List.of()
                : ExceptionsFile.read(request.exceptionsFile(), rules.checkIds());
        Baseline baseline = request.baselineFile() == null ? null : Baseline.read(request.baselineFile());
        if (request.activity().enabled()) Detectors.check(rules.enabledDetectors());
        IpRanges listedIps = request.activity().listedIps() == null ? IpRanges.NONE : ListedIpsFile.read(request.activity().listedIps());
        TenantSource source = openSource(request);
        var tenant = source.tenant();
        // the id is the start second and 24 random bits: two scans started in the same second into one shared database
        // (PostgreSQL) could draw the same one; the run row's primary key tells, and the later scan takes another id
        for (int attempt = 1; ; attempt++) {
            try {
                store.start(new RunRecord(runId, "RUNNING", started, null, request.asOf(), tenant.source(),
                        request.snapshotLabel(), tenant.tenantId(), tenant.cloud(),
                        ToolVersion.get(), rules.digest(), tenant.identity(), request.failOn().label(), outDir.toString(),
                        null, null, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null));
                break;
            } catch (org.springframework.dao.DuplicateKeyException taken) {
                if (attempt == 5) throw taken;
                runId = RUN_ID_TIME.format(started) + "-" + HexFormat.of().formatHex(randomBytes());
                if (request.outDir() == null) {
                    deleteIfEmpty(outDir);
                    outDir = Path.of("kvaudit-out", runId);
                    OutputPath.directory("--out", outDir);
                }
            }
        }
        ScanRun run = new ScanRun(runId, request, started, rules, exceptions, baseline, source, outDir);
        run.listedIps = listedIps;
        Outcome outcome = execute(run, source);
        // once the run is recorded, however it ended: the notification never changes the exit code
        return request.notification() == null ? outcome : outcome.notified(notice.send(request.notification(), run, outcome));
    }

    private Outcome execute(ScanRun run, TenantSource source) {
        String runId = run.runId;
        runs.put(run);
        try (source) {
            JobParameters params = new JobParametersBuilder(explorer).getNextJobParameters(scanJob)
                    .addString(ScanJobConfiguration.RUN_ID, runId).toJobParameters();
            JobExecution execution = launcher.run(scanJob, params);
            store.attachJob(runId, execution.getId());
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                store.finish(runId, "COMPLETED", run.verdict.exitCode(), null);
                return new Outcome(run, run.verdict.exitCode(), null, null);
            }
            Throwable failure = execution.getAllFailureExceptions().stream().findFirst().orElse(null);
            ConfigurationException config = failure == null ? null : ConfigurationException.findIn(failure);
            int code = config != null ? Gate.USAGE : Gate.INTERNAL_ERROR;
            String message = config != null ? config.getMessage()
                    : failure == null ? "job ended " + execution.getStatus() : failure.toString();
            store.discardResults(runId);
            store.finish(runId, "FAILED", code, message);
            return new Outcome(run, code, message, config != null ? null : failure);
        } catch (Exception e) {
            store.discardResults(runId);
            store.finish(runId, "FAILED", Gate.INTERNAL_ERROR, e.toString());
            return new Outcome(run, Gate.INTERNAL_ERROR, e.toString(), e);
        } finally {
            // a run that failed midway leaves its result writer open: stop its thread (the results are discarded)
            if (run.recorder != null) {
                try {
                    run.recorder.close();
                } catch (RuntimeException ignored) {
                    // the run's own failure is what is reported
                }
            }
            runs.remove(runId);
        }
    }

    /**
     * The files and directories the options name, first and cheaply: the output directory is otherwise found bad only
     * when the reports are written, after the whole scan, and the run would be recorded as FAILED.
     */
    private static void checkPaths(ScanRequest request, Path outDir) {
        for (Path snapshot : request.snapshots()) InputPath.directory("--snapshot", snapshot, "snapshot directory");
        if (request.rulesDir() != null) InputPath.directory("--rules", request.rulesDir(), "rules directory");
        if (request.exceptionsFile() != null) InputPath.file("--exceptions", request.exceptionsFile(), "exceptions file");
        if (request.baselineFile() != null) InputPath.file("--baseline", request.baselineFile(), "baseline file");
        if (request.activity().listedIps() != null) InputPath.file("--listed-ips", request.activity().listedIps(), "listed-IPs file");
        for (Path snapshot : request.snapshots()) OutputPath.outside("--out", outDir, "--snapshot", snapshot);
        OutputPath.directory("--out", outDir);
    }

    private TenantSource openSource(ScanRequest request) {
        if (request.snapshot() != null) return new SnapshotSource(request.snapshots());
        return AzureSource.connect(request.live(), azureAccess);
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            java.nio.file.Files.deleteIfExists(dir);
        } catch (java.io.IOException ignored) {
            // not empty, or not ours to delete: left as it is
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return b;
    }
}
