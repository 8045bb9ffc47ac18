package io.kvaudit.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an unfinished run has collected, kept so {@code kvaudit scan --restart} resumes instead of starting over
 * (kv_checkpoint): discovery once, then one row per vault as its collection ends. Each row is written on its own, so a
 * process killed mid-collection keeps every vault it finished. The rows go when the run completes or is pruned.
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
        jdbc.update("INSERT INTO kv_checkpoint (run_id, part, idx, payload) VALUES (?,?,?,?)", runId, DISCOVERY, 0, payload);
    }

    public Optional<byte[]> discovery(String runId) {
        return jdbc.query("SELECT payload FROM kv_checkpoint WHERE run_id = ? AND part = ? AND idx = 0",
                (rs, i) -> rs.getBytes(1), runId, DISCOVERY).stream().findFirst();
    }

    /** One vault's inventory; {@code index} is the vault's place in discovery order (what the restart resumes by). */
    public void saveVault(String runId, int index, byte[] payload) {
        jdbc.update("INSERT INTO kv_checkpoint (run_id, part, idx, payload) VALUES (?,?,?,?)", runId, VAULT, index, payload);
    }

    /** The vaults collected so far, by their place in discovery order. */
    public Map<Integer, byte[]> vaults(String runId) {
        Map<Integer, byte[]> out = new HashMap<>();
        jdbc.query("SELECT idx, payload FROM kv_checkpoint WHERE run_id = ? AND part = ?",
                rs -> { out.put(rs.getInt(1), rs.getBytes(2)); }, runId, VAULT);
        return out;
    }

    public int vaultCount(String runId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM kv_checkpoint WHERE run_id = ? AND part = ?", Integer.class, runId, VAULT);
        return n == null ? 0 : n;
    }

    public void delete(String runId) {
        jdbc.update("DELETE FROM kv_checkpoint WHERE run_id = ?", runId);
    }
}
