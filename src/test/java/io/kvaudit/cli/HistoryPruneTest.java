package io.kvaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.store.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kvaudit history prune}: retention deletes old runs' results and Spring Batch records while every run keeps
 * its counts; running runs and each tenant's latest completed run are never pruned; a dry run deletes nothing; bad
 * options are usage errors; and a scan whose natural comparison was pruned compares with the latest run that still
 * has results (or with none), saying so in results.json and the report.
 */
class HistoryPruneTest {

    static final ObjectMapper JSON = new ObjectMapper();

    Path tmp, snapshot;
    String db;
    JdbcTemplate jdbc;
    int scans;
    /** Report formats of the scans: the report's wording is checked in one test only. */
    String formats = "json";

    @BeforeEach
    void setUp() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-prune");
        snapshot = TinyTenant.write(tmp.resolve("snap"));
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db, "sa", ""));
    }

    @AfterEach
    void cleanUp() { TempDirs.delete(tmp); }

    /** A scan on the next day; returns its results.json. */
    JsonNode scan() throws IOException {
        String out = "out-" + scans;
        String asOf = Instant.parse("2026-11-20T06:00:00Z").plus(scans++, ChronoUnit.DAYS).toString();
        Cli.Run run = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", asOf, "--out", tmp.resolve(out).toString(),
                "--db-url", db, "--format", formats, "--quiet");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        return JSON.readTree(tmp.resolve(out + "/results.json").toFile());
    }

    static String id(JsonNode results) { return results.path("run").path("id").asText(); }

    Cli.Run prune(String... options) {
        List<String> args = new ArrayList<>(List.of("history", "prune", "--db-url", db));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    int rows(String table, String runId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?", Integer.class, runId);
    }

    int jobExecutions() { return jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION", Integer.class); }

    /** The run's line in kvaudit history (its counts) and whether a "pruned" line follows it. */
    static String historyLine(String history, String runId) {
        return history.lines().filter(l -> l.startsWith(runId)).findFirst().orElseThrow();
    }

    static boolean shownPruned(String history, String runId) {
        List<String> lines = history.lines().toList();
        int i = lines.indexOf(historyLine(history, runId));
        for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("    "); j++)
            if (lines.get(j).startsWith("    pruned ")) return true;
        return false;
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnythingIsOpened() {
        Cli.Run neither = prune();
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("history prune: give --keep-runs N, --keep-days N or both");
        Cli.Run negativeRuns = prune("--keep-runs", "-1");
        assertThat(negativeRuns.exit()).isEqualTo(2);
        assertThat(negativeRuns.err()).contains("--keep-runs: expected 0 or more runs, found -1");
        Cli.Run negativeDays = prune("--keep-days", "-3", "--keep-runs", "2");
        assertThat(negativeDays.exit()).isEqualTo(2);
        assertThat(negativeDays.err()).contains("--keep-days: expected 0 or more days, found -3");
        assertThat(prune("--keep-runs", "seven").exit()).isEqualTo(2);
        assertThat(tmp.resolve("db")).doesNotExist();
    }

    @Test
    void pruningKeepsCountsDeletesResultsAndJobRecordsAndNeverTheLatestCompletedOrARunningRun() throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) runs.add(scan());
        String oldest = id(runs.get(0)), second = id(runs.get(1)), latest = id(runs.get(3));
        String before = Cli.run("history", "--db-url", db).out();
        assertThat(jobExecutions()).isEqualTo(4);

        Cli.Run dry = prune("--keep-runs", "2", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains(oldest, second, "would prune 2 run(s)", "nothing deleted (--dry-run)")
                .doesNotContain(id(runs.get(2)) + " ");
        assertThat(Cli.run("history", "--db-url", db).out()).isEqualTo(before);
        assertThat(rows("kv_result", oldest)).isPositive();
        assertThat(jobExecutions()).isEqualTo(4);

        Cli.Run pruned = prune("--keep-runs", "2");
        assertThat(pruned.exit()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).contains("pruned 2 run(s)", "Kept: ").containsPattern("history   .*kvaudit\\.mv\\.db: .* MB -> .* MB \\(compacted\\)");
        for (String run : List.of(oldest, second)) {
            assertThat(rows("kv_result", run) + rows("kv_pass", run) + rows("kv_vault", run)).isZero();
            assertThat(jdbc.queryForObject("SELECT rules_json FROM kv_run WHERE run_id = ?", String.class, run)).contains("\"failed\"");
        }
        assertThat(rows("kv_result", id(runs.get(2)))).isPositive();
        assertThat(jobExecutions()).isEqualTo(2);
        String after = Cli.run("history", "--db-url", db).out();
        assertThat(historyLine(after, oldest)).isEqualTo(historyLine(before, oldest));   // counts, status, exit code kept
        assertThat(shownPruned(after, oldest)).isTrue();
        assertThat(shownPruned(after, second)).isTrue();
        assertThat(shownPruned(after, latest)).isFalse();
        assertThat(after).contains("manifest sha256:");

        Cli.Run report = Cli.run("report", "--run", oldest, "--out", tmp.resolve("again").toString(), "--db-url", db);
        assertThat(report.exit()).isEqualTo(2);
        assertThat(report.err()).contains("run " + oldest + " was pruned", "nothing to render");
        assertThat(prune("--keep-runs", "2").out()).contains("nothing to prune (kept: ", "; 2 already pruned)");

        // the next scan compares with the latest run, as if nothing had been pruned, and launches a new job
        JsonNode next = scan();
        assertThat(next.path("trend").path("previousRunId").asText()).isEqualTo(latest);
        assertThat(next.path("trend").path("pruned").isNull()).isTrue();
        assertThat(next.path("trend").path("new").asInt()).isZero();

        // --keep-runs 0 keeps the latest completed run all the same, and a running one (owned by a live process: this one)
        jdbc.update("INSERT INTO kv_run (run_id, status, started_at, as_of, source, owner, heartbeat_at) "
                        + "VALUES (?, 'RUNNING', ?, ?, 'snapshot', ?, ?)",
                "19990101T000000Z-000000", OffsetDateTime.of(1999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(1999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), io.kvaudit.store.RunOwner.thisProcess().toString(),
                OffsetDateTime.now(ZoneOffset.UTC));
        Cli.Run all = prune("--keep-runs", "0");
        assertThat(all.out()).contains("pruned 2 run(s)", "1 running", "1 latest completed run of its tenant");
        String history = Cli.run("history", "--db-url", db, "--limit", "50").out();
        assertThat(shownPruned(history, latest)).isTrue();
        assertThat(shownPruned(history, id(next))).isFalse();
        assertThat(shownPruned(history, "19990101T000000Z-000000")).isFalse();
        assertThat(rows("kv_result", id(next))).isPositive();
    }

    @Test
    void keepDaysKeepsRecentRunsAndEitherOptionKeepsARun() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(id(scan()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("UPDATE kv_run SET started_at = ? WHERE run_id = ?", now.minusDays(20), ids.get(0));
        jdbc.update("UPDATE kv_run SET started_at = ? WHERE run_id = ?", now.minusDays(10), ids.get(1));
        Cli.Run both = prune("--keep-days", "15", "--keep-runs", "1", "--dry-run");
        assertThat(both.out()).contains(ids.get(0), "would prune 1 run(s)").doesNotContain(ids.get(1) + " ");
        Cli.Run days = prune("--keep-days", "5", "--no-compact");
        assertThat(days.exit()).as(days.toString()).isZero();
        assertThat(days.out()).contains("pruned 2 run(s)", "not compacted (--no-compact)");
        assertThat(rows("kv_result", ids.get(0)) + rows("kv_result", ids.get(1))).isZero();
        assertThat(rows("kv_result", ids.get(2))).isPositive();
    }

    @Test
    void aScanWhoseLatestPreviousRunWasPrunedComparesWithTheLatestThatHasResultsOrSaysItCannot() throws IOException {
        RunStore store = new RunStore(jdbc);
        formats = "json,html";
        JsonNode a = scan();                                       // kv-bad fails soft delete
        TinyTenant.put(snapshot, "subscriptions/" + TinyTenant.SUB + "/vaults.json",
                "{\"value\":[" + TinyTenant.vault("kv-bad", true) + "," + TinyTenant.vault("kv-good", false) + "]}");
        JsonNode b = scan();                                       // kv-bad fixed, kv-good fails
        // as if a prune had raced the next scan: the run it would compare with loses its results
        store.pruneResults(id(b), Instant.now());
        JsonNode c = scan();
        JsonNode trend = c.path("trend");
        assertThat(trend.path("previousRunId").asText()).isEqualTo(id(a));
        assertThat(trend.path("previousStartedAt").asText()).isEqualTo(a.path("run").path("startedAt").asText());
        assertThat(trend.path("pruned").path("runs").asInt()).isEqualTo(1);
        assertThat(trend.path("pruned").path("latestRunId").asText()).isEqualTo(id(b));
        assertThat(trend.path("pruned").path("latestStartedAt").asText()).isEqualTo(b.path("run").path("startedAt").asText());
        // counted against A: kv-good's failure is new, kv-bad's fixed (against B both would be 0)
        assertThat(trend.path("new").asInt()).isPositive();
        assertThat(trend.path("fixed").asInt()).isPositive();
        String html = Files.readString(tmp.resolve("out-2/report.html"));
        assertThat(html).contains("The compared run is not the latest: 1 more recent completed run(s), the latest " + id(b),
                "had been pruned (kvaudit history prune), so new, fixed and first-seen dates are counted against run " + id(a));

        store.pruneResults(id(a), Instant.now());
        store.pruneResults(id(c), Instant.now());
        JsonNode d = scan();
        trend = d.path("trend");
        assertThat(trend.path("previousRunId").isNull()).isTrue();
        assertThat(trend.path("pruned").path("runs").asInt()).isEqualTo(3);
        assertThat(trend.path("pruned").path("latestRunId").asText()).isEqualTo(id(c));
        assertThat(trend.path("fixed").asInt()).isZero();
        assertThat(trend.path("stillOpen").asInt()).isZero();
        assertThat(Files.readString(tmp.resolve("out-3/report.html")))
                .contains("No comparison: no earlier run on this tenant still had its results in the run history. The 3 earlier");

        // what a run says of its comparison is stored with it: its reports re-render byte for byte
        Cli.Run again = Cli.run("report", "--run", id(d), "--out", tmp.resolve("again").toString(), "--db-url", db, "--format", "json,html");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("again/results.json"))).isEqualTo(Files.readAllBytes(tmp.resolve("out-3/results.json")));
    }
}
