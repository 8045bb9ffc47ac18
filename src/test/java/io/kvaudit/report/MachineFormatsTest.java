package io.kvaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TinyTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine formats of one real scan (written from the run store): SARIF valid against the official 2.1.0 schema,
 * JUnit XML that parses with counts equal to results.json, CSV with one row per result, and a manifest that catches a
 * one-byte change, and a re-render of the stored run that is byte for byte the same in every format, the PDF and the
 * manifest included. Uses the demo tenant when present, else a tiny snapshot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MachineFormatsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALL = "html,pdf,json,sarif,junit,csv";
    Path tmp, out;
    JsonNode results;

    @BeforeAll
    void scan() throws Exception {
        tmp = Files.createTempDirectory("kvaudit-formats");
        Path snapshot = Files.isDirectory(Path.of("samples/contoso")) ? Path.of("samples/contoso") : TinyTenant.write(tmp.resolve("snap"));
        out = tmp.resolve("out");
        Cli.Run run = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", "2026-11-20T06:00:00Z", "--out", out.toString(),
                "--format", ALL, "--db-url", "jdbc:h2:file:" + tmp.resolve("db/kv"));
        assertThat(run.exit()).as(run.toString()).isIn(0, 3);
        results = JSON.readTree(out.resolve("results.json").toFile());
    }

    @AfterAll
    void cleanUp() {
        io.kvaudit.cli.TempDirs.delete(tmp);
    }

    @Test
    void sarifIsValidAgainstTheOfficialSchemaAndAnchoredToRuleFiles() throws Exception {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        JsonNode sarif = JSON.readTree(out.resolve("results.sarif").toFile());
        Set<ValidationMessage> errors = schema.validate(sarif);
        assertThat(errors).as("SARIF schema violations").isEmpty();
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("results").size()).isEqualTo(Math.min(SarifWriter.MAX_RESULTS, results.path("results").size()));
        for (JsonNode r : run.path("results")) {
            String uri = r.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
            String ruleId = r.path("ruleId").asText();
            assertThat(uri).startsWith("rules/").endsWith("/" + ruleId + (ruleId.startsWith("activity-") ? "/detector.yaml" : "/rule.yaml"));
            assertThat(r.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText()).startsWith("/subscriptions/");
            assertThat(r.path("partialFingerprints").path("kvauditFingerprint/v1").asText()).hasSize(64);
        }
        for (JsonNode rule : run.at("/tool/driver/rules"))
            assertThat(rule.at("/properties/security-severity").asText()).matches("\\d+\\.\\d");
        if (run.path("results").size() > 0)
            assertThat(run.path("results").get(0).at("/properties/status").asText()).as("FAIL first").isEqualTo("FAIL");
    }

    @Test
    void junitParsesAndItsCountsEqualResultsJson() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        long evaluated = 0, failed = 0, skipped = 0;
        for (JsonNode t : results.path("rules")) {
            evaluated += t.path("evaluated").asLong();
            failed += t.path("failed").asLong();
            skipped += t.path("muted").asLong() + t.path("errors").asLong();
        }
        Element root = doc.getDocumentElement();
        assertThat(Long.parseLong(root.getAttribute("tests"))).isEqualTo(evaluated);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo((int) evaluated);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo((int) failed);
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo((int) skipped);
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isPositive();
    }

    @Test
    void csvHasOneRowPerResult() throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertThat(lines.get(0)).isEqualTo(String.join(",", CsvWriter.COLUMNS));
        long rows = lines.stream().skip(1).filter(l -> l.startsWith("\"") || l.matches("^[a-z].*")).count();
        assertThat(rows).isEqualTo(results.path("results").size());
        assertThat(CsvWriter.q("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    @Test
    void theManifestCatchesAOneByteChangeAMissingAndAnExtraFile() throws Exception {
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        try (var files = Files.list(out)) {
            for (Path p : files.toList()) Files.copy(p, copy.resolve(p.getFileName()));
        }
        assertThat(Cli.run("verify", copy.toString()).exit()).isEqualTo(0);
        byte[] csv = Files.readAllBytes(copy.resolve("results.csv"));
        csv[csv.length / 2] ^= 1;
        Files.write(copy.resolve("results.csv"), csv);
        Cli.Run tampered = Cli.run("verify", copy.toString());
        assertThat(tampered.exit()).isEqualTo(3);
        assertThat(tampered.out()).contains("CHANGED  results.csv");
        Files.delete(copy.resolve("junit.xml"));
        Files.writeString(copy.resolve("notes.txt"), "added later");
        assertThat(Cli.run("verify", copy.toString()).out()).contains("MISSING  junit.xml", "EXTRA    notes.txt");
        assertThat(Cli.run("verify", tmp.resolve("nowhere").toString()).exit()).isEqualTo(2);
    }

    @Test
    void aStoredRunRendersAgainIdentically() throws Exception {
        String runId = results.path("run").path("id").asText();
        Path again = tmp.resolve("again");
        Cli.Run run = Cli.run("report", "--run", runId, "--out", again.toString(), "--format", ALL,
                "--db-url", "jdbc:h2:file:" + tmp.resolve("db/kv"));
        assertThat(run.exit()).as(run.toString()).isEqualTo(0);
        for (String f : List.of("results.json", "results.sarif", "junit.xml", "results.csv", "report.html", "report.pdf", "manifest.json"))
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out.resolve(f)));
    }
}
