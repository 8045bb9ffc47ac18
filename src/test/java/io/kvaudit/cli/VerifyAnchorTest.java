package io.kvaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.store.RunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifest's own digest anchors the evidence outside its directory: scan prints it and stores it with the run,
 * and verify checks manifest.json against it (--expect, --run), so rewriting an artifact together with the manifest
 * is caught. Also what verify refuses whatever the anchor: an empty manifest, unlisted files, entries outside the
 * directory, malformed manifests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyAnchorTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Pattern ANCHOR_LINE = Pattern.compile("(?m)^manifest sha256: ([0-9a-f]{64})  (.+)$");

    Path tmp, snapshot, out;
    String db, runId, digest;
    Cli.Run scan;

    @BeforeAll
    void scanOnce() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-verify");
        snapshot = TinyTenant.write(tmp.resolve("snap"));
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        out = tmp.resolve("out");
        scan = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", "2026-11-20T06:00:00Z", "--out", out.toString(),
                "--format", "json,csv", "--fail-on", "none", "--db-url", db);
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(0);
        runId = scan.out().lines().findFirst().orElseThrow().replace("kvaudit scan ", "").strip();
        digest = anchorOf(scan);
    }

    @AfterAll
    void cleanUp() {
        TempDirs.delete(tmp);
    }

    @Test
    void scanPrintsTheManifestDigestLastAndStoresItWithTheRun() throws IOException {
        List<String> lines = scan.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("manifest sha256: " + digest + "  " + out.resolve("manifest.json"));
        assertThat(scan.out()).as("the summary is kept").contains("  gate      --fail-on none:", "  report    " + out.resolve("results.csv"));
        assertThat(digest).isEqualTo(sha256(out.resolve("manifest.json")));
        assertThat(store().find(runId).orElseThrow().manifestSha256()).isEqualTo(digest);
        assertThat(Cli.run("history", "--db-url", db).out()).contains("manifest sha256: " + digest);
    }

    @Test
    void anUntouchedDirectoryMatchesItsAnchor() {
        Cli.Run byRun = Cli.run("verify", out.toString(), "--run", runId, "--db-url", db);
        assertThat(byRun.exit()).as(byRun.toString()).isEqualTo(0);
        assertThat(byRun.out()).contains("OK: 2 artifacts in " + out + " match manifest.json, and manifest.json matches the digest stored for run " + runId);
        Cli.Run byDigest = Cli.run("verify", out.toString(), "--expect", digest.toUpperCase());
        assertThat(byDigest.exit()).as(byDigest.toString()).isEqualTo(0);
        assertThat(byDigest.out()).contains("manifest.json matches --expect").doesNotContain("not anchored");
        Cli.Run plain = Cli.run("verify", out.toString());
        assertThat(plain.exit()).as(plain.toString()).isEqualTo(0);
        assertThat(plain.out()).contains("OK: 2 artifacts in " + out + " match manifest.json",
                "not anchored: this proves the files match manifest.json, not that manifest.json is genuine");
    }

    /** The defect: an artifact rewritten and the manifest regenerated to match passes a plain verify, never an anchored one. */
    @Test
    void aRewrittenArtifactWithAConsistentManifestFailsOnlyAgainstTheAnchor() throws Exception {
        Path forged = copy("forged");
        Path csv = forged.resolve("results.csv");
        Files.writeString(csv, Files.readString(csv).replace("kv-bad", "kv-fine"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(forged.resolve("manifest.json").toFile());
        for (var a : manifest.withArray("artifacts"))
            if (a.path("path").asText().equals("results.csv"))
                ((ObjectNode) a).put("sha256", sha256(csv)).put("bytes", Files.size(csv));
        JSON.writeValue(forged.resolve("manifest.json").toFile(), manifest);

        Cli.Run plain = Cli.run("verify", forged.toString());
        assertThat(plain.exit()).as("a consistent forgery is internally consistent: documented").isEqualTo(0);
        assertThat(plain.out()).contains("not anchored");

        String forgedDigest = sha256(forged.resolve("manifest.json"));
        Cli.Run expect = Cli.run("verify", forged.toString(), "--expect", digest);
        assertThat(expect.exit()).as(expect.toString()).isEqualTo(3);
        assertThat(expect.out()).contains("manifest sha256: " + forgedDigest, "expected sha256: " + digest + "  (--expect)",
                "TAMPERED: manifest.json is not the anchored manifest");
        Cli.Run byRun = Cli.run("verify", forged.toString(), "--run", runId, "--db-url", db);
        assertThat(byRun.exit()).as(byRun.toString()).isEqualTo(3);
        assertThat(byRun.out()).contains("expected sha256: " + digest + "  (the digest stored for run " + runId + ")", "TAMPERED");
    }

    @Test
    void aReRenderInTheScansFormatsMatchesTheRunAndOneInOtherFormatsSaysItDoesNot() throws IOException {
        Path same = tmp.resolve("rerender-same");
        Cli.Run render = Cli.run("report", "--run", runId, "--out", same.toString(), "--format", "csv,json", "--db-url", db);
        assertThat(render.exit()).as(render.toString()).isEqualTo(0);
        assertThat(render.out().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("manifest sha256: " + digest + "  " + same.resolve("manifest.json"));
        assertThat(render.out()).doesNotContain("note");
        assertThat(Cli.run("verify", same.toString(), "--run", runId, "--db-url", db).exit()).isEqualTo(0);

        Path other = tmp.resolve("rerender-other");
        Cli.Run json = Cli.run("report", "--run", runId, "--out", other.toString(), "--format", "json", "--db-url", db);
        assertThat(json.exit()).as(json.toString()).isEqualTo(0);
        String otherDigest = anchorOf(json);
        assertThat(otherDigest).isNotEqualTo(digest).isEqualTo(sha256(other.resolve("manifest.json")));
        assertThat(json.out()).contains("note      differs from the manifest digest the scan stored");
        Cli.Run byRun = Cli.run("verify", other.toString(), "--run", runId, "--db-url", db);
        assertThat(byRun.exit()).as(byRun.toString()).isEqualTo(3);
        assertThat(byRun.out()).contains("hint     a kvaudit report re-render in other formats has its own digest");
        assertThat(Cli.run("verify", other.toString(), "--expect", otherDigest).exit()).isEqualTo(0);
        assertThat(store().find(runId).orElseThrow().manifestSha256()).as("the scan's digest stays the run's anchor").isEqualTo(digest);
    }

    @Test
    void anEmptyManifestIsNotOk() throws IOException {
        Path emptied = copy("emptied");
        for (String f : List.of("results.json", "results.csv")) Files.delete(emptied.resolve(f));
        rewriteArtifacts(emptied, artifacts -> artifacts.removeAll());
        Cli.Run run = Cli.run("verify", emptied.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).contains("EMPTY    manifest.json lists no artifacts", "TAMPERED: manifest.json lists no artifacts");
    }

    @Test
    void filesTheManifestDoesNotListAreNotOk() throws IOException {
        Path added = copy("added");
        TinyTenant.put(added, "extra/notes.txt", "added later");
        Cli.Run run = Cli.run("verify", added.toString(), "--expect", digest);
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).contains("EXTRA    extra/notes.txt", "TAMPERED: 0 changed, 0 missing, 1 extra (of 2 listed in manifest.json)");

        Path linked = copy("linked");
        symlink(linked.resolve("more"), tmp.resolve("snap"));
        Cli.Run link = Cli.run("verify", linked.toString());
        assertThat(link.exit()).as("a link to a directory is not skipped: " + link).isEqualTo(3);
        assertThat(link.out()).contains("EXTRA    more (a symbolic link; not followed)");
    }

    /** A hostile manifest must not make verify read outside the directory: such entries are refused, by name. */
    @Test
    void entriesOutsideTheDirectoryAreRefused() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.writeString(outside, "not evidence");
        Path hostile = copy("hostile");
        symlink(hostile.resolve("passwd.txt"), outside);
        String sha = sha256(outside);
        long size = Files.size(outside);
        rewriteArtifacts(hostile, artifacts -> {
            for (String p : List.of("../outside", outside.toString(), "passwd.txt"))
                artifacts.addObject().put("path", p).put("bytes", size).put("sha256", sha);
        });
        Cli.Run run = Cli.run("verify", hostile.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).contains("REFUSED  ../outside (not a relative path inside the directory; not read)",
                "REFUSED  " + outside + " (not a relative path inside the directory; not read)",
                "REFUSED  passwd.txt (a symbolic link; not followed)", "3 refused (of 5 listed in manifest.json)");
    }

    @Test
    void aMalformedManifestIsAConfigurationErrorNamingFileAndPlace() throws IOException {
        Path broken = copy("broken");
        Files.writeString(broken.resolve("manifest.json"), "{\"schemaVersion\": 1,\n \"artifacts\": [\n  {\"path\": \"results.csv\",");
        Cli.Run truncated = Cli.run("verify", broken.toString());
        assertThat(truncated.exit()).as(truncated.toString()).isEqualTo(2);
        assertThat(truncated.err()).startsWith("kvaudit: error: " + broken.resolve("manifest.json") + ": at line 3, column ")
                .contains("not valid JSON");

        Path misshapen = copy("misshapen");
        rewriteArtifacts(misshapen, artifacts -> ((ObjectNode) artifacts.get(1)).put("sha256", 42));
        Cli.Run shape = Cli.run("verify", misshapen.toString());
        assertThat(shape.exit()).as(shape.toString()).isEqualTo(2);
        assertThat(shape.err()).contains("manifest.json: at $.artifacts[1].sha256: expected a string, found a number")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownRunABadDigestAndBothAnchorsAreUsageErrors() {
        Cli.Run unknown = Cli.run("verify", out.toString(), "--run", "20990101T000000Z-000000", "--db-url", db);
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run \"20990101T000000Z-000000\" in the database");
        Cli.Run bad = Cli.run("verify", out.toString(), "--expect", "abc123");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("expected a SHA-256 digest (64 hexadecimal digits");
        Cli.Run both = Cli.run("verify", out.toString(), "--expect", digest, "--run", runId, "--db-url", db);
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    /** A run stored before the digest was recorded cannot anchor anything: say so, exit 2. Also: --quiet keeps the digest line. */
    @Test
    void aRunWithoutAStoredDigestCannotBeVerifiedAgainst() {
        Path older = tmp.resolve("older");
        Cli.Run quiet = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", "2026-11-20T06:00:00Z", "--out", older.toString(),
                "--format", "json", "--fail-on", "none", "--quiet", "--db-url", db);
        assertThat(quiet.exit()).as(quiet.toString()).isEqualTo(0);
        assertThat(quiet.out().lines().toList()).as("--quiet prints only the anchor").hasSize(1);
        String olderDigest = anchorOf(quiet);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db, "sa", ""));
        String olderRun = jdbc.queryForObject("SELECT run_id FROM kv_run WHERE manifest_sha256 = ?", String.class, olderDigest);
        jdbc.update("UPDATE kv_run SET manifest_sha256 = NULL WHERE run_id = ?", olderRun);

        Cli.Run run = Cli.run("verify", older.toString(), "--run", olderRun, "--db-url", db);
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("run " + olderRun + " has no stored manifest digest", "use --expect");
        assertThat(Cli.run("verify", older.toString(), "--expect", olderDigest).exit()).isEqualTo(0);
    }

    RunStore store() {
        return new RunStore(new JdbcTemplate(new DriverManagerDataSource(db, "sa", "")));
    }

    static String anchorOf(Cli.Run run) {
        Matcher m = ANCHOR_LINE.matcher(run.out());
        assertThat(m.find()).as("a 'manifest sha256:' line in " + run).isTrue();
        return m.group(1);
    }

    /** A copy of the scan's output directory, to tamper with. */
    Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.toList()) Files.copy(p, to.resolve(out.relativize(p).toString()));
        }
        return to;
    }

    static void rewriteArtifacts(Path dir, java.util.function.Consumer<ArrayNode> edit) throws IOException {
        Path file = dir.resolve("manifest.json");
        ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(manifest.withArray("artifacts"));
        JSON.writeValue(file.toFile(), manifest);
    }

    static void symlink(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links not supported here: " + e);
        }
    }

    static String sha256(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
