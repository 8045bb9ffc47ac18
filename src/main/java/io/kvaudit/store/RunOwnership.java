package io.kvaudit.store;

import io.kvaudit.config.Secrets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Who runs a RUNNING run, and whether it still does. A scan's process names itself in its run row ({@link RunOwner})
 * and renews {@code heartbeat_at} every {@link #HEARTBEAT}; a run whose owner is gone (on this host: no such process;
 * elsewhere: no heartbeat for {@link #STALE_AFTER}) was interrupted (killed, out of memory, machine lost) and is
 * marked INTERRUPTED. {@code kvaudit scan --restart} claims an interrupted, stopped or failed run for this process in
 * one conditional update, so two restarts of one run cannot both go ahead.
 */
@Component
public class RunOwnership {

    /** How often a running scan renews its heartbeat. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** A run owned by another host with no heartbeat for this long is taken as interrupted. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(120);

    /** A RUNNING run as liveness sees it. */
    public record Running(String runId, String owner, Instant heartbeatAt, Instant startedAt, Long jobExecutionId) {

        /** When the run last showed it was alive: its heartbeat, or (a run recorded before heartbeats) its start. */
        public Instant lastSign() { return heartbeatAt != null ? heartbeatAt : startedAt; }
    }

    private final JdbcTemplate jdbc;

    public RunOwnership(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Running> running() {
        return jdbc.query("SELECT run_id, owner, heartbeat_at, started_at, job_execution_id FROM kv_run WHERE status = 'RUNNING'",
                (rs, i) -> new Running(rs.getString(1), rs.getString(2), instant(rs.getObject(3, OffsetDateTime.class)),
                        instant(rs.getObject(4, OffsetDateTime.class)), (Long) rs.getObject(5, Long.class)));
    }

    /**
     * Why a RUNNING run's owner is gone, or empty while it may still be alive: its process no longer exists on this
     * host, or it left no heartbeat for {@link #STALE_AFTER}.
     */
    public Optional<String> whyGone(Running run, Instant now) {
        Optional<RunOwner> owner = RunOwner.parse(run.owner());
        if (owner.isPresent() && owner.get().onThisHost()) {
            if (owner.get().aliveOnThisHost()) return Optional.empty();
            return Optional.of("its process (" + owner.get() + ") is gone");
        }
        Duration silent = Duration.between(run.lastSign(), now);
        if (silent.compareTo(STALE_AFTER) < 0) return Optional.empty();
        return Optional.of("its process (" + (run.owner() == null ? "owner unrecorded" : run.owner()) + ") has shown no sign of life for "
                + silent.toSeconds() + " s");
    }

    /** Marks a RUNNING run interrupted, unless it changed hands or state since it was read; true when this did it. */
    public boolean markInterrupted(Running run, String message) {
        return jdbc.update("UPDATE kv_run SET status = 'INTERRUPTED', error_message = ? WHERE run_id = ? AND status = 'RUNNING' "
                        + "AND COALESCE(owner, '') = ?", Secrets.mask(message), run.runId(), run.owner() == null ? "" : run.owner()) == 1;
    }

    /**
     * Renews a running run's heartbeat, only while this process owns it; false when it no longer does (another
     * process found it silent, marked it interrupted and may have restarted it): the scan must then stop.
     */
    public boolean heartbeat(String runId, RunOwner owner, Instant now) {
        return jdbc.update("UPDATE kv_run SET heartbeat_at = ? WHERE run_id = ? AND owner = ? AND status = 'RUNNING'", ts(now), runId,
                owner.toString()) == 1;
    }

    /**
     * Takes an interrupted, stopped or failed run for this process to resume: RUNNING again, owned by {@code owner},
     * its end, exit code, error, manifest digest and notification cleared, its restart count raised. False when the
     * run is not in a state to restart (or another process claimed it first).
     */
    public boolean claimForRestart(String runId, RunOwner owner, Instant now) {
        return jdbc.update("UPDATE kv_run SET status = 'RUNNING', owner = ?, heartbeat_at = ?, restarts = restarts + 1, "
                + "finished_at = NULL, exit_code = NULL, error_message = NULL, manifest_sha256 = NULL, notification = NULL "
                + "WHERE run_id = ? AND status IN ('INTERRUPTED', 'STOPPED', 'FAILED') AND pruned_at IS NULL",
                owner.toString(), ts(now), runId) == 1;
    }

    /** An interrupted or stopped run, newest first, as {@code --resume-within} looks for one to resume. */
    public record Resumable(String runId, String status, Instant startedAt, String rulesDigest, String requestJson) {}

    /** The interrupted and stopped runs started since {@code since} with their options recorded, newest first. */
    public List<Resumable> resumable(Instant since) {
        return jdbc.query("SELECT run_id, status, started_at, rules_digest, request_json FROM kv_run WHERE status IN ('INTERRUPTED', "
                        + "'STOPPED') AND started_at >= ? AND pruned_at IS NULL AND request_json IS NOT NULL ORDER BY started_at DESC",
                (rs, i) -> new Resumable(rs.getString(1), rs.getString(2), instant(rs.getObject(3, OffsetDateTime.class)),
                        rs.getString(4), rs.getString(5)), ts(since));
    }

    /** The options a run was started with (docs: never a secret), as stored when it started. */
    public Optional<String> requestJson(String runId) {
        return jdbc.query("SELECT request_json FROM kv_run WHERE run_id = ?", (rs, i) -> rs.getString(1), runId).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private static Instant instant(OffsetDateTime t) { return t == null ? null : t.toInstant(); }

    private static OffsetDateTime ts(Instant i) { return i.atOffset(ZoneOffset.UTC); }
}
