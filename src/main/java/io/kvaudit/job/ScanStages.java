package io.kvaudit.job;

import io.kvaudit.activity.ActivityLog;
import io.kvaudit.activity.ActivityStage;
import io.kvaudit.activity.LogSource;
import io.kvaudit.activity.LogsNotUsable;
import io.kvaudit.collect.CollectionProgress;
import io.kvaudit.collect.InventoryCodec;
import io.kvaudit.collect.InventoryCollector;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.store.Checkpoints;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.gate.Gate;
import io.kvaudit.model.ActivityCoverage;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Coverage;
import io.kvaudit.model.SnapshotPart;
import io.kvaudit.rules.ConfiguredDetector;
import io.kvaudit.model.Severity;
import io.kvaudit.model.VaultSummary;
import io.kvaudit.report.CatalogJson;
import io.kvaudit.report.ReportWriter;
import io.kvaudit.report.ResultsJson;
import io.kvaudit.rules.RuleEvaluator;
import io.kvaudit.store.Comparison;
import io.kvaudit.store.ResultRecorder;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import io.kvaudit.waiver.ExceptionMatcher;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The work of each step of the scan job, in pipeline order. Collecting stages talk to the source; evaluate, report
 * and gate read only the collected inventory and the run store.
 */
@Component
public class ScanStages {

    private final RunStore store;
    private final Checkpoints checkpoints;
    private final KvauditProperties properties;

