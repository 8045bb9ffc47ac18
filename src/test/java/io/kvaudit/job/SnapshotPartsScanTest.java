package io.kvaudit.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.cli.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collection where the vaults are: the demo tenant split by subscription into two snapshot parts (prod and dev in
 * one, shared in the other, captured later; the log files split between them), scanned together with two --snapshot, and merged with
 * {@code snapshot merge}: both give the whole demo's results, result for result, and coverage.parts says which part
 * held what. Parts that do not fit together stop the run with exit 2, naming the files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotPartsScanTest {

    static final Path SAMPLE = Path.of("samples/contoso");
    static final String AS_OF = "2026-11-20T06:00:00Z";
    static final String PROD = "b4168700-27b3-4009-8a1c-531ba4928b02", DEV = "9c5d333e-4dad-4bf8-95a9-9a21585df52a",
            SHARED = "b9e7436f-f203-451c-b4a5-912cc553f6bc";
    static final String SENTINEL_LOGS = "law-contoso-sentinel-azkvauditlogs.json";
    static final ObjectMapper JSON = new ObjectMapper();

    Path tmp, partA, partB;
    String db;
    JsonNode whole, parts;
    Cli.Run partsRun;

    @BeforeAll
    void splitAndScan() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-parts");
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        // the demo lists prod, dev, shared: the union of the parts keeps that order, and so the results' order
        partA = split(tmp.resolve("zone-a"), List.of(PROD, DEV), true, null);
        partB = split(tmp.resolve("zone-b"), List.of(SHARED), false, "2026-11-20T06:30:00Z");
        Cli.Run w = scan("whole", SAMPLE);
        assertThat(w.exit()).as(w.toString()).isEqualTo(3);
        whole = JSON.readTree(tmp.resolve("whole/results.json").toFile());
        partsRun = scan("parts", partA, partB);
        parts = JSON.readTree(tmp.resolve("parts/results.json").toFile());
        if (System.getenv("KVAUDIT_DUMP") != null) {
            Files.copy(tmp.resolve("whole/results.json"), Path.of(System.getenv("KVAUDIT_DUMP"), "whole.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tmp.resolve("parts/results.json"), Path.of(System.getenv("KVAUDIT_DUMP"), "parts.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @AfterAll
    void cleanUp() {
        io.kvaudit.cli.TempDirs.delete(tmp);
    }

    /**
     * A part holding these subscriptions of the demo: their folders and vault folders, subscriptions.json narrowed to
     * them; the first part takes logs/ but the sentinel workspace's file, which goes to the other part.
     */
    Path split(Path dir, List<String> subscriptions, boolean first, String capturedAt) throws IOException {
        Files.createDirectories(dir);
        ObjectNode header = (ObjectNode) JSON.readTree(SAMPLE.resolve("snapshot.json").toFile());
        if (capturedAt != null) header.put("capturedAt", capturedAt);
        JSON.writeValue(dir.resolve("snapshot.json").toFile(), header);
        ObjectNode subs = (ObjectNode) JSON.readTree(SAMPLE.resolve("subscriptions.json").toFile());
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode s : subs.path("value")) if (subscriptions.contains(s.path("subscriptionId").asText())) kept.add(s);
        subs.set("value", kept);
        JSON.writeValue(dir.resolve("subscriptions.json").toFile(), subs);
        for (String s : subscriptions) {
            copyTree(SAMPLE.resolve("subscriptions/" + s), dir.resolve("subscriptions/" + s));
            for (JsonNode v : JSON.readTree(SAMPLE.resolve("subscriptions/" + s + "/vaults.json").toFile()).path("value")) {
                Path vault = SAMPLE.resolve("vaults/" + v.path("name").asText());
                if (Files.isDirectory(vault)) copyTree(vault, dir.resolve("vaults/" + v.path("name").asText()));
            }
        }
        Files.createDirectories(dir.resolve("logs"));
        try (Stream<Path> logs = Files.list(SAMPLE.resolve("logs"))) {
            for (Path f : logs.toList())
                if (first != f.getFileName().toString().equals(SENTINEL_LOGS))
                    Files.copy(f, dir.resolve("logs").resolve(f.getFileName().toString()));
        }
        return dir;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    Cli.Run scan(String out, Path... snapshots) {
        List<String> args = new ArrayList<>(List.of("scan", "--as-of", AS_OF, "--out", tmp.resolve(out).toString(), "--db-url", db,
                "--listed-ips", SAMPLE.resolve("listed-ips.txt").toString(), "--format", "json,html"));
        for (Path s : snapshots) args.addAll(List.of("--snapshot", s.toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The coverage block as the whole demo's: without parts. */
    static JsonNode coverageWithoutParts(JsonNode results) {
        ObjectNode c = results.path("coverage").deepCopy();
        c.remove("parts");
        return c;
    }

    /** Equal JSON, or the first element that differs (not the whole block: it is long). */
    static void assertSame(String what, JsonNode actual, JsonNode expected) {
        if (actual.equals(expected)) return;
        String where = what;
        if (actual.isArray() && expected.isArray()) {
            int i = 0;
            while (i < Math.min(actual.size(), expected.size()) && actual.get(i).equals(expected.get(i))) i++;
            where = what + "[" + i + "] of " + actual.size() + " (expected " + expected.size() + "): "
                    + (i < actual.size() ? actual.get(i) : "nothing") + " vs " + (i < expected.size() ? expected.get(i) : "nothing");
        } else if (actual.isObject()) {
            for (var f : (Iterable<String>) expected::fieldNames)
                if (!expected.get(f).equals(actual.get(f))) { where = what + "." + f; break; }
        }
        throw new AssertionError(where.length() > 2000 ? where.substring(0, 2000) : where);
    }

    @Test
    void thePartsScanTogetherAsTheWholeDemo() {
        assertThat(partsRun.exit()).as(partsRun.toString()).isEqualTo(3);
        assertThat(whole.path("results").size()).isGreaterThan(10);
        assertSame("results", parts.path("results"), whole.path("results"));
        assertSame("rules", parts.path("rules"), whole.path("rules"));
        assertSame("coverage", coverageWithoutParts(parts), whole.path("coverage"));
        assertThat(parts.path("run").path("tenantId")).isEqualTo(whole.path("run").path("tenantId"));
    }

    @Test
    void coverageNamesEachPartWithItsSubscriptionsVaultsAndCaptureTime() {
        assertThat(whole.path("coverage").has("parts")).as("one --snapshot: results.json as before").isFalse();
        JsonNode p = parts.path("coverage").path("parts");
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.get(0).path("snapshot").asText()).isEqualTo(partA.toString());
        assertThat(p.get(0).path("capturedAt").asText()).isEqualTo("2026-11-20T06:00:00Z");
        assertThat(p.get(0).path("subscriptions")).containsExactly(JSON.valueToTree(PROD), JSON.valueToTree(DEV));
        assertThat(p.get(1).path("snapshot").asText()).isEqualTo(partB.toString());
        assertThat(p.get(1).path("capturedAt").asText()).isEqualTo("2026-11-20T06:30:00Z");
        assertThat(p.get(1).path("subscriptions")).containsExactly(JSON.valueToTree(SHARED));
        assertThat(p.get(0).path("vaults").asInt() + p.get(1).path("vaults").asInt())
                .isEqualTo(whole.path("coverage").path("vaults").path("found").asInt());
        assertThat(p.get(1).path("vaults").asInt()).isPositive();
    }

    @Test
    void theHtmlReportsCoverageNamesEachPart() throws IOException {
        String html = Files.readString(tmp.resolve("parts/report.html"));
        assertThat(html).contains("Collected in 2 snapshot parts", partA.toString(), partB.toString(), "2026-11-20T06:30:00Z", SHARED);
        assertThat(Files.readString(tmp.resolve("whole/report.html"))).doesNotContain("snapshot parts");
    }

    @Test
    void theMergedDirectoryScansAsThePartsDo() throws IOException {
        Path merged = tmp.resolve("merged");
        Cli.Run m = Cli.run("snapshot", "merge", "--out", merged.toString(), partA.toString(), partB.toString(), "--db-url", db);
        assertThat(m.exit()).as(m.toString()).isZero();
        assertThat(m.out()).contains("merged 2 snapshot parts", "3 subscriptions");
        assertThat(JSON.readTree(merged.resolve("snapshot.json").toFile()).path("capturedAt").asText())
                .as("the earliest part's").isEqualTo("2026-11-20T06:00:00Z");
        assertThat(merged.resolve("logs").resolve(SENTINEL_LOGS)).exists();
        Cli.Run s = scan("merged-scan", merged);
        assertThat(s.exit()).as(s.toString()).isEqualTo(3);
        JsonNode r = JSON.readTree(tmp.resolve("merged-scan/results.json").toFile());
        assertSame("results", r.path("results"), whole.path("results"));
        assertSame("rules", r.path("rules"), whole.path("rules"));
        assertSame("coverage", r.path("coverage"), whole.path("coverage"));
    }

    @Test
    void partsOfDifferentTenantsAreRefusedNamingBothFiles() throws IOException {
        Path other = tmp.resolve("other-tenant");
        copyTree(partB, other);
        ObjectNode h = (ObjectNode) JSON.readTree(other.resolve("snapshot.json").toFile());
        h.put("tenantId", "11111111-2222-3333-4444-555555555555");
        JSON.writeValue(other.resolve("snapshot.json").toFile(), h);
        Cli.Run r = scan("bad-tenant", partA, other);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(partA.resolve("snapshot.json").toString(), other.resolve("snapshot.json").toString(),
                "c733753a-0047-4a2e-9337-923e0449d9ca", "11111111-2222-3333-4444-555555555555");
        Cli.Run m = Cli.run("snapshot", "merge", "--out", tmp.resolve("bad-merge").toString(), partA.toString(), other.toString(),
                "--db-url", db);
        assertThat(m.exit()).as(m.toString()).isEqualTo(2);
        assertThat(m.err()).contains(other.resolve("snapshot.json").toString());
    }

    @Test
    void aSubscriptionInTwoPartsIsRefusedNamingItAndBothDirectories() throws IOException {
        Path twice = split(tmp.resolve("dev-again"), List.of(DEV, SHARED), false, null);
        Cli.Run r = scan("bad-overlap", partA, twice);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("subscription " + DEV, partA.resolve("subscriptions.json").toString(),
                twice.resolve("subscriptions.json").toString());
    }

    /** An exported fact table (no rows) in the part's logs/, listed in its queries.json for the window ending asOf. */
    static void exportedFacts(Path part, String name, String asOf) throws IOException {
        ObjectNode table = JSON.createObjectNode();
        ArrayNode columns = table.put("name", "PrimaryResult").putArray("columns");
        for (String c : List.of("Bucket", "VaultId", "CallerObjectId", "CallerUpn", "CallerAppId", "CallerIp", "OperationName",
                "ObjectKind", "ObjectName", "HttpStatus", "TlsVersion", "AddressAuthorizationType", "Count", "FirstSeen", "LastSeen"))
            columns.addObject().put("name", c).put("type", "string");
        table.putArray("rows");
        ObjectNode body = JSON.createObjectNode();
        body.putArray("tables").add(table);
        JSON.writeValue(part.resolve("logs/" + name).toFile(), body);
        ObjectNode q = JSON.createObjectNode().put("asOf", asOf).put("activityDays", 1);
        q.putArray("queries").addObject().put("file", "logs/" + name)
                .put("workspace", "/subscriptions/" + SHARED + "/resourcegroups/rg-shared-monitoring/providers/microsoft.operationalinsights/workspaces/law-contoso-security")
                .put("query", "detection facts").put("kql", "activity-facts.kql").put("querySha256", "0".repeat(64))
                .put("from", "2026-11-19T00:00:00Z").put("to", asOf).put("status", 200).put("rows", 0)
                .putArray("tables").add("PrimaryResult");
        JSON.writeValue(part.resolve("logs/queries.json").toFile(), q);
    }

    @Test
    void partsFoldedForDifferentWindowsSkipTheActivityStageAndCannotBeMerged() throws IOException {
        Path a = tmp.resolve("window-a"), b = tmp.resolve("window-b");
        copyTree(partA, a);
        copyTree(partB, b);
        exportedFacts(a, "facts-a.json", AS_OF);
        exportedFacts(b, "facts-b.json", "2026-11-19T06:00:00Z");
        Cli.Run r = scan("windows", a, b);
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        JsonNode activity = JSON.readTree(tmp.resolve("windows/results.json").toFile()).path("coverage").path("activity");
        assertThat(activity.path("ran").asBoolean()).isFalse();
        assertThat(activity.path("skipped").asText()).contains("2026-11-19T06:00:00Z", "--as-of " + AS_OF);
        Cli.Run m = Cli.run("snapshot", "merge", "--out", tmp.resolve("windows-merged").toString(), a.toString(), b.toString(),
                "--db-url", db);
        assertThat(m.exit()).as(m.toString()).isEqualTo(2);
        assertThat(m.err()).contains(a.resolve("logs/queries.json").toString(), b.resolve("logs/queries.json").toString(),
                "2026-11-19T06:00:00Z");
    }

    @Test
    void aPartThatIsNotASnapshotIsRefusedNamingItsFile() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("not-a-snapshot"));
        Cli.Run r = scan("bad-part", partA, empty);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(empty.resolve("snapshot.json").toString(), "file not found");
    }
}
