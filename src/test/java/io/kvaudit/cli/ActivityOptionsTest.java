package io.kvaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The activity stage's options and inputs through the real CLI: --no-activity, --activity-days, --listed-ips, bad logs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityOptionsTest {

    Path tmp, snapshot;
    String db;

    @BeforeAll
    void setUp() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-activity-options");
        snapshot = TinyTenant.write(tmp.resolve("snap"));
        TinyTenant.put(snapshot, "logs/law.json", "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"TimeGenerated\",\"type\":\"datetime\"},"
                + "{\"name\":\"_ResourceId\",\"type\":\"string\"},{\"name\":\"OperationName\",\"type\":\"string\"},{\"name\":\"HttpStatusCode\",\"type\":\"int\"}],"
                + "\"rows\":[[\"2026-11-18T10:00:00Z\",\"" + TinyTenant.RG + "kv-good\",\"VaultGet\",200],"
                + "[\"not a time\",\"" + TinyTenant.RG + "kv-good\",\"VaultGet\",200]]}]}");
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
    }

    @AfterAll
    void cleanUp() { TempDirs.delete(tmp); }

    JsonNode results(Path out) throws IOException { return new ObjectMapper().readTree(out.resolve("results.json").toFile()); }

    Cli.Run scan(String out, String... more) {
        String[] base = {"scan", "--snapshot", snapshot.toString(), "--out", tmp.resolve(out).toString(), "--as-of",
                "2026-11-20T06:00:00Z", "--format", "json", "--db-url", db, "--quiet"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    @Test
    void theStageRunsOnTheSnapshotsLogsAndSaysWhatItCouldNotRead() throws IOException {
        Cli.Run run = scan("out-ran");
        assertThat(run.exit()).as(run.toString()).isIn(0, 3);
        JsonNode activity = results(tmp.resolve("out-ran")).path("coverage").path("activity");
        assertThat(activity.path("ran").asBoolean()).isTrue();
        assertThat(activity.path("unreadableRows").path("count").asInt()).isEqualTo(1);
        assertThat(activity.path("unreadableRows").path("examples").get(0).asText()).startsWith("logs/law.json: $.tables[0].rows[1] (row 2");
        assertThat(results(tmp.resolve("out-ran")).path("coverage").path("logEvents").asInt()).isEqualTo(1);
        assertThat(results(tmp.resolve("out-ran")).path("rules").findValuesAsText("id")).contains("activity-mass-secret-read");
    }

    @Test
    void noActivitySkipsTheStageAndSaysSo() throws IOException {
        Cli.Run run = scan("out-skipped", "--no-activity");
        assertThat(run.exit()).as(run.toString()).isIn(0, 3);
        JsonNode r = results(tmp.resolve("out-skipped"));
        assertThat(r.path("coverage").path("activity").path("skipped").asText()).isEqualTo("--no-activity was given");
        assertThat(r.path("rules").findValuesAsText("id")).noneMatch(id -> id.startsWith("activity-"));
    }

    @Test
    void badActivityOptionsAreUsageErrorsBeforeAnythingRuns() throws IOException {
        int before = Cli.run("history", "--limit", "500", "--db-url", db).out().split("\n").length;
        Cli.Run days = scan("out-bad", "--activity-days", "0");
        assertThat(days.exit()).isEqualTo(2);
        assertThat(days.err()).contains("--activity-days: expected a whole number of days from 1 to 30, found 0");
        Cli.Run missing = scan("out-bad", "--listed-ips", tmp.resolve("nope.txt").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--listed-ips").contains("nope.txt");
        Path list = tmp.resolve("listed.txt");
        Files.writeString(list, "# Tor exits\n203.0.113.7\n198.51.100.0/24  # a partner we cut off\n\n10.0.0.0/33\n");
        Cli.Run bad = scan("out-bad", "--listed-ips", list.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("listed.txt:5: prefix length out of range (0..32): \"10.0.0.0/33\"");
        assertThat(Cli.run("history", "--limit", "500", "--db-url", db).out().split("\n").length).as("nothing recorded").isEqualTo(before);
    }

    @Test
    void aLogFileThatIsNotALogAnalyticsAnswerFailsTheRunNamingItAndEarlierRunsStay() throws IOException {
        Cli.Run first = scan("out-first");
        assertThat(first.exit()).as(first.toString()).isIn(0, 3);
        String firstId = results(tmp.resolve("out-first")).path("run").path("id").asText();
        Path bad = snapshot.resolve("logs/zz-broken.json");
        Files.writeString(bad, "{\"value\": [1, 2, 3]}");
        try {
            Cli.Run run = scan("out-broken");
            assertThat(run.exit()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("zz-broken.json: expected a Log Analytics query response");
            Cli.Run again = Cli.run("report", "--run", firstId, "--out", tmp.resolve("again").toString(), "--format", "json", "--db-url", db);
            assertThat(again.exit()).as(again.toString()).isEqualTo(0);
            assertThat(Files.readString(tmp.resolve("again/results.json"))).isEqualTo(Files.readString(tmp.resolve("out-first/results.json")));
        } finally {
            Files.delete(bad);
        }
    }
}