    public ScanStages(RunStore store, Checkpoints checkpoints, KvauditProperties properties) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.properties = properties;
    }

    private InventoryCollector collector(ScanRun run) {
        return new InventoryCollector(run.source, run.source.parallelism(Math.max(4, properties.effectiveThreads())), run.progress);
    }

    /**
     * Subscriptions in scope, then each subscription's vault list, role assignments and definitions, Defender plans;
     * kept as the run's discovery checkpoint. A resumed run takes its discovery from that checkpoint instead, so it
     * goes on with the vaults, in the order, that it started with.
     */
    void discover(ScanRun run) {
        long t0 = System.nanoTime();
        run.progress = CollectionProgress.forConsole(run.request.quiet(), CollectionStats.apiCalls(run.source));
        Optional<byte[]> kept = run.resumed ? checkpoints.discovery(run.runId) : Optional.empty();
        if (kept.isPresent()) {
            InventoryCodec.Discovery d = InventoryCodec.discovery(kept.get());
            run.tenant = d.tenant();
            run.subscriptions = d.subscriptions();
            collector(run).restored(d.subscriptions());
        } else {
            run.tenant = run.source.tenant();
            InventoryCollector c = collector(run);
            run.subscriptions = c.discover(c.subscriptionsInScope(run.request.subscriptions()), run.cancel);
            checkpoints.saveDiscovery(run.runId, InventoryCodec.encode(new InventoryCodec.Discovery(run.tenant, run.subscriptions)));
        }
        store.updateTenant(run.runId, run.tenant.tenantId(), run.tenant.cloud(), run.tenant.identity());
        run.stageMillis.put("discover", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Each vault's diagnostic settings and the properties of its secrets, keys and certificates, checkpointed as they
     * are read: a batch at least every {@link #CHECKPOINT_EVERY} (or {@link #CHECKPOINT_VAULTS} vaults), and whatever
     * is left when collection ends or is stopped. A resumed run reads only the vaults its checkpoints lack.
     */
    void inventory(ScanRun run) {
        long t0 = System.nanoTime();
        Map<Integer, VaultInventory> kept = new HashMap<>();
        if (run.resumed) for (byte[] batch : checkpoints.vaultBatches(run.runId)) kept.putAll(InventoryCodec.vaults(batch));
        run.vaultsFromCheckpoints = kept.size();
        CheckpointBatch batch = new CheckpointBatch(run);
        try (CollectionProgress progress = run.progress) {
            run.vaults = collector(run).inventory(run.subscriptions, kept, batch, run.cancel);
            progress.finish();
        } finally {
            // a stop keeps every vault read before it
            batch.flush();
        }
        run.coverage = Coverage.of(run.inventory());
        run.parts = SnapshotPart.counted(run.source.parts(), run.inventory());
        run.stageMillis.put("inventory", (System.nanoTime() - t0) / 1_000_000);
    }

    /** How often, at most, the vaults read so far are checkpointed: what a SIGKILL may cost a restart to read again. */
    static final java.time.Duration CHECKPOINT_EVERY = java.time.Duration.ofSeconds(2);
    static final int CHECKPOINT_VAULTS = 100;

    /**
     * The vaults read since the last checkpoint, written as one row: one statement and one compressed payload for
     * many vaults (a row per vault cost a large tenant's collection 3 s in 10).
     */
    private final class CheckpointBatch implements InventoryCollector.VaultSink {
        private final ScanRun run;
        private final java.util.SortedMap<Integer, VaultInventory> pending = new java.util.TreeMap<>();
        private long since = System.nanoTime();

        CheckpointBatch(ScanRun run) { this.run = run; }

        @Override
        public void collected(int index, VaultInventory vault) {
            pending.put(index, vault);
            run.vaultsRead++;
            if (pending.size() >= CHECKPOINT_VAULTS) flush();
            else idle();
        }

        /** While Azure is slow to answer too: the vaults read are not held back for the next one. */
        @Override
        public void idle() {
            if (System.nanoTime() - since >= CHECKPOINT_EVERY.toNanos()) flush();
        }

        void flush() {
            if (!pending.isEmpty()) checkpoints.saveVaults(run.runId, pending.firstKey(), pending.size(), InventoryCodec.encode(pending));
            pending.clear();
            since = System.nanoTime();
        }
    }

    /** Rules over the inventory; exceptions applied; results to the run store as they come. */
    void evaluate(ScanRun run) {
        long t0 = System.nanoTime();
        run.matcher = new ExceptionMatcher(run.exceptions, run.request.asOf().atZone(ZoneOffset.UTC).toLocalDate());
        // the newest earlier completed run on the tenant that still has its results (pruned ones are skipped, and named)
        run.comparison = store.find(run.runId).map(store::comparisonBase).orElse(Comparison.NONE);
        Map<String, Instant> previousOpen = run.comparison.previous().map(p -> store.openFirstSeen(p.runId())).orElse(Map.of());
        Set<String> baseline = run.baseline == null ? Set.of() : run.baseline.fingerprints();
        // detectors are tallied only when they will run: with logs to read and the stage not switched off
        List<ConfiguredDetector> detectors = run.request.activity().enabled() && run.source.logs().isPresent()
                ? run.rules.enabledDetectors() : List.of();
        run.recorder = new ResultRecorder(store, run.runId, run.startedAt, run.matcher, run.rules.enabledRules(), detectors,
                previousOpen, baseline);
        new RuleEvaluator(run.rules, run.request.asOf()).evaluate(run.inventory(), properties.effectiveThreads(), run.recorder,
                run.cancel::isCancelled);
        run.stageMillis.put("evaluate", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Audit-log facts joined with the inventory and grants, judged by the detectors (docs/activity.md); then the run's
     * counts, trend, catalogue and vault summaries are stored, rules and detectors together.
     */
    void activity(ScanRun run) {
        long t0 = System.nanoTime();
        ScanRequest.Activity options = run.request.activity();
        ActivityWindow window = ActivityWindow.of(run.request.asOf(), options.days());
        Optional<LogSource> logs = run.source.logs();
        if (!options.enabled()) {
            run.activity = ActivityCoverage.skipped("--no-activity was given", window);
        } else if (logs.isEmpty()) {
            run.activity = ActivityCoverage.skipped(run.tenant.source().equals("snapshot")
                    ? "the snapshot has no logs/ folder" : "this source reads no audit logs", window);
        } else if (run.rules.enabledDetectors().isEmpty()) {
            run.activity = ActivityCoverage.skipped("every detector is disabled", window);
        } else {
            long r0 = System.nanoTime();
            try {
                ActivityLog log = logs.get().read(window, run.inventory());
                run.stageMillis.put("activityLogs", (System.nanoTime() - r0) / 1_000_000);
                judge(run, window, log);
            } catch (LogsNotUsable e) {
                run.activity = ActivityCoverage.skipped(e.getMessage(), window);
            }
        }
        // the activity stage's own time (logs read, facts judged), then the run's totals stored for rules and detectors
        run.stageMillis.put("activity", (System.nanoTime() - t0) / 1_000_000);
        long t1 = System.nanoTime();
        record(run);
        run.stageMillis.put("record", (System.nanoTime() - t1) / 1_000_000);
        store.saveCollection(run.runId, CollectionStats.json(run.source, run.stageMillis,
                run.resumed ? new CollectionStats.Resumed(run.vaultsFromCheckpoints, run.vaultsRead) : null));
    }

    /** The detectors' results on the logs read, and what the stage saw for results.json and the report. */
    private void judge(ScanRun run, ActivityWindow window, ActivityLog log) {
        ActivityStage.Outcome outcome = new ActivityStage(run.rules.enabledDetectors(), window, run.listedIps)
                .run(run.inventory(), log, run.recorder);
        long events = outcome.log().vaults().values().stream().mapToLong(ActivityLog.VaultEvents::events).sum();
        run.activity = new ActivityCoverage(null, window, log.rows(), events, log.dropped(), log.unreadable().count(),
                log.unreadable().examples(), log.sources(), log.incomplete(), List.copyOf(outcome.coverage().values()));
        run.coverage = run.coverage.withLogEvents(events);
    }

    /** Counts per rule and detector, trend, totals, catalogue and vault summaries, once every result is recorded. */
    private void record(ScanRun run) {
        ResultRecorder recorder = run.recorder;
        recorder.close();
        run.tallies = recorder.tallies();
        run.gatingFailures = recorder.gatingFailures();
        store.saveTrend(run.runId, run.comparison.previous().map(RunRecord::runId).orElse(null), recorder.newOpen(), recorder.fixed(),
                recorder.stillOpen(), run.comparison.pruned());
        long pass = 0, fail = 0, error = 0, muted = 0;
        for (var t : run.tallies) { pass += t.passed(); fail += t.failed(); error += t.errors(); muted += t.muted(); }
        store.saveTotals(run.runId, pass, fail, error, muted, ResultsJson.coverageJson(run.coverage, run.activity, run.parts),
                ResultsJson.rulesJson(run.tallies), ResultsJson.exceptionsJson(run.matcher.uses()));
        store.saveCatalog(run.runId, CatalogJson.rules(run.rules), CatalogJson.frameworks(run.rules));
        store.saveVaults(run.runId, run.vaults.stream().map(v -> VaultSummary.of(v, run.coverage)).toList());
        // the inventory is not needed past this point; let a large tenant's objects go
        run.vaults = List.of();
    }

    /** The requested formats and the manifest, into the output directory. */
    void report(ScanRun run) {
        long t0 = System.nanoTime();
        store.markFinished(run.runId, java.time.Instant.now());
        RunRecord record = store.find(run.runId).orElseThrow();
        ReportWriter.Rendered rendered = ReportWriter.write(run.request.formats(), run.outDir, record, store, run.request.includePassed());
        run.outputs.addAll(rendered.files());
        run.manifest = rendered.manifest();
        run.manifestSha256 = rendered.manifestSha256();
        store.saveManifestDigest(run.runId, rendered.manifestSha256());
        // the report stage's own time is in Spring Batch's step history (a stored run must re-render identically)
        run.stageMillis.put("report", (System.nanoTime() - t0) / 1_000_000);
    }

    /** The exit code: gate threshold, baseline, incompleteness. */
    void gate(ScanRun run) {
        Map<Severity, Long> fails = run.gatingFailures;
        long errors = run.tallies.stream().mapToLong(t -> t.errors()).sum();
        run.verdict = Gate.decide(run.request.failOn(), run.request.failOnIncomplete(), fails, errors, run.coverage);
    }
}
