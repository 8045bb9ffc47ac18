package io.kvaudit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.config.Secrets;
import io.kvaudit.model.AppliedException;
import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;
import io.kvaudit.model.VaultSummary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Run history in the database (H2 file by default): one kv_run row per scan with its metadata, totals, coverage, rule
 * catalogue and trend; every result with its status, in compressed per-rule chunks (FAIL, ERROR and MUTED in full in
 * kv_result, PASS as resource ids in kv_pass), so a later run can tell new, fixed and still-open results and any run
 * can be rendered again. A failed run is recorded as FAILED with its error; earlier runs are never touched, except by
 * retention ({@code kvaudit history prune}, {@link #pruneResults}), which deletes a run's results and keeps its row.
 */
@Component
public class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    /** How text is kept whole on this database (StoredText); found on first use. */
    private volatile StoredText text;

    public RunStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private StoredText text() {
        StoredText t = text;
        if (t == null) text = t = StoredText.forDatabase(jdbc.execute(
                (org.springframework.jdbc.core.ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName()));
        return t;
    }

    /**
     * Records a run as RUNNING, owned by {@code owner} (its first heartbeat now), with the options it was started
     * with ({@code requestJson}: what {@code kvaudit scan --restart} resumes it with; never a secret).
     */
    public void start(RunRecord r, RunOwner owner, String requestJson) {
        StoredText t = text();
        jdbc.update("INSERT INTO kv_run (run_id, status, started_at, as_of, source, source_location, tenant_id, cloud, "
                        + "tool_version, rules_digest, identity, fail_on, out_dir, owner, heartbeat_at, request_json) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.runId(), "RUNNING", ts(r.startedAt()), ts(r.asOf()), t.plain(r.source()), t.plain(r.sourceLocation()),
                t.plain(r.tenantId()), t.plain(r.cloud()), t.plain(r.toolVersion()), t.plain(r.rulesDigest()),
                t.plain(r.identity()), t.plain(r.failOn()), t.plain(r.outDir()), owner.toString(), ts(Instant.now()),
                requestJson == null ? null : t.json(requestJson));
    }

    /** API calls, throttling, requests in flight and stage times of the run (docs/results-schema.md, run.collection). */
    public void saveCollection(String runId, String collectionJson) {
        jdbc.update("UPDATE kv_run SET collection_json = ? WHERE run_id = ?", text().json(collectionJson), runId);
    }

    public void updateTenant(String runId, String tenantId, String cloud, String identity) {
        StoredText t = text();
        jdbc.update("UPDATE kv_run SET tenant_id = ?, cloud = ?, identity = ? WHERE run_id = ?", t.plain(tenantId),
                t.plain(cloud), t.plain(identity), runId);
    }

    public void attachJob(String runId, long jobExecutionId) {
        jdbc.update("UPDATE kv_run SET job_execution_id = ? WHERE run_id = ?", jobExecutionId, runId);
    }

    public void saveTotals(String runId, long pass, long fail, long error, long muted, String coverageJson,
                           String rulesJson, String exceptionsJson) {
        jdbc.update("UPDATE kv_run SET pass_count = ?, fail_count = ?, error_count = ?, muted_count = ?, coverage_json = ?, "
                + "rules_json = ?, exceptions_json = ? WHERE run_id = ?", pass, fail, error, muted, text().json(coverageJson),
                text().json(rulesJson), text().json(exceptionsJson), runId);
    }

    /** The run's end time as its reports state it; set once, when the reports are written. */
    public void markFinished(String runId, Instant finishedAt) {
        jdbc.update("UPDATE kv_run SET finished_at = ? WHERE run_id = ? AND finished_at IS NULL", ts(finishedAt), runId);
    }

    /**
     * The SHA-256 of the manifest.json the scan wrote: the run's anchor for {@code kvaudit verify DIR --run ID}. Set
     * once: a re-render ({@code kvaudit report}) must not replace the digest of the evidence the scan handed out.
     */
    public void saveManifestDigest(String runId, String manifestSha256) {
        jdbc.update("UPDATE kv_run SET manifest_sha256 = ? WHERE run_id = ? AND manifest_sha256 IS NULL", manifestSha256, runId);
    }

    /**
     * Final status and exit code; a run that failed before its reports gets its end time here. The error is stored
     * with any database password masked: {@code kvaudit history} shows it.
     */
    public void finish(String runId, String status, Integer exitCode, String errorMessage) {
        // only while this process owns the run: one that lost it (taken for interrupted, restarted elsewhere) must not
        // write over what the new owner records
        String owner = RunOwner.thisProcess().toString();
        jdbc.update("UPDATE kv_run SET status = ?, finished_at = COALESCE(finished_at, ?), exit_code = ?, error_message = ? "
                + "WHERE run_id = ? AND COALESCE(owner, ?) = ?", status, ts(Instant.now()), exitCode,
                errorMessage == null ? null : text().plain(Secrets.mask(errorMessage), 4000), runId, owner, owner);
    }

    public void saveCatalog(String runId, String ruleCatalogJson, String frameworksJson) {
        jdbc.update("UPDATE kv_run SET rule_catalog_json = ?, frameworks_json = ? WHERE run_id = ?", text().json(ruleCatalogJson),
                text().json(frameworksJson), runId);
    }

    public void saveVaults(String runId, List<VaultSummary> vaults) {
        StoredText t = text();
        jdbc.batchUpdate("INSERT INTO kv_vault (run_id, vault_id, name, subscription_id, resource_group, location, rbac, "
                        + "soft_delete, purge_protection, public_network_access, firewall_default, private_endpoints, audit_logging, "
                        + "secrets, keys, certificates, tags_json, assessed, reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                vaults, 1000, (ps, v) -> {
                    ps.setString(1, runId);
                    ps.setString(2, t.plain(v.id()));
                    ps.setString(3, t.plain(v.name()));
                    ps.setString(4, t.plain(v.subscriptionId()));
                    ps.setString(5, t.plain(v.resourceGroup()));
                    ps.setString(6, t.plain(v.location()));
                    ps.setObject(7, v.rbac());
                    ps.setObject(8, v.softDelete());
                    ps.setObject(9, v.purgeProtection());
                    ps.setString(10, t.plain(v.publicNetworkAccess()));
                    ps.setString(11, t.plain(v.firewallDefault()));
                    ps.setInt(12, v.privateEndpoints());
                    ps.setString(13, t.plain(v.auditLogging()));
                    ps.setObject(14, v.secrets());
                    ps.setObject(15, v.keys());
                    ps.setObject(16, v.certificates());
                    ps.setString(17, v.tags().isEmpty() ? null : t.json(json(v.tags())));
                    ps.setBoolean(18, v.assessed());
                    // one reason a line: a reason is made one line here, so the split on reading gives the same list back
                    ps.setString(19, v.reasons().isEmpty() ? null
                            : t.plain(String.join("\n", v.reasons().stream().map(r -> r.replace('\n', ' ')).toList())));
                });
    }

    /**
     * A run's vault summaries, by subscription and name. Sorted here, not by the database: PostgreSQL orders text by
     * its collation (en_US sorts "kv-B" after "kv-a") and NULLs last, H2 by UTF-16 code unit and NULLs first; this is
     * H2's order (in which every run stored so far was rendered), whichever database holds the run.
     */
    public void streamVaults(String runId, Consumer<VaultSummary> consumer) {
        List<VaultSummary> vaults = new java.util.ArrayList<>();
        StoredText t = text();
        jdbc.query("SELECT * FROM kv_vault WHERE run_id = ?", rs -> {
            String tags = rs.getString("tags_json");
            String reasons = t.read(rs.getString("reasons"));
            vaults.add(new VaultSummary(t.read(rs.getString("vault_id")), t.read(rs.getString("name")),
                    t.read(rs.getString("subscription_id")), t.read(rs.getString("resource_group")), t.read(rs.getString("location")),
                    (Boolean) rs.getObject("rbac"), (Boolean) rs.getObject("soft_delete"), (Boolean) rs.getObject("purge_protection"),
                    t.read(rs.getString("public_network_access")), t.read(rs.getString("firewall_default")), rs.getInt("private_endpoints"),
                    t.read(rs.getString("audit_logging")), (Integer) rs.getObject("secrets"), (Integer) rs.getObject("keys"),
                    (Integer) rs.getObject("certificates"), tags == null ? Map.of() : read(tags), rs.getBoolean("assessed"),
                    reasons == null ? List.of() : List.of(reasons.split("\n"))));
        }, runId);
        vaults.sort(VAULT_ORDER);
        vaults.forEach(consumer);
    }

    static final Comparator<VaultSummary> VAULT_ORDER = Comparator
            .comparing(VaultSummary::subscriptionId, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(VaultSummary::name, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(VaultSummary::id);

    /**
     * New, fixed and still-open results against the run this one compared with (stored when it was recorded, so
     * pruning that run later changes nothing here), and the newer runs it skipped because they had been pruned.
     */
    public Trend trend(RunRecord run) {
        String json = jdbc.queryForObject("SELECT trend_json FROM kv_run WHERE run_id = ?", String.class, run.runId());
        Map<String, Object> t = json == null ? Map.of() : read(json);
        String previous = (String) t.getOrDefault("previousRunId", "");
        Instant previousStarted = previous.isEmpty() ? null : find(previous).map(RunRecord::startedAt).orElse(null);
        Trend.Pruned pruned = null;
        if (t.get("pruned") instanceof Map<?, ?> p) {
            String latest = (String) p.get("latestRunId");
            pruned = new Trend.Pruned(((Number) p.get("runs")).intValue(), latest,
                    latest == null ? null : find(latest).map(RunRecord::startedAt).orElse(null));
        }
        return new Trend(previous.isEmpty() ? null : previous, previousStarted, ((Number) t.getOrDefault("new", 0)).intValue(),
                ((Number) t.getOrDefault("fixed", 0)).intValue(), ((Number) t.getOrDefault("stillOpen", 0)).intValue(), pruned);
    }

    /** Drops the results of a run that failed midway, so no half-written run looks complete. */
    public void discardResults(String runId) {
        jdbc.update("DELETE FROM kv_result WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM kv_vault WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM kv_pass WHERE run_id = ?", runId);
    }

    /** One result to store and, for an open (FAIL or MUTED) result, when it was first seen. */
    public record Row(Result result, Instant firstSeen) {}

    /** Stores one chunk of a rule's FAIL, ERROR and MUTED results, in evaluation order, gzip-compressed. */
    public void insertResults(String runId, String ruleId, int chunk, List<Row> rows) {
        jdbc.update("INSERT INTO kv_result (run_id, rule_id, chunk, results, payload) VALUES (?,?,?,?,?)",
                runId, ruleId, chunk, rows.size(), ResultChunk.pack(rows));
    }

    /** Stores one chunk of a rule's PASS results (resource ids), gzip-compressed. */
    public void insertPasses(String runId, String ruleId, int chunk, List<String> resourceIds) {
        jdbc.update("INSERT INTO kv_pass (run_id, rule_id, chunk, resources, resource_ids) VALUES (?,?,?,?,?)",
                runId, ruleId, chunk, resourceIds.size(), PassChunk.pack(resourceIds));
    }

    /**
     * Streams a run's results rule by rule (rule id order): each rule's FAIL, ERROR and MUTED results in evaluation
     * order and then, when asked, its PASS results.
     */
    public void streamResults(String runId, boolean includePassed, Consumer<Result> consumer) {
        Map<String, RuleCatalog.Entry> rules = catalog(runId).byId();
        java.util.TreeSet<String> ruleIds = new java.util.TreeSet<>(
                jdbc.queryForList("SELECT DISTINCT rule_id FROM kv_result WHERE run_id = ?", String.class, runId));
        if (includePassed) ruleIds.addAll(jdbc.queryForList("SELECT DISTINCT rule_id FROM kv_pass WHERE run_id = ?", String.class, runId));
        for (String ruleId : ruleIds) {
            streamOpenAndErrors(runId, ruleId, rules, (r, firstSeen) -> consumer.accept(r));
            if (includePassed) streamPasses(runId, ruleId, rules, consumer);
        }
    }

    /** Decodes stored chunks ahead of their consumer (results.json, reports) on the other cores. */
    private static final java.util.concurrent.ExecutorService DECODER = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
                Thread t = new Thread(r, "kvaudit-result-decoder");
                t.setDaemon(true);
                return t;
            });
    private static final int DECODED_AHEAD = 4;

    private record Decoded(Result result, Instant firstSeen) {}

    private void streamOpenAndErrors(String runId, String ruleId, Map<String, RuleCatalog.Entry> rules,
                                     java.util.function.BiConsumer<Result, Instant> consumer) {
        List<String> controls = rules.containsKey(ruleId) ? List.copyOf(rules.get(ruleId).controls()) : List.of();
        // chunks are decoded (gunzip, JSON) in parallel, at most DECODED_AHEAD ahead, and handed over in stored order
        java.util.ArrayDeque<java.util.concurrent.Future<List<Decoded>>> ahead = new java.util.ArrayDeque<>();
        jdbc.query("SELECT payload FROM kv_result WHERE run_id = ? AND rule_id = ? ORDER BY chunk", rs -> {
            byte[] packed = rs.getBytes(1);
            ahead.add(DECODER.submit(() -> {
                List<Decoded> out = new java.util.ArrayList<>();
                ResultChunk.unpack(ruleId, packed, controls, (r, firstSeen) -> out.add(new Decoded(r, firstSeen)));
                return out;
            }));
            if (ahead.size() > DECODED_AHEAD) deliver(ahead.poll(), consumer);
        }, runId, ruleId);
        while (!ahead.isEmpty()) deliver(ahead.poll(), consumer);
    }

    private static void deliver(java.util.concurrent.Future<List<Decoded>> chunk, java.util.function.BiConsumer<Result, Instant> consumer) {
        try {
            for (Decoded d : chunk.get()) consumer.accept(d.result(), d.firstSeen());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading results", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void streamPasses(String runId, String ruleId, Map<String, RuleCatalog.Entry> rules, Consumer<Result> consumer) {
        RuleCatalog.Entry rule = rules.get(ruleId);
        Severity severity = rule == null ? Severity.INFO : Severity.parse(rule.severity());
        String resourceType = rule == null ? null : rule.resource();
        List<String> controls = rule == null ? List.of() : List.copyOf(rule.controls());
        jdbc.query("SELECT resource_ids FROM kv_pass WHERE run_id = ? AND rule_id = ? ORDER BY chunk", rs -> {
            for (String id : PassChunk.unpack(rs.getBytes(1)))
                consumer.accept(PassChunk.result(ruleId, severity, resourceType, id, controls));
        }, runId, ruleId);
    }

    private RuleCatalog catalog(String runId) {
        return RuleCatalog.parse(jdbc.queryForObject("SELECT rule_catalog_json FROM kv_run WHERE run_id = ?", String.class, runId));
    }

    /** First-seen times of a run's open (FAIL or MUTED) results, by fingerprint: the memory the next run builds on. */
    public Map<String, Instant> openFirstSeen(String runId) {
        Map<String, Instant> out = new java.util.HashMap<>();
        Map<String, RuleCatalog.Entry> rules = catalog(runId).byId();
        for (String ruleId : jdbc.queryForList("SELECT DISTINCT rule_id FROM kv_result WHERE run_id = ?", String.class, runId))
            streamOpenAndErrors(runId, ruleId, rules, (r, firstSeen) -> {
                if (r.status() == Status.FAIL || r.status() == Status.MUTED) out.put(r.fingerprint(), firstSeen);
            });
        return out;
    }

    public void saveTrend(String runId, String previousRunId, int fresh, int fixed, int stillOpen, Trend.Pruned pruned) {
        Map<String, Object> trend = new java.util.LinkedHashMap<>();
        trend.put("previousRunId", previousRunId == null ? "" : previousRunId);
        trend.put("new", fresh);
        trend.put("fixed", fixed);
        trend.put("stillOpen", stillOpen);
        if (pruned != null) {
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("runs", pruned.runs());
            p.put("latestRunId", pruned.latestRunId());
            trend.put("pruned", p);
        }
        jdbc.update("UPDATE kv_run SET trend_json = ? WHERE run_id = ?", text().json(json(trend)), runId);
    }

    /** What became of the run's end-of-scan notification (never the webhook's path or query: they carry its key). */
    public void saveNotification(String runId, String outcome) {
        jdbc.update("UPDATE kv_run SET notification = ? WHERE run_id = ?", text().plain(outcome, 1000), runId);
    }

    /**
     * A run's non-PASS results, most important first (FAIL, then ERROR, then MUTED; by severity within each), at most
     * {@code limit}: what a capped format such as SARIF keeps. Selected in one pass with bounded memory.
     */
    public void streamResultsByPriority(String runId, int limit, Consumer<Result> consumer) {
        record Ranked(Result result, long order) {}
        Comparator<Ranked> importance = Comparator.<Ranked>comparingInt(x -> statusRank(x.result().status()))
                .thenComparing(x -> x.result().severity()).thenComparingLong(Ranked::order);
        java.util.PriorityQueue<Ranked> kept = new java.util.PriorityQueue<>(importance.reversed());
        long[] order = {0};
        streamResults(runId, false, r -> {
            kept.add(new Ranked(r, order[0]++));
            if (kept.size() > limit) kept.poll();
        });
        kept.stream().sorted(importance).forEach(x -> consumer.accept(x.result()));
    }

    private static int statusRank(Status s) {
        return switch (s) { case FAIL -> 0; case ERROR -> 1; default -> 2; };
    }

    /** Fingerprints of a run's FAIL and MUTED results (what was "open" in that run). */
    public Set<String> openFingerprints(String runId) {
        return openFirstSeen(runId).keySet();
    }

    public Optional<RunRecord> find(String runId) {
        return jdbc.query("SELECT * FROM kv_run WHERE run_id = ?", runMapper(), runId).stream().findFirst();
    }

    /**
     * The run a scan compares with: the newest completed run before it on the same tenant that still has its results,
     * and the newer completed ones skipped because their results were pruned.
     */
    public Comparison comparisonBase(RunRecord run) {
        Optional<RunRecord> previous = jdbc.query("SELECT * FROM kv_run WHERE status = 'COMPLETED' AND tenant_id = ? "
                + "AND started_at < ? AND pruned_at IS NULL ORDER BY started_at DESC LIMIT 1", runMapper(), text().plain(run.tenantId()),
                ts(run.startedAt())).stream().findFirst();
        // completed runs after the one compared with (after none: all of them) and before this one, pruned since
        OffsetDateTime after = previous.map(p -> ts(p.startedAt())).orElse(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        List<String> skipped = jdbc.queryForList("SELECT run_id FROM kv_run WHERE status = 'COMPLETED' AND tenant_id = ? "
                + "AND started_at > ? AND started_at < ? AND pruned_at IS NOT NULL ORDER BY started_at DESC", String.class,
                text().plain(run.tenantId()), after, ts(run.startedAt()));
        if (skipped.isEmpty()) return new Comparison(previous, null);
        String latest = skipped.get(0);
        return new Comparison(previous, new Trend.Pruned(skipped.size(), latest, find(latest).map(RunRecord::startedAt).orElse(null)));
    }

    /** Every stored run, light (no JSON columns), newest first: what retention decides over. */
    public List<Retention.Run> retentionView() {
        return jdbc.query("SELECT run_id, status, tenant_id, started_at, pruned_at FROM kv_run ORDER BY started_at DESC",
                (rs, i) -> new Retention.Run(rs.getString("run_id"), rs.getString("status"), text().read(rs.getString("tenant_id")),
                        instant(rs, "started_at"), instant(rs, "pruned_at") != null));
    }

    /** The per-result data one run keeps: what pruning it would delete. */
    public record Bulk(int resultChunks, long results, int passChunks, long passes, int vaults) {
        public Bulk plus(Bulk o) {
            return new Bulk(resultChunks + o.resultChunks, results + o.results, passChunks + o.passChunks,
                    passes + o.passes, vaults + o.vaults);
        }

        public static final Bulk NONE = new Bulk(0, 0, 0, 0, 0);
    }

    public Bulk bulk(String runId) {
        Bulk[] out = new Bulk[1];
        jdbc.query("SELECT (SELECT COUNT(*) FROM kv_result WHERE run_id = ?) AS rc, "
                + "(SELECT COALESCE(SUM(results), 0) FROM kv_result WHERE run_id = ?) AS r, "
                + "(SELECT COUNT(*) FROM kv_pass WHERE run_id = ?) AS pc, "
                + "(SELECT COALESCE(SUM(resources), 0) FROM kv_pass WHERE run_id = ?) AS p, "
                + "(SELECT COUNT(*) FROM kv_vault WHERE run_id = ?) AS v", rs -> {
            out[0] = new Bulk(rs.getInt("rc"), rs.getLong("r"), rs.getInt("pc"), rs.getLong("p"), rs.getInt("v"));
        }, runId, runId, runId, runId, runId);
        return out[0];
    }

    /**
     * Deletes a run's results (FAIL, ERROR, MUTED and PASS chunks), its vault summaries and its rule catalogue and
     * framework mappings and any collection checkpoints, and marks it pruned; its kv_run row keeps the totals, per-rule tallies, coverage, trend,
     * exceptions use and manifest digest. The caller holds the transaction.
     */
    public void pruneResults(String runId, Instant prunedAt) {
        jdbc.update("UPDATE kv_run SET pruned_at = ?, rule_catalog_json = NULL, frameworks_json = NULL, job_execution_id = NULL "
                + "WHERE run_id = ?", ts(prunedAt), runId);
        jdbc.update("DELETE FROM kv_result WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM kv_pass WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM kv_vault WHERE run_id = ?", runId);
        // an unfinished run's collection checkpoints: a pruned run is never restarted
        jdbc.update("DELETE FROM kv_checkpoint WHERE run_id = ?", runId);
    }

    /** The Spring Batch job execution that ran the run, if it is still recorded. */
    public Optional<Long> jobExecutionId(String runId) {
        return jdbc.query("SELECT job_execution_id FROM kv_run WHERE run_id = ?", (rs, i) -> (Long) rs.getObject(1, Long.class), runId)
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    public Optional<RunRecord> latestCompleted() {
        return jdbc.query("SELECT * FROM kv_run WHERE status = 'COMPLETED' ORDER BY started_at DESC LIMIT 1", runMapper())
                .stream().findFirst();
    }

    public List<RunRecord> history(int limit) {
        return jdbc.query("SELECT * FROM kv_run ORDER BY started_at DESC LIMIT ?", runMapper(), limit);
    }

    /** kv_run rows as records; plain text as it was given (see StoredText), JSON as stored (it parses the same). */
    private RowMapper<RunRecord> runMapper() {
        StoredText t = text();
        return (rs, i) -> new RunRecord(rs.getString("run_id"), rs.getString("status"), instant(rs, "started_at"),
                instant(rs, "finished_at"), instant(rs, "as_of"), t.read(rs.getString("source")),
                t.read(rs.getString("source_location")), t.read(rs.getString("tenant_id")), t.read(rs.getString("cloud")),
                t.read(rs.getString("tool_version")), t.read(rs.getString("rules_digest")), t.read(rs.getString("identity")),
                t.read(rs.getString("fail_on")), t.read(rs.getString("out_dir")), (Integer) rs.getObject("exit_code"),
                t.read(rs.getString("error_message")), rs.getLong("pass_count"), rs.getLong("fail_count"),
                rs.getLong("error_count"), rs.getLong("muted_count"), rs.getString("coverage_json"), rs.getString("rules_json"),
                rs.getString("exceptions_json"), rs.getString("rule_catalog_json"), rs.getString("frameworks_json"),
                rs.getString("collection_json"), rs.getString("manifest_sha256"), instant(rs, "pruned_at"),
                t.read(rs.getString("notification")), rs.getInt("restarts"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant i) { return i == null ? null : i.atOffset(ZoneOffset.UTC); }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T read(String json) {
        try {
            return (T) JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
