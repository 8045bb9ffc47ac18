package io.kvaudit.job;

import io.kvaudit.gate.Baseline;
import io.kvaudit.gate.Gate;
import io.kvaudit.model.Coverage;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.RuleTally;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.rules.RuleSet;
import io.kvaudit.source.TenantSource;
import io.kvaudit.waiver.ExceptionEntry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.kvaudit.model.Severity;

/**
 * One scan in progress: its request, its validated inputs, and what each stage hands the next (the collected
 * inventory is held in memory between the collect and evaluate stages; results go to the run store).
 */
public final class ScanRun {

    final String runId;
    final ScanRequest request;
    final Instant startedAt;
    final RuleSet rules;
    final List<ExceptionEntry> exceptions;
    final Baseline baseline;
    final TenantSource source;
    final Path outDir;

    TenantInfo tenant;
    List<SubscriptionInventory> subscriptions = List.of();
    List<VaultInventory> vaults = List.of();
    Coverage coverage;
    /** The snapshot parts read as this one tenant, with their vaults counted; empty for a single source. */
    List<io.kvaudit.model.SnapshotPart> parts = List.of();
    /** Set by the evaluate stage and closed by the activity stage: rules and detectors record into the same sink. */
    io.kvaudit.store.ResultRecorder recorder;
    io.kvaudit.waiver.ExceptionMatcher matcher;
    /** The run this one compares with for its trend (and the newer ones skipped because they were pruned). */
    io.kvaudit.store.Comparison comparison = io.kvaudit.store.Comparison.NONE;
    io.kvaudit.activity.IpRanges listedIps = io.kvaudit.activity.IpRanges.NONE;
    io.kvaudit.model.ActivityCoverage activity;
    List<RuleTally> tallies = List.of();
    Map<Severity, Long> gatingFailures = Map.of();
    Gate.Verdict verdict;
    final List<Path> outputs = new ArrayList<>();
    /** manifest.json and the SHA-256 of its bytes, once the reports are written (also stored with the run). */
    Path manifest;
    String manifestSha256;
    /** Wall time of each stage so far, in milliseconds, in pipeline order. */
    final Map<String, Long> stageMillis = new java.util.LinkedHashMap<>();
    io.kvaudit.collect.CollectionProgress progress = io.kvaudit.collect.CollectionProgress.SILENT;
    /** Set by SIGTERM (or by losing the run to another process): the stages stop early and the run ends STOPPED. */
    final io.kvaudit.collect.Cancellation cancel = new io.kvaudit.collect.Cancellation();
    /** True for {@code kvaudit scan --restart}: discovery and collected vaults come from the run's checkpoints. */
    boolean resumed;
    /** Vaults taken from checkpoints instead of being read again (a resumed run), and vaults read by this process. */
    int vaultsFromCheckpoints;
    int vaultsRead;
    /** The step the job is in, for the message of a run that is stopped. */
    volatile String step;

    ScanRun(String runId, ScanRequest request, Instant startedAt, RuleSet rules, List<ExceptionEntry> exceptions,
            Baseline baseline, TenantSource source, Path outDir) {
        this.runId = runId;
        this.request = request;
        this.startedAt = startedAt;
        this.rules = rules;
        this.exceptions = exceptions;
        this.baseline = baseline;
        this.source = source;
        this.outDir = outDir;
    }

    public String runId() { return runId; }

    public Coverage coverage() { return coverage; }

    public io.kvaudit.model.ActivityCoverage activity() { return activity; }

    public List<RuleTally> tallies() { return tallies; }

    public Gate.Verdict verdict() { return verdict; }

    public List<Path> outputs() { return outputs; }

    public Path outDir() { return outDir; }

    public Path manifest() { return manifest; }

    public String manifestSha256() { return manifestSha256; }

    public TenantInfo tenant() { return tenant; }

    public RuleSet rules() { return rules; }

    public ScanRequest request() { return request; }

    /** Whether this run was resumed by {@code kvaudit scan --restart}; how many vaults came from checkpoints, how many were read. */
    public boolean resumed() { return resumed; }

    public int vaultsFromCheckpoints() { return vaultsFromCheckpoints; }

    public int vaultsRead() { return vaultsRead; }

    Inventory inventory() { return new Inventory(tenant, subscriptions, vaults); }
}
