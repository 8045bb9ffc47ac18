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
import io.kvaudit.store.Checkpoints;
import io.kvaudit.store.RunOwner;
import io.kvaudit.store.RunOwnership;
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
    private final Checkpoints checkpoints;
    private final RunOwnership ownership;
    private final InterruptedRuns interrupted;

    public ScanService(JobLauncher launcher, JobExplorer explorer, Job scanJob, ScanRuns runs, RunStore store,
                       KvauditProperties properties, AzureAccess azureAccess, EndOfScanNotice notice, Checkpoints checkpoints,
                       RunOwnership ownership, InterruptedRuns interrupted) {
        this.checkpoints = checkpoints;
        this.ownership = ownership;
        this.interrupted = interrupted;
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
        Inputs in = readInputs(request);
        RuleSet rules = in.rules();
        TenantSource source = openSource(request);
        var tenant = source.tenant();
        // a run whose process died is INTERRUPTED from now on, not RUNNING (and Spring Batch can restart it)
        interrupted.sweep();
        // the id is the start second and 24 random bits: two scans started in the same second into one shared database
        // (PostgreSQL) could draw the same one; the run row's primary key tells, and the later scan takes another id
        for (int attempt = 1; ; attempt++) {
            try {
                store.start(new RunRecord(runId, "RUNNING", started, null, request.asOf(), tenant.source(),
                        request.snapshotLabel(), tenant.tenantId(), tenant.cloud(),
                        ToolVersion.get(), rules.digest(), tenant.identity(), request.failOn().label(), outDir.toString(),
                        null, null, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null, 0),
                        RunOwner.thisProcess(), StoredRequest.of(request, outDir).json());
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
        ScanRun run = in.run(runId, request, started, source, outDir);
        return notified(execute(run, source, null), run, request.notification());
    }

    /**
     * The end-of-scan notification, once the run is recorded, however it ended (it never changes the exit code); none
     * for a stopped run: the process is shutting down, and the run's restart notifies when it ends.
     */
    private Outcome notified(Outcome outcome, ScanRun run, ScanRequest.Notify notification) {
        if (notification == null || outcome.exitCode() == Gate.STOPPED) return outcome;
        return outcome.notified(notice.send(notification, run, outcome));
    }

    /**
     * {@code kvaudit scan --resume-within HOURS ...}: resumes the newest interrupted or stopped run started in that
     * time with the same options, inputs and rules (the clock and the output directory compared only when given), so
     * a scheduler's retry of a killed scan goes on from what it collected; starts a new scan when there is none.
     */
    public Outcome resumeOrScan(ScanRequest request, java.time.Duration within, boolean asOfGiven, boolean outGiven) {
        interrupted.sweep();
        checkInputs(request);
        String rulesDigest = RuleSetLoader.load(request.rulesDir(), properties.ruleOverrides()).digest();
        StoredRequest wanted = StoredRequest.of(request, request.outDir());
        for (RunOwnership.Resumable r : ownership.resumable(Instant.now().minus(within))) {
            StoredRequest had;
            try {
                had = StoredRequest.parse(r.runId(), r.requestJson());
            } catch (ConfigurationException unreadable) {
                continue;
            }
            if (!rulesDigest.equals(r.rulesDigest()) || !had.sameScanAs(wanted, asOfGiven, outGiven)) continue;
            if (!request.quiet())
                System.out.printf("kvaudit: resuming run %s (%s, started %s) instead of starting a new scan%n", r.runId(),
                        r.status(), r.startedAt());
            return restart(r.runId(), request.quiet(), request.notification());
        }
        return scan(request);
    }

    /**
     * {@code kvaudit scan --restart RUN_ID}: resumes an interrupted, stopped or failed run with the options it was
     * started with (this invocation gives only {@code --quiet} and the notification). Its inputs are checked first and
     * must be as they were (the rules by their digest, other files by their SHA-256); then the run is claimed, its
     * partial results dropped, and Spring Batch restarts its job instance: discovery and every vault collected come
     * from the run's checkpoints, the other vaults are read, and evaluation, activity, reports and gate run whole.
     */
    public Outcome restart(String runId, boolean quiet, ScanRequest.Notify notification) {
        interrupted.sweep();
        RunRecord record = store.find(runId).orElseThrow(() -> new ConfigurationException("--restart " + runId
                + ": no such run in this database (kvaudit history lists the runs)"));
        switch (record.status()) {
            case "COMPLETED" -> throw new ConfigurationException("--restart " + runId + ": the run completed; there is nothing to "
                    + "resume (start a new scan, or re-render it with kvaudit report --run " + runId + ")");
            case "RUNNING" -> throw new ConfigurationException("--restart " + runId + ": the run is still running ("
                    + ownership.running().stream().filter(r -> r.runId().equals(runId)).findFirst()
                    .map(r -> r.owner() + ", last heartbeat " + r.lastSign()).orElse("owner unknown") + ")");
            default -> { }
        }
        if (record.pruned()) throw new ConfigurationException("--restart " + runId + ": its results were pruned");
        String stored = ownership.requestJson(runId).orElseThrow(() -> new ConfigurationException("--restart " + runId
                + ": the run was recorded by a kvaudit that did not keep its options; it cannot be resumed"));
        ScanRequest request = StoredRequest.parse(runId, stored).toRequest(runId, quiet, notification);
        Path outDir = request.outDir();
        checkPaths(request, outDir);
        Inputs in = readInputs(request);
        if (!in.rules().digest().equals(record.rulesDigest()))
            throw new ConfigurationException((request.rulesDir() == null ? "the bundled rules" : request.rulesDir().toString())
                    + ": changed since run " + runId + " started (rules digest was " + record.rulesDigest() + ", is "
                    + in.rules().digest() + "); a restarted run judges with the rules it started with");
        TenantSource source = openSource(request);
        if (!ownership.claimForRestart(runId, RunOwner.thisProcess(), Instant.now())) {
            source.close();
            throw new ConfigurationException("--restart " + runId + ": another process restarted the run first");
        }
        // what the interrupted attempt had recorded of its results is judged again, whole
        store.discardResults(runId);
        Long previousExecution = store.jobExecutionId(runId).orElse(null);
        interrupted.closeJobExecution(previousExecution, "superseded by kvaudit scan --restart");
        ScanRun run = in.run(runId, request, record.startedAt(), source, outDir);
        run.resumed = true;
        // Spring Batch restarts the instance of a failed or stopped execution; one that completed (killed after its
        // last step, before the run was marked) cannot be, and the run goes through a new instance
        JobExecution previous = previousExecution == null ? null : explorer.getJobExecution(previousExecution);
        JobParameters params = previous == null || previous.getStatus() == BatchStatus.COMPLETED ? null : previous.getJobParameters();
        return notified(execute(run, source, params), run, notification);
    }

    /** What a scan judges with, read and checked before anything is recorded. */
    private record Inputs(RuleSet rules, List<ExceptionEntry> exceptions, Baseline baseline, IpRanges listedIps) {
        ScanRun run(String runId, ScanRequest request, Instant started, TenantSource source, Path outDir) {
            ScanRun run = new ScanRun(runId, request, started, rules, exceptions, baseline, source, outDir);
            run.listedIps = listedIps;
            return run;
        }
    }

    private Inputs readInputs(ScanRequest request) {
        RuleSet rules = RuleSetLoader.load(request.rulesDir(), properties.ruleOverrides());
        List<ExceptionEntry> exceptions = request.exceptionsFile() == null ? List.of()
                : ExceptionsFile.read(request.exceptionsFile(), rules.checkIds());
        Baseline baseline = request.baselineFile() == null ? null : Baseline.read(request.baselineFile());
        if (request.activity().enabled()) Detectors.check(rules.enabledDetectors());
        IpRanges listedIps = request.activity().listedIps() == null ? IpRanges.NONE : ListedIpsFile.read(request.activity().listedIps());
        return new Inputs(rules, exceptions, baseline, listedIps);
    }

    /**
     * Runs the job for a recorded run: a new job instance, or ({@code restartOf} the parameters of the instance) that
     * instance again. The run's heartbeat is renewed while it runs.
     */
    private Outcome execute(ScanRun run, TenantSource source, JobParameters restartOf) {
        String runId = run.runId;
        runs.put(run);
        try (source; RunHeartbeat beat = new RunHeartbeat(ownership, run.runId, run.cancel)) {
            JobParameters params = restartOf != null ? restartOf : new JobParametersBuilder(explorer).getNextJobParameters(scanJob)
                    .addString(ScanJobConfiguration.RUN_ID, runId).toJobParameters();
            // the job's listener has recorded the execution with the run before its first step
            JobExecution execution = launcher.run(scanJob, params);
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                store.finish(runId, "COMPLETED", run.verdict.exitCode(), null);
                // what a restart would have resumed from: not needed once the run is complete
                checkpoints.delete(runId);
                return new Outcome(run, run.verdict.exitCode(), null, null);
            }
            if (execution.getStatus() == BatchStatus.STOPPED) {
                String message = "stopped: " + run.cancel.reason() + " (in the " + run.step + " step); "
                        + checkpoints.keptAndRestartHint(runId);
                store.discardResults(runId);
                store.finish(runId, "STOPPED", Gate.STOPPED, message);
                return new Outcome(run, Gate.STOPPED, message, null);
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
        checkInputs(request);
        for (Path snapshot : request.snapshots()) OutputPath.outside("--out", outDir, "--snapshot", snapshot);
        OutputPath.directory("--out", outDir);
    }

    private static void checkInputs(ScanRequest request) {
        for (Path snapshot : request.snapshots()) InputPath.directory("--snapshot", snapshot, "snapshot directory");
        if (request.rulesDir() != null) InputPath.directory("--rules", request.rulesDir(), "rules directory");
        if (request.exceptionsFile() != null) InputPath.file("--exceptions", request.exceptionsFile(), "exceptions file");
        if (request.baselineFile() != null) InputPath.file("--baseline", request.baselineFile(), "baseline file");
        if (request.activity().listedIps() != null) InputPath.file("--listed-ips", request.activity().listedIps(), "listed-IPs file");
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
