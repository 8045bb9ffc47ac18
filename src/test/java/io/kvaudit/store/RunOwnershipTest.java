package io.kvaudit.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who owns a running run, and when it is taken for interrupted: on this host by whether its process lives, on another
 * host by its heartbeat; and the conditional updates that keep two processes from taking one run.
 */
class RunOwnershipTest {

    JdbcTemplate jdbc;
    RunOwnership ownership;
    final Instant now = Instant.parse("2026-12-01T12:00:00Z");

    @BeforeEach
    void database() {
        String url = "jdbc:h2:mem:ownership-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        ownership = new RunOwnership(jdbc);
    }

    void running(String runId, String owner, Instant heartbeat) {
        jdbc.update("INSERT INTO kv_run (run_id, status, started_at, as_of, source, owner, heartbeat_at) "
                        + "VALUES (?, 'RUNNING', ?, ?, 'live', ?, ?)",
                runId, now.minusSeconds(3600).atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), owner,
                heartbeat == null ? null : heartbeat.atOffset(ZoneOffset.UTC));
    }

    RunOwnership.Running the(String runId) {
        return ownership.running().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
    }

    @Test
    void anOwnerOnAnotherHostIsGoneOnlyAfterTwoMinutesWithoutAHeartbeat() {
        String elsewhere = new RunOwner("another-node", 1, Instant.parse("2026-12-01T10:00:00Z")).toString();
        running("recent", elsewhere, now.minus(RunOwnership.STALE_AFTER).plusSeconds(5));
        running("silent", elsewhere, now.minus(RunOwnership.STALE_AFTER).minusSeconds(5));
        assertThat(ownership.whyGone(the("recent"), now)).isEmpty();
        assertThat(ownership.whyGone(the("silent"), now)).hasValueSatisfying(why ->
                assertThat(why).contains("host=another-node pid=1").contains("no sign of life for 125 s"));
    }

    @Test
    void onThisHostTheProcessDecidesWhateverTheHeartbeatSays() throws Exception {
        RunOwner me = RunOwner.thisProcess();
        running("mine", me.toString(), now.minus(Duration.ofDays(1)));
        assertThat(ownership.whyGone(the("mine"), now)).isEmpty();
        // a process that has ended, with a fresh heartbeat
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        running("dead", new RunOwner(me.host(), p.pid(), Instant.parse("2026-12-01T11:59:00Z")).toString(), now);
        assertThat(ownership.whyGone(the("dead"), now)).hasValueSatisfying(why -> assertThat(why).contains("is gone"));
        // a live process id that started at another time (a reused pid: a restarted container's pid 1)
        running("reused", new RunOwner(me.host(), me.pid(), me.processStarted().minusSeconds(60)).toString(), now);
        assertThat(ownership.whyGone(the("reused"), now)).isPresent();
    }

    @Test
    void aRunIsTakenOnceAndTheLoserCanNeitherBeatNorFinish() {
        RunOwner dead = new RunOwner("another-node", 7, Instant.parse("2026-12-01T10:00:00Z"));
        running("r1", dead.toString(), now.minus(Duration.ofMinutes(10)));
        RunOwnership.Running seen = the("r1");
        assertThat(ownership.markInterrupted(seen, "interrupted: test")).isTrue();
        assertThat(ownership.markInterrupted(seen, "interrupted: again")).isFalse();
        RunOwner me = RunOwner.thisProcess();
        assertThat(ownership.claimForRestart("r1", me, now)).isTrue();
        // a second restart of the same run at the same moment does not go ahead
        assertThat(ownership.claimForRestart("r1", me, now)).isFalse();
        // the old owner, alive after all behind a partition, has lost the run: its heartbeat says so
        assertThat(ownership.heartbeat("r1", dead, now)).isFalse();
        assertThat(ownership.heartbeat("r1", me, now)).isTrue();
        assertThat(jdbc.queryForObject("SELECT restarts FROM kv_run WHERE run_id = 'r1'", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT status FROM kv_run WHERE run_id = 'r1'", String.class)).isEqualTo("RUNNING");
    }

    @Test
    void theOwnerIsWrittenAndReadBackAndAnUnknownShapeIsNoOwner() {
        RunOwner me = RunOwner.thisProcess();
        assertThat(RunOwner.parse(me.toString())).contains(me);
        assertThat(RunOwner.parse("something else")).isEmpty();
        assertThat(me.host()).isNotBlank().doesNotContain(" ");
    }
}
