package io.kvaudit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Run history in the database (H2 file by default): one kv_run row per scan and one kv_result row per result, so a
 * later run can tell new, fixed and still-open results and any run can be rendered again. A failed run is recorded
 * as FAILED with its error; earlier runs are never touched.
 */
@Component
public class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESULT_COLUMNS = "rule_id, resource_id, status, severity, resource_type, subscription_id, "
            + "vault_name, message, evidence_json, controls, fingerprint, exception_json";

    private final JdbcTemplate jdbc;

    public RunStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void start(RunRecord r) {
        jdbc.update("INSERT INTO kv_run (run_id, status, started_at, as_of, source, source_location, tenant_id, cloud, "
                        + "tool_version, rules_digest, identity, fail_on, out_dir) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.runId(), "RUNNING", ts(r.startedAt()), ts(r.asOf()), r.source(), r.sourceLocation(), r.tenantId(),
                r.cloud(), r.toolVersion(), r.rulesDigest(), r.identity(), r.failOn(), r.outDir());
    }

    public void updateTenant(String runId, String tenantId, String cloud, String identity) {
        jdbc.update("UPDATE kv_run SET tenant_id = ?, cloud = ?, identity = ? WHERE run_id = ?", tenantId, cloud, identity, runId);
    }

    public void attachJob(String runId, long jobExecutionId) {
        jdbc.update("UPDATE kv_run SET job_execution_id = ? WHERE run_id = ?", jobExecutionId, runId);
    }

    public void saveTotals(String runId, long pass, long fail, long error, long muted, String coverageJson,
                           String rulesJson, String exceptionsJson) {
        jdbc.update("UPDATE kv_run SET pass_count = ?, fail_count = ?, error_count = ?, muted_count = ?, coverage_json = ?, "
                + "rules_json = ?, exceptions_json = ? WHERE run_id = ?", pass, fail, error, muted, coverageJson, rulesJson,
                exceptionsJson, runId);
    }

    /** The run's end time as its reports state it; set once, when the reports are written. */
    public void markFinished(String runId, Instant finishedAt) {
        jdbc.update("UPDATE kv_run SET finished_at = ? WHERE run_id = ? AND finished_at IS NULL", ts(finishedAt), runId);
    }

    /** Final status and exit code; a run that failed before its reports gets its end time here. */
    public void finish(String runId, String status, Integer exitCode, String errorMessage) {
        jdbc.update("UPDATE kv_run SET status = ?, finished_at = COALESCE(finished_at, ?), exit_code = ?, error_message = ? "
                + "WHERE run_id = ?", status, ts(Instant.now()), exitCode,
                errorMessage == null ? null : truncate(errorMessage, 4000), runId);
    }

    public void saveCatalog(String runId, String ruleCatalogJson, String frameworksJson) {
        jdbc.update("UPDATE kv_run SET rule_catalog_json = ?, frameworks_json = ? WHERE run_id = ?", ruleCatalogJson, frameworksJson, runId);
    }

    public void saveVaults(String runId, List<VaultSummary> vaults) {
        jdbc.batchUpdate("INSERT INTO kv_vault (run_id, vault_id, name, subscription_id, resource_group, location, rbac, "
                        + "soft_delete, purge_protection, public_network_access, firewall_default, private_endpoints, audit_logging, "
                        + "secrets, keys, certificates, tags_json, assessed, reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                vaults, 1000, (ps, v) -> {
                    ps.setString(1, runId);
                    ps.setString(2, v.id());
                    ps.setString(3, v.name());
                    ps.setString(4, v.subscriptionId());
                    ps.setString(5, v.resourceGroup());
                    ps.setString(6, v.location());
                    ps.setObject(7, v.rbac());
                    ps.setObject(8, v.softDelete());
                    ps.setObject(9, v.purgeProtection());
                    ps.setString(10, v.publicNetworkAccess());
                    ps.setString(11, v.firewallDefault());
                    ps.setInt(12, v.privateEndpoints());
                    ps.setString(13, v.auditLogging());
                    ps.setObject(14, v.secrets());
                    ps.setObject(15, v.keys());
                    ps.setObject(16, v.certificates());
                    ps.setString(17, v.tags().isEmpty() ? null : truncate(json(v.tags()), 4000));
                    ps.setBoolean(18, v.assessed());
                    ps.setString(19, v.reasons().isEmpty() ? null : truncate(String.join("\n", v.reasons()), 4000));
                });
    }

    /** A run's vault summaries, by subscription and name. */
    public void streamVaults(String runId, Consumer<VaultSummary> consumer) {
        jdbc.query("SELECT * FROM kv_vault WHERE run_id = ? ORDER BY subscription_id, name", rs -> {
            String tags = rs.getString("tags_json");
            String reasons = rs.getString("reasons");
            consumer.accept(new VaultSummary(rs.getString("vault_id"), rs.getString("name"), rs.getString("subscription_id"),
                    rs.getString("resource_group"), rs.getString("location"), (Boolean) rs.getObject("rbac"),
                    (Boolean) rs.getObject("soft_delete"), (Boolean) rs.getObject("purge_protection"),
                    rs.getString("public_network_access"), rs.getString("firewall_default"), rs.getInt("private_endpoints"),
                    rs.getString("audit_logging"), (Integer) rs.getObject("secrets"), (Integer) rs.getObject("keys"),
                    (Integer) rs.getObject("certificates"), tags == null ? Map.of() : read(tags), rs.getBoolean("assessed"),
                    reasons == null ? List.of() : List.of(reasons.split("\n"))));
        }, runId);
    }

    /** New, fixed and still-open results since the previous completed run on the same tenant, and first-seen times. */
    public Trend trend(RunRecord run) {
        Set<String> now = openFingerprints(run.runId());
        Optional<RunRecord> previous = previousCompleted(run);
        Set<String> before = previous.map(p -> openFingerprints(p.runId())).orElse(Set.of());
        int fresh = 0, still = 0;
        for (String f : now) if (before.contains(f)) still++; else fresh++;
        int fixed = 0;
        for (String f : before) if (!now.contains(f)) fixed++;
        Map<String, Instant> firstSeen = new java.util.HashMap<>();
        jdbc.query("SELECT r.fingerprint, MIN(k.started_at) FROM kv_result r JOIN kv_run k ON k.run_id = r.run_id "
                + "WHERE k.tenant_id = ? AND k.status IN ('COMPLETED', 'RUNNING') AND k.started_at <= ? AND r.status IN ('FAIL','MUTED') "
                + "AND r.fingerprint IN (SELECT fingerprint FROM kv_result WHERE run_id = ? AND status IN ('FAIL','MUTED')) "
                + "GROUP BY r.fingerprint", rs -> {
            firstSeen.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
        }, run.tenantId(), ts(run.startedAt()), run.runId());
        return new Trend(previous.map(RunRecord::runId).orElse(null), previous.map(RunRecord::startedAt).orElse(null),
                fresh, fixed, still, firstSeen);
    }

    /** Drops the results of a run that failed midway, so no half-written run looks complete. */
    public void discardResults(String runId) {
        jdbc.update("DELETE FROM kv_result WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM kv_vault WHERE run_id = ?", runId);
    }

    public void insertResults(String runId, List<Result> results) {
        jdbc.batchUpdate("INSERT INTO kv_result (run_id, " + RESULT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                results, results.size(), (ps, r) -> {
                    ps.setString(1, runId);
                    ps.setString(2, r.ruleId());
                    ps.setString(3, r.resourceId());
                    ps.setString(4, r.status().name());
                    ps.setString(5, r.severity().label());
                    ps.setString(6, r.resourceType());
                    ps.setString(7, r.subscriptionId());
                    ps.setString(8, r.vaultName());
                    ps.setString(9, r.message() == null ? null : truncate(r.message(), 4000));
                    ps.setString(10, r.evidence() == null || r.evidence().isEmpty() ? null : json(r.evidence()));
                    ps.setString(11, r.controls().isEmpty() ? null : String.join(",", r.controls()));
                    ps.setString(12, r.fingerprint());
                    ps.setString(13, r.exception() == null ? null : json(Map.of("reason", r.exception().reason(),
                            "owner", r.exception().owner(), "expires", r.exception().expires().toString())));
                });
    }

    /** Streams a run's results ordered by rule and resource; PASS results only when asked. */
    public void streamResults(String runId, boolean includePassed, Consumer<Result> consumer) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT " + RESULT_COLUMNS + " FROM kv_result WHERE run_id = ?"
                    + (includePassed ? "" : " AND status <> 'PASS'") + " ORDER BY rule_id, resource_id");
            ps.setFetchSize(1000);
            ps.setString(1, runId);
            return ps;
        }, rs -> { consumer.accept(RESULT_MAPPER.mapRow(rs, 0)); });
    }

    /**
     * A run's non-PASS results, most important first (FAIL, then ERROR, then MUTED; by severity within each), at most
     * {@code limit}: what a capped format such as SARIF keeps.
     */
    public void streamResultsByPriority(String runId, int limit, Consumer<Result> consumer) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT " + RESULT_COLUMNS + " FROM kv_result WHERE run_id = ? AND status <> 'PASS' "
                    + "ORDER BY CASE status WHEN 'FAIL' THEN 0 WHEN 'ERROR' THEN 1 ELSE 2 END, "
                    + "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, "
                    + "rule_id, resource_id LIMIT ?");
            ps.setFetchSize(1000);
            ps.setString(1, runId);
            ps.setInt(2, limit);
            return ps;
        }, rs -> { consumer.accept(RESULT_MAPPER.mapRow(rs, 0)); });
    }

    /** Fingerprints of a run's FAIL and MUTED results (what was "open" in that run). */
    public Set<String> openFingerprints(String runId) {
        return new HashSet<>(jdbc.queryForList("SELECT fingerprint FROM kv_result WHERE run_id = ? AND status IN ('FAIL','MUTED')",
                String.class, runId));
    }

    /** A run's FAIL results per severity, leaving out those whose fingerprint is in {@code known} (the baseline). */
    public Map<Severity, Long> failuresBySeverity(String runId, Set<String> known) {
        Map<Severity, Long> out = new java.util.EnumMap<>(Severity.class);
        jdbc.query("SELECT severity, fingerprint FROM kv_result WHERE run_id = ? AND status = 'FAIL'", rs -> {
            if (!known.contains(rs.getString(2))) out.merge(Severity.parse(rs.getString(1)), 1L, Long::sum);
        }, runId);
        return out;
    }

    public Optional<RunRecord> find(String runId) {
        return jdbc.query("SELECT * FROM kv_run WHERE run_id = ?", RUN_MAPPER, runId).stream().findFirst();
    }

    /** The newest completed run before this one on the same tenant, for the trend. */
    public Optional<RunRecord> previousCompleted(RunRecord run) {
        return jdbc.query("SELECT * FROM kv_run WHERE status = 'COMPLETED' AND tenant_id = ? AND started_at < ? "
                + "ORDER BY started_at DESC LIMIT 1", RUN_MAPPER, run.tenantId(), ts(run.startedAt())).stream().findFirst();
    }

    public Optional<RunRecord> latestCompleted() {
        return jdbc.query("SELECT * FROM kv_run WHERE status = 'COMPLETED' ORDER BY started_at DESC LIMIT 1", RUN_MAPPER)
                .stream().findFirst();
    }

    public List<RunRecord> history(int limit) {
        return jdbc.query("SELECT * FROM kv_run ORDER BY started_at DESC LIMIT ?", RUN_MAPPER, limit);
    }

    private static final RowMapper<Result> RESULT_MAPPER = (rs, i) -> {
        String controls = rs.getString("controls");
        String exception = rs.getString("exception_json");
        AppliedException applied = null;
        if (exception != null) {
            Map<String, String> m = read(exception);
            applied = new AppliedException(m.get("reason"), m.get("owner"), LocalDate.parse(m.get("expires")));
        }
        String evidence = rs.getString("evidence_json");
        return new Result(rs.getString("rule_id"), Status.valueOf(rs.getString("status")),
                Severity.parse(rs.getString("severity")), rs.getString("resource_id"), rs.getString("resource_type"),
                rs.getString("subscription_id"), rs.getString("vault_name"), rs.getString("message"),
                evidence == null ? Map.of() : read(evidence),
                controls == null ? List.of() : Arrays.asList(controls.split(",")), rs.getString("fingerprint"), applied);
    };

    private static final RowMapper<RunRecord> RUN_MAPPER = (rs, i) -> new RunRecord(rs.getString("run_id"),
            rs.getString("status"), instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "as_of"),
            rs.getString("source"), rs.getString("source_location"), rs.getString("tenant_id"), rs.getString("cloud"),
            rs.getString("tool_version"), rs.getString("rules_digest"), rs.getString("identity"), rs.getString("fail_on"),
            rs.getString("out_dir"), (Integer) rs.getObject("exit_code"), rs.getString("error_message"),
            rs.getLong("pass_count"), rs.getLong("fail_count"), rs.getLong("error_count"), rs.getLong("muted_count"),
            rs.getString("coverage_json"), rs.getString("rules_json"), rs.getString("exceptions_json"),
            rs.getString("rule_catalog_json"), rs.getString("frameworks_json"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant i) { return i == null ? null : i.atOffset(ZoneOffset.UTC); }

    private static String truncate(String s, int max) { return s.length() <= max ? s : s.substring(0, max - 1) + "…"; }

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
