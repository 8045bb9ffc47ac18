package io.kvaudit.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * What an unfinished run has collected, kept so {@code kvaudit scan --restart} resumes instead of starting over
 * (kv_checkpoint): discovery once, then the vaults as their collection ends, a batch a row (a few seconds of
 * collection at most: see ScanStages), so a process killed mid-collection keeps nearly every vault it finished, and a
 * stopped one every vault. The rows go when the run completes or is pruned.
 */
@Component
public class Checkpoints {

    private static final String DISCOVERY = "discovery";
    private static final String VAULT = "vault";

    private final JdbcTemplate jdbc;

    public Checkpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void saveDiscovery(String runId, byte[] payload) {
        jdbc.update("INSERT INTO kv_checkpoint (run_id, part, idx, vaults, payload) VALUES (?,?,?,?,?)", runId, DISCOVERY, 0, 0, payload);
    }

    public Optional<byte[]> discovery(String runId) {
        return jdbc.query("SELECT payload FROM kv_checkpoint WHERE run_id = ? AND part = ? AND idx = 0",
                (rs, i) -> rs.getBytes(1), runId, DISCOVERY).stream().findFirst();
    }

    /** A batch of vaults' inventories; {@code first} is the place in discovery order of its first vault. */
    public void saveVaults(String runId, int first, int vaults, byte[] payload) {
        jdbc.update("INSERT INTO kv_checkpoint (run_id, part, idx, vaults, payload) VALUES (?,?,?,?,?)", runId, VAULT, first, vaults, payload);
    }

    /** The batches of vaults collected so far. */
    public List<byte[]> vaultBatches(String runId) {
        return jdbc.query("SELECT payload FROM kv_checkpoint WHERE run_id = ? AND part = ? ORDER BY idx", (rs, i) -> rs.getBytes(1),
                runId, VAULT);
    }

    public int vaultCount(String runId) {
        Integer n = jdbc.queryForObject("SELECT COALESCE(SUM(vaults), 0) FROM kv_checkpoint WHERE run_id = ? AND part = ?",
                Integer.class, runId, VAULT);
        return n == null ? 0 : n;
    }

    /** What an unfinished run kept and how to go on with it, as history shows it: "3 vaults collected and kept; ...". */
    public String keptAndRestartHint(String runId) {
        int kept = vaultCount(runId);
        return kept + (kept == 1 ? " vault" : " vaults") + " collected and kept; kvaudit scan --restart " + runId + " resumes it";
    }

    public void delete(String runId) {
        jdbc.update("DELETE FROM kv_checkpoint WHERE run_id = ?", runId);
    }
}
