package io.kvaudit.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.cli.Cli;
import io.kvaudit.collect.InventoryCodec;
import io.kvaudit.source.azure.BigVaultTenant;
import io.kvaudit.source.azure.FakeAzure;
import io.kvaudit.source.azure.FakeAzureAccess;
import io.kvaudit.cli.TempDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash and restart, with real processes: a scan in a child JVM is killed with SIGKILL in the middle of collection or
 * of evaluation, or sent SIGTERM; the database stays usable, the run shows as INTERRUPTED (or STOPPED), another scan
 * runs, and {@code kvaudit scan --restart} resumes the run, reading only the vaults it had not collected, and ends
 * with the results of an uninterrupted scan, every one of them (results.json but for its run block).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRestartTest {

    static final Path SAMPLE = Path.of("samples/contoso");
    static final String AS_OF = "2026-11-20T06:00:00Z";
    static final String LISTED_IPS = SAMPLE.resolve("listed-ips.txt").toString();
    static final List<Class<?>> FAKE = List.of(FakeAzureAccess.class);
    static final ObjectMapper JSON = new ObjectMapper();

    Path tmp;
    /** What an uninterrupted live scan of the demo tenant gives, and the vaults it asked Azure about. */
    JsonNode liveReference;
    Set<String> vaultsOfTheTenant;

    @BeforeAll
    void scanWithoutInterruption() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-crash");
        FakeAzure fake = new FakeAzure(SAMPLE);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = Cli.runWith(FAKE, liveArgs(db("reference"), tmp.resolve("reference")).toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        liveReference = withoutRun(tmp.resolve("reference"));
        vaultsOfTheTenant = vaultsAskedAbout(fake);
        assertThat(vaultsOfTheTenant).hasSizeGreaterThan(8);
    }

    @AfterAll
    void cleanUp() {
        if (System.getenv("KVAUDIT_KEEP_TEST_FILES") == null) TempDirs.delete(tmp);
    }

    @Test
    void aScanKilledMidCollectionIsInterruptedAndItsRestartReadsOnlyTheVaultsItLacked() throws Exception {
        String db = db("killed-collecting");
        Path out = tmp.resolve("killed-collecting");
        // Azure answers about four vaults, then stops answering: the scan is held mid-collection, then killed
        Process p = heldLiveScan("killed-collecting", 4);
        Thread.sleep(3000);
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);

        String runId;
        Set<String> checkpointed = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(db, "sa", "")) {
            runId = single(c, "SELECT run_id FROM kv_run WHERE status = 'RUNNING'");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT payload FROM kv_checkpoint WHERE part = 'vault'")) {
                while (rs.next()) InventoryCodec.vaults(rs.getBytes(1)).values().forEach(v -> checkpointed.add(v.vault().name()));
            }
        }
        assertThat(checkpointed).isNotEmpty().hasSizeLessThanOrEqualTo(4);

        // history says what happened, and the database takes a new scan
        Cli.Run history = Cli.run("history", "--db-url", db);
        assertThat(history.exit()).as(history.toString()).isZero();
        assertThat(history.out()).containsPattern(runId + " +INTERRUPTED").contains("interrupted: its process (host=")
                .contains(checkpointed.size() + (checkpointed.size() == 1 ? " vault" : " vaults") + " collected and kept")
                .contains("kvaudit scan --restart " + runId);
        Cli.Run next = Cli.run("scan", "--snapshot", SAMPLE.toString(), "--as-of", AS_OF, "--db-url", db, "--out",
                tmp.resolve("next-scan").toString(), "--format", "json", "--quiet");
        assertThat(next.exit()).as(next.toString()).isEqualTo(3);

        // the restart reads the vaults the checkpoints lack, and only those
        FakeAzure fake = new FakeAzure(SAMPLE);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run restart = Cli.runWith(FAKE, "scan", "--restart", runId, "--db-url", db);
        assertThat(restart.exit()).as(restart.toString()).isEqualTo(3);
        assertThat(restart.out()).contains("resumed   " + checkpointed.size() + " vaults from the run's checkpoints, "
                + (vaultsOfTheTenant.size() - checkpointed.size()) + " read now");
        Set<String> readAgain = vaultsAskedAbout(fake);
        assertThat(readAgain).doesNotContainAnyElementsOf(checkpointed);
        Set<String> all = new TreeSet<>(readAgain);
        all.addAll(checkpointed);
        assertThat(all).isEqualTo(new TreeSet<>(vaultsOfTheTenant));

        assertThat(withoutRun(out)).isEqualTo(liveReference);
        JsonNode resumed = JSON.readTree(out.resolve("results.json").toFile()).path("run").path("collection").path("resumed");
        assertThat(resumed.path("vaultsFromCheckpoints").asInt()).isEqualTo(checkpointed.size());
        assertThat(resumed.path("vaultsRead").asInt()).isEqualTo(vaultsOfTheTenant.size() - checkpointed.size());
        assertThat(JSON.readTree(tmp.resolve("reference/results.json").toFile()).path("run").path("collection").has("resumed")).isFalse();
        try (Connection c = DriverManager.getConnection(db, "sa", "")) {
            assertThat(single(c, "SELECT status FROM kv_run WHERE run_id = '" + runId + "'")).isEqualTo("COMPLETED");
            assertThat(single(c, "SELECT COUNT(*) FROM kv_checkpoint")).isEqualTo("0");
            // Spring Batch restarted the run's job instance: the killed execution closed as FAILED, the restart COMPLETED
            assertThat(executionsOf(c, runId)).containsExactly("FAILED", "COMPLETED");
        }
        assertThat(Cli.run("history", "--db-url", db).out()).containsPattern(runId + " +COMPLETED").contains("resumed by kvaudit scan --restart once");
    }

    @Test
    void aScanKilledMidEvaluationRestartsWithTheSameResultsAndTheInputsItStartedWith() throws Exception {
        // one vault with 30,000 secrets: its PASS results are written in chunks while rules are still evaluating
        Path tenant = BigVaultTenant.copyWithManyObjects(SAMPLE, tmp.resolve("big-tenant"), "kv-contoso-dev-app", 30_000, 0);
        Path exceptions = tmp.resolve("exceptions.yaml");
        Files.writeString(exceptions, """
                exceptions:
                  - rule: secret-expiry-missing
                    scope: /subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02
                    reason: Accepted until the migration in Q1
                    owner: platform@contoso.com
                    expires: 2027-03-31
                """);
        List<String> args = new ArrayList<>(List.of("scan", "--snapshot", tenant.toString(), "--as-of", AS_OF, "--format", "json",
                "--include-passed", "--quiet", "--listed-ips", LISTED_IPS, "--exceptions", exceptions.toString()));
        List<String> reference = new ArrayList<>(args);
        reference.addAll(List.of("--db-url", db("big-reference"), "--out", tmp.resolve("big-reference").toString()));
        Cli.Run ref = Cli.run(reference.toArray(String[]::new));
        assertThat(ref.exit()).as(ref.toString()).isEqualTo(3);

        String db = db("killed-evaluating");
        Path out = tmp.resolve("killed-evaluating");
        Path marker = tmp.resolve("evaluating.held");
        args.addAll(List.of("--db-url", db, "--out", out.toString()));
        Process p = ScanChild.start(List.of("-Dchild.hangResultWrites=true", "-Dchild.marker=" + marker), args, tmp.resolve("killed-evaluating.log"));
        ScanChild.awaitFile(marker, p);
        Thread.sleep(1500);
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String runId;
        try (Connection c = DriverManager.getConnection(db, "sa", "")) {
            runId = single(c, "SELECT run_id FROM kv_run WHERE status = 'RUNNING'");
            // killed in the evaluate step: Spring Batch has it started and never ended, collection done and checkpointed
            assertThat(single(c, "SELECT s.status FROM batch_step_execution s JOIN kv_run r ON s.job_execution_id = r.job_execution_id "
                    + "WHERE s.step_name = 'evaluate' AND s.end_time IS NULL")).isEqualTo("STARTED");
            assertThat(single(c, "SELECT SUM(vaults) FROM kv_checkpoint WHERE part = 'vault'")).isEqualTo("12");
        }

        // a restart with an input changed since the run started is refused, naming the file, and changes nothing
        byte[] original = Files.readAllBytes(exceptions);
        Files.writeString(exceptions, "\n# changed\n", java.nio.file.StandardOpenOption.APPEND);
        Cli.Run changed = Cli.run("scan", "--restart", runId, "--db-url", db);
        assertThat(changed.exit()).as(changed.toString()).isEqualTo(2);
        assertThat(changed.err()).contains(exceptions.toAbsolutePath().toString()).contains("changed since run " + runId + " started");
        assertThat(Cli.run("history", "--db-url", db).out()).containsPattern(runId + " +INTERRUPTED");
        Files.write(exceptions, original);

        Cli.Run restart = Cli.run("scan", "--restart", runId, "--db-url", db);
        assertThat(restart.exit()).as(restart.toString()).isEqualTo(3);
        // the same results as the uninterrupted scan: each PASS once (the killed attempt's chunks were dropped)
        assertThat(withoutRun(out)).isEqualTo(withoutRun(tmp.resolve("big-reference")));

        // a completed run is not restarted again
        Cli.Run again = Cli.run("scan", "--restart", runId, "--db-url", db);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("the run completed");
    }

    @Test
    void sigtermStopsTheScanWithinTenSecondsMarkedStoppedAndItsRestartFinishesIt() throws Exception {
        String db = db("terminated");
        Path out = tmp.resolve("terminated");
        Process p = heldLiveScan("terminated", 3);
        Thread.sleep(2000);
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM, what Kubernetes sends
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("ended within 10 s of SIGTERM").isTrue();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(p.exitValue()).isEqualTo(143);
        String log = Files.readString(tmp.resolve("terminated.log"));
        assertThat(log).contains("kvaudit: stopping ");

        String runId;
        try (Connection c = DriverManager.getConnection(db, "sa", "")) {
            runId = single(c, "SELECT run_id FROM kv_run");
            assertThat(single(c, "SELECT status FROM kv_run")).isEqualTo("STOPPED");
            assertThat(single(c, "SELECT exit_code FROM kv_run")).isEqualTo("143");
            assertThat(executionsOf(c, runId)).containsExactly("STOPPED");
        }
        Cli.Run history = Cli.run("history", "--db-url", db);
        assertThat(history.out()).containsPattern(runId + " +STOPPED")
                .contains("stopped: the process was asked to stop (SIGTERM or SIGINT) (in the inventory step)")
                .contains("kvaudit scan --restart " + runId);

        // what a scheduler's retry runs: the same command, with --resume-within, goes on with the stopped run
        FakeAzureAccess.use(new FakeAzure(SAMPLE), Duration.ofHours(1));
        List<String> retry = liveArgs(db, out);
        retry.remove("--quiet");
        retry.addAll(List.of("--resume-within", "6"));
        Cli.Run restart = Cli.runWith(FAKE, retry.toArray(String[]::new));
        assertThat(restart.exit()).as(restart.toString()).isEqualTo(3);
        assertThat(restart.out()).contains("kvaudit: resuming run " + runId + " (STOPPED, started ");
        try (Connection c = DriverManager.getConnection(db, "sa", "")) {
            assertThat(single(c, "SELECT COUNT(*) FROM kv_run")).isEqualTo("1");
            assertThat(single(c, "SELECT status FROM kv_run")).isEqualTo("COMPLETED");
            assertThat(executionsOf(c, runId)).containsExactly("STOPPED", "COMPLETED");
        }
        assertThat(withoutRun(out)).isEqualTo(liveReference);
        System.out.printf("SIGTERM to exit: %d ms%n", millis);
    }

    /**
     * The worst case of SIGTERM: the scan is stuck where it cannot notice a stop (its results writer hangs in the
     * database). The process still ends within 10 s, the run marked STOPPED saying it did not wind down, and the run
     * resumes later.
     */
    @Test
    void sigtermEndsAStuckScanWithinTenSecondsAllTheSame() throws Exception {
        String db = db("stuck");
        Path out = tmp.resolve("stuck");
        Path marker = tmp.resolve("stuck.held");
        List<String> args = List.of("scan", "--snapshot", SAMPLE.toString(), "--as-of", AS_OF, "--format", "json", "--include-passed",
                "--quiet", "--listed-ips", LISTED_IPS, "--db-url", db, "--out", out.toString());
        Process p = ScanChild.start(List.of("-Dchild.hangResultWrites=true", "-Dchild.marker=" + marker), args, tmp.resolve("stuck.log"));
        ScanChild.awaitFile(marker, p);
        long t0 = System.nanoTime();
        p.destroy();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("ended within 10 s of SIGTERM").isTrue();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(p.exitValue()).isEqualTo(143);
        String runId;
        try (Connection c = DriverManager.getConnection(db, "sa", "")) {
            runId = single(c, "SELECT run_id FROM kv_run");
            assertThat(single(c, "SELECT status FROM kv_run")).isEqualTo("STOPPED");
            assertThat(single(c, "SELECT error_message FROM kv_run")).contains("did not wind down within 8 s");
        }
        Cli.Run restart = Cli.run("scan", "--restart", runId, "--db-url", db, "--quiet");
        assertThat(restart.exit()).as(restart.toString()).isEqualTo(3);
        Cli.Run reference = Cli.run(args.stream().map(a -> a.equals(db) ? db("stuck-reference") : a.equals(out.toString())
                ? tmp.resolve("stuck-reference").toString() : a).toArray(String[]::new));
        assertThat(reference.exit()).isEqualTo(3);
        assertThat(withoutRun(out)).isEqualTo(withoutRun(tmp.resolve("stuck-reference")));
        System.out.printf("SIGTERM to exit, stuck scan: %d ms%n", millis);
    }

    @Test
    void restartIsRefusedWithOtherOptionsOrForARunThatIsNotThere() {
        Cli.Run withFormat = Cli.run("scan", "--restart", "20261120T060000Z-1a2b3c", "--format", "json", "--db-url", db("usage"));
        assertThat(withFormat.exit()).isEqualTo(2);
        assertThat(withFormat.err()).contains("--restart resumes the run with the options it was started with; --format cannot be given with it");
        Cli.Run badId = Cli.run("scan", "--restart", "../../etc", "--db-url", db("usage"));
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("--restart: expected a run id");
        Cli.Run unknown = Cli.run("scan", "--restart", "20261120T060000Z-1a2b3c", "--db-url", db("usage"));
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no such run in this database");
    }

    // ---- helpers

    /**
     * A live scan (database {@code db(name)}, reports in {@code tmp/name}) in a child JVM, once it is held: Azure has
     * answered about {@code vaults} vaults and stopped answering.
     */
    Process heldLiveScan(String name, int vaults) throws IOException, InterruptedException {
        Path marker = tmp.resolve(name + ".held");
        Process p = ScanChild.start(List.of("-Dchild.fake=" + SAMPLE, "-Dchild.holdBeyond=" + vaults, "-Dchild.marker=" + marker),
                liveArgs(db(name), tmp.resolve(name)), tmp.resolve(name + ".log"));
        ScanChild.awaitFile(marker, p);
        return p;
    }

    String db(String name) { return "jdbc:h2:file:" + tmp.resolve("db-" + name).resolve("kvaudit"); }

    List<String> liveArgs(String db, Path out) {
        return new ArrayList<>(List.of("scan", "--as-of", AS_OF, "--out", out.toString(), "--db-url", db, "--format", "json",
                "--include-passed", "--quiet", "--auth", "client-secret", "--listed-ips", LISTED_IPS));
    }

    Set<String> vaultsAskedAbout(FakeAzure fake) {
        Set<String> out = new HashSet<>();
        for (FakeAzure.Request r : fake.requests()) {
            String v = fake.vaultOf(r.url());
            if (v != null) out.add(v);
        }
        return out;
    }

    static JsonNode withoutRun(Path dir) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(dir.resolve("results.json").toFile());
        n.remove("run");
        return n;
    }

    static String single(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            String v = rs.getString(1);
            assertThat(rs.next()).as(sql + ": one row").isFalse();
            return v;
        }
    }

    /** The statuses of the executions of the run's job instance, oldest first. */
    static List<String> executionsOf(Connection c, String runId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT e.status FROM batch_job_execution e WHERE e.job_instance_id = "
                + "(SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = (SELECT job_execution_id FROM kv_run "
                + "WHERE run_id = '" + runId + "')) ORDER BY e.job_execution_id")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
