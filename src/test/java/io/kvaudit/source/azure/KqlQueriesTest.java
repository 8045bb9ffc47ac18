package io.kvaudit.source.azure;

import io.kvaudit.activity.AuditDestinations.Table;
import io.kvaudit.model.ActivityWindow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every KQL query kvaudit sends parses and binds with Microsoft's own Kusto language service
 * ({@code @kusto/language-service-next}, the parser behind Azure Data Explorer and Sentinel's query validation)
 * against the schemas of the two tables Key Vault's audit events land in (src/test/resources/kql-schemas, copied from
 * the workplace's kql-schemas so a fresh clone has them): the files as they are, and the texts sent for each window
 * and each choice of tables. A misspelt column is caught (the negative control proves the check can fail).
 *
 * <p>The check needs Node and npm: where either is missing, or the package cannot be installed, the test says so on
 * stderr in a banner and is reported as aborted (skipped), never as passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KqlQueriesTest {

    static final Path TOOL = Path.of("src/test/resources/kql-check");
    static final Path SCHEMAS = Path.of("src/test/resources/kql-schemas");
    Path home;
    Path work;

    @BeforeAll
    void installTheKustoParser() throws Exception {
        String missing = !runs("node", "--version") ? "node" : !runs("npm", "--version") ? "npm" : null;
        if (missing != null) loudlyAbort(missing + " is not on the PATH, so Microsoft's Kusto parser cannot run");
        String cache = System.getenv("KQL_CHECK_HOME");
        home = cache != null ? Path.of(cache) : Path.of(System.getProperty("java.io.tmpdir"), "kvaudit-kql-check");
        Files.createDirectories(home);
        Files.copy(TOOL.resolve("package.json"), home.resolve("package.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(TOOL.resolve("check.js"), home.resolve("check.js"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!Files.isDirectory(home.resolve("node_modules/@kusto/language-service-next"))) {
            Result install = run(home, 300, "npm", "install", "--silent", "--no-audit", "--no-fund");
            if (install.exit() != 0) loudlyAbort("npm install @kusto/language-service-next failed (exit " + install.exit() + "): " + install.out());
        }
        work = Files.createTempDirectory("kvaudit-kql");
    }

    @Test
    void theQueryFilesAndEveryTextSentParseAndBindAgainstTheTwoTables() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(Path.of("src/main/resources/kql"))) {
            s.filter(p -> p.toString().endsWith(".kql")).sorted().forEach(files::add);
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("activity-coverage.kql", "activity-facts.kql");
        ActivityWindow[] windows = {ActivityWindow.of(Instant.parse("2026-11-20T06:00:00Z"), 1),
                ActivityWindow.of(Instant.parse("2026-11-20T06:00:00.250Z"), 30)};
        List<Set<Table>> choices = List.of(EnumSet.of(Table.AzureDiagnostics), EnumSet.of(Table.AZKVAuditLogs), EnumSet.allOf(Table.class));
        int n = 0;
        for (ActivityWindow w : windows)
            for (Set<Table> tables : choices)
                for (String text : LogAnalyticsSource.texts(w, tables)) {
                    assertThat(text).containsPattern("let endTime = datetime\\((" + w.asOf() + "|" + w.detectionStart() + "|"
                            + w.baselineStart() + ")\\);").contains("let readAZKVAuditLogs = " + tables.contains(Table.AZKVAuditLogs) + ";");
                    Path f = work.resolve("sent-" + (n++) + ".kql");
                    Files.writeString(f, text, StandardCharsets.UTF_8);
                    files.add(f);
                }
        assertThat(n).as("4 questions for a 1-day window, 4 for a 30-day one, for each choice of tables").isEqualTo(24);
        Result check = check(files);
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out().lines().filter(l -> l.endsWith(": ok")).count()).isEqualTo(files.size());
    }

    @Test
    void aMisspeltColumnIsCaught() throws Exception {
        String facts = Files.readString(Path.of("src/main/resources/kql/activity-facts.kql"));
        Path bad = work.resolve("misspelt.kql");
        Files.writeString(bad, facts.replace("| where ResourceProvider ==", "| where ResourceProvidr =="));
        Result check = check(List.of(bad));
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("misspelt.kql:").contains("'ResourceProvidr' does not refer to any known column");
    }

    Result check(List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", home.resolve("check.js").toString(), SCHEMAS.toAbsolutePath().toString()));
        files.forEach(f -> cmd.add(f.toAbsolutePath().toString()));
        return run(home, 120, cmd.toArray(String[]::new));
    }

    record Result(int exit, String out) {}

    static Result run(Path dir, int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + seconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static boolean runs(String... cmd) {
        try {
            return run(Path.of("."), 30, cmd).exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void loudlyAbort(String why) {
        String line = "!".repeat(100);
        System.err.println(line + "\n!! KqlQueriesTest NOT RUN: " + why + ".\n!! kvaudit's KQL was NOT checked with Microsoft's "
                + "Kusto parser on this machine. Install Node 20 and npm to run it.\n" + line);
        Assumptions.abort("KQL not checked: " + why);
    }
}
