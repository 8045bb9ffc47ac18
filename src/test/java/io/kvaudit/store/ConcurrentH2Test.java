package io.kvaudit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import io.kvaudit.cli.TinyTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two kvaudit processes (separate JVMs, released at the same moment) on one H2 file. H2 lets one process open a file
 * at a time; kvaudit keeps it that way (no AUTO_SERVER: that would open a TCP port to the history, docs/configuration.md) and the
 * process that finds the file taken stops before it records anything, with one line and exit 2. Whichever way the two
 * meet, every scan that ran is in the history, complete, with the results a scan on its own gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentH2Test {

    static final String AS_OF = "2026-11-20T06:00:00Z";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String IN_USE = "kvaudit: error: cannot start: the run-history database %s is in use by another kvaudit "
            + "process; give each concurrent scan its own --db-url or use a shared PostgreSQL (docs/configuration.md)";

    Path tmp, snapshot;
    JsonNode alone;

    @BeforeAll
    void scanAlone() throws Exception {
        tmp = Files.createTempDirectory("kvaudit-concurrent-h2");
        snapshot = TinyTenant.write(tmp.resolve("snap"));
        Cli.Run run = Cli.run(scan("alone", "jdbc:h2:file:" + tmp.resolve("alone-db/kvaudit")).toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isEqualTo(0);
        alone = JSON.readTree(tmp.resolve("alone/results.json").toFile());
    }

    @AfterAll
    void cleanUp() {
        TempDirs.delete(tmp);
    }

    List<String> scan(String out, String db) {
        return List.of("scan", "--snapshot", snapshot.toString(), "--as-of", AS_OF, "--out", tmp.resolve(out).toString(),
                "--db-url", db, "--fail-on", "none", "--quiet");
    }

    @Test
    void twoProcessesStartedTogetherOnOneH2FileEachRunOrTheSecondStopsWithOneLine() throws Exception {
        Path file = tmp.resolve("shared/kvaudit");
        String db = "jdbc:h2:file:" + file;
        List<Processes.Ended> ended = Processes.runTogether(tmp, Map.of(), List.of(scan("together-0", db), scan("together-1", db)));
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Processes.Ended e = ended.get(i);
            System.out.println("ConcurrentH2Test: process " + i + " exit " + e.exit() + ": " + e.log().strip());
            assertThat(e.exit()).as(e.log()).isIn(0, 2);
            if (e.exit() == 0) {
                JsonNode results = JSON.readTree(tmp.resolve("together-" + i + "/results.json").toFile());
                assertThat(withoutRunSpecifics(results)).isEqualTo(withoutRunSpecifics(alone));
                ran.add(results.path("run").path("id").asText());
            } else {
                assertThat(e.log().strip()).isEqualTo(IN_USE.formatted(file + ".mv.db"));
                assertThat(tmp.resolve("together-" + i)).doesNotExist();
            }
        }
        assertThat(ran).as("at least one scan ran").isNotEmpty().doesNotHaveDuplicates();
        Cli.Run history = Cli.run("history", "--db-url", db);
        assertThat(history.exit()).as(history.toString()).isEqualTo(0);
        for (String id : ran) assertThat(history.out()).containsPattern(id + " +COMPLETED ");
        assertThat(history.out()).doesNotContain("RUNNING", "FAILED");
    }

    /** The file held open (as a running scan holds it): a second scan, and a history, stop at once; nothing is lost. */
    @Test
    void aScanAndAHistoryOnAnH2FileInUseStopWithOneLineAndExit2() throws Exception {
        Path file = tmp.resolve("held/kvaudit");
        String db = "jdbc:h2:file:" + file;
        Cli.Run first = Cli.run(scan("held-first", db).toArray(String[]::new));
        assertThat(first.exit()).as(first.toString()).isEqualTo(0);
        String firstId = JSON.readTree(tmp.resolve("held-first/results.json").toFile()).path("run").path("id").asText();
        List<Processes.Ended> ended;
        long t0 = System.nanoTime();
        try (Connection held = DriverManager.getConnection(db, "sa", "")) {
            ended = Processes.runTogether(tmp, Map.of(), List.of(scan("held-second", db), List.of("history", "--db-url", db)));
        }
        System.out.println("ConcurrentH2Test: both refused in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        for (Processes.Ended e : ended) {
            assertThat(e.exit()).as(e.log()).isEqualTo(2);
            assertThat(e.log().strip()).isEqualTo(IN_USE.formatted(file + ".mv.db"));
        }
        assertThat(tmp.resolve("held-second")).doesNotExist();
        Cli.Run history = Cli.run("history", "--db-url", db);
        assertThat(history.exit()).as(history.toString()).isEqualTo(0);
        assertThat(history.out()).containsPattern(firstId + " +COMPLETED ").doesNotContain("RUNNING", "FAILED");
    }

    static JsonNode withoutRunSpecifics(JsonNode results) {
        ObjectNode copy = results.deepCopy();
        ObjectNode run = (ObjectNode) copy.get("run");
        run.remove(List.of("id", "startedAt", "finishedAt", "outDir"));
        ObjectNode stages = (ObjectNode) run.path("collection").path("stageMillis");
        for (var names = stages.fieldNames(); names.hasNext(); ) stages.put(names.next(), 0);
        return copy;
    }
}
