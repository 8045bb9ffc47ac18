package io.kvaudit.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activity stage on the demo tenant (samples/contoso/README.md, "The access logs"): every detector's planted hit
 * is a finding with evidence, and nothing else is (the near-misses stay quiet), in every output format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTenantActivityTest {

    static final Path SAMPLE = Path.of("samples/contoso");
    static final String VAULTS = "/providers/microsoft.keyvault/vaults/";

    /** Detector, vault (and object) and principal of each planted hit: exactly the activity FAILs the scan must give. */
    static final Set<String> PLANTED = new TreeSet<>(Set.of(
            "activity-access-without-grant kv-contoso-dev-data 825c2b1e-5371-4510-af05-745cc4880a72",
            "activity-audit-log-gap kv-contoso-prod-hr -",
            "activity-denied-burst kv-contoso-prod-orders f3fa60e7-60d2-4eb7-85a7-2aa6d30c1cf3",
            "activity-dormant-object kv-contoso-prod-orders/keys/archive-key -",
            "activity-dormant-object kv-contoso-prod-orders/keys/orders-data-key -",
            "activity-dormant-object kv-contoso-prod-orders/keys/orders-signing -",
            "activity-dormant-object kv-contoso-analytics/secrets/lake-sas-token -",
            "activity-expired-object-read kv-contoso-prod-payments/secrets/partner-sftp-password fad269c4-7380-4fe7-8218-95f280376316",
            "activity-human-read-of-workload-secret kv-contoso-dev-data/secrets/synapse-sql-password ae6305a0-9dd4-4330-be4c-f8dbe7ad544d",
            "activity-legacy-tls kv-contoso-prod-orders f379da77-c2a9-418e-9aac-e04fd00b2772",
            "activity-list-then-get kv-contoso-prod-orders 68497f38-3357-4015-b199-3a5dfc76a092",
            "activity-listed-ip kv-contoso-dev-data aa63b441-3d5b-432f-88d9-8b36f1d73edf",
            "activity-listed-ip kv-contoso-platform aa63b441-3d5b-432f-88d9-8b36f1d73edf",
            "activity-mass-secret-read kv-contoso-prod-orders 68497f38-3357-4015-b199-3a5dfc76a092",
            "activity-network-contradiction kv-contoso-platform e4b1d75a-c08e-44cb-8e3d-42c765358d22",
            "activity-new-ip kv-contoso-prod-orders 68497f38-3357-4015-b199-3a5dfc76a092",
            "activity-new-principal kv-contoso-prod-orders 6b5b938c-2b57-4b83-a872-03a3eecc7893",
            "activity-sensitive-operation kv-contoso-prod-payments/secrets/webhook-signing-secret c9750d9a-1d0e-43ab-9e76-0ce6ea4daae0",
            "activity-unused-grant kv-contoso-prod-payments c04f7f9d-3ff5-40ef-b7a0-82f993c9eaf1",
            "activity-unused-grant kv-contoso-prod-orders 55b35ee1-0e5e-49bc-9a74-790ea1e6efd2",
            "activity-volume-spike kv-contoso-prod-orders -",
            "activity-volume-spike kv-contoso-prod-orders dffa1a3f-e9b3-4068-b257-e73c01b87ed2"));

    Path tmp, out;
    JsonNode results;

    @BeforeAll
    void scan() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-demo-activity");
        out = tmp.resolve("out");
        Cli.Run run = Cli.run("scan", "--snapshot", SAMPLE.toString(), "--as-of", "2026-11-20T06:00:00Z", "--out", out.toString(),
                "--listed-ips", SAMPLE.resolve("listed-ips.txt").toString(), "--format", "html,pdf,json,sarif,junit,csv",
                "--db-url", "jdbc:h2:file:" + tmp.resolve("db/kvaudit"), "--quiet");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    }

    @AfterAll
    void cleanUp() { TempDirs.delete(tmp); }

    static String key(JsonNode r) {
        JsonNode p = r.path("evidence").path("principal");
        String who = p.hasNonNull("objectId") ? p.path("objectId").asText() : p.hasNonNull("appId") ? p.path("appId").asText() : "-";
        String id = r.path("resourceId").asText();
        return r.path("ruleId").asText() + " " + id.substring(id.indexOf(VAULTS) + VAULTS.length()) + " " + who;
    }

    @Test
    void everyPlantedHitIsAFindingAndNothingElseIs() {
        Set<String> found = new TreeSet<>();
        for (JsonNode r : results.path("results"))
            if (r.path("ruleId").asText().startsWith("activity-") && r.path("status").asText().equals("FAIL")) found.add(key(r));
        assertThat(found).isEqualTo(PLANTED);
        Set<String> detectors = new TreeSet<>();
        PLANTED.forEach(p -> detectors.add(p.substring(0, p.indexOf(' '))));
        assertThat(detectors).as("every detector has its hit").hasSize(16);
    }

    @Test
    void everyFindingCarriesTheEvidenceAnAnalystActsOn() {
        for (JsonNode r : results.path("results")) {
            if (!r.path("ruleId").asText().startsWith("activity-") || !r.path("status").asText().equals("FAIL")) continue;
            JsonNode e = r.path("evidence");
            assertThat(e.path("window").path("from").asText()).as(key(r)).isNotEmpty();
            assertThat(e.has("examples")).as(key(r)).isTrue();
            assertThat(e.path("vault").asText()).as(key(r)).startsWith("kv-contoso-");
            assertThat(e.path("workspaces").size()).as(key(r)).isPositive();
            assertThat(r.path("message").asText()).as(key(r)).isNotBlank();
            if (!key(r).endsWith(" -")) assertThat(e.path("principal").path("objectId").asText()).as(key(r)).isNotEmpty();
            // findings about an absence (no use, no event) have no event to show; the others show up to five
            boolean aboutAbsence = Set.of("activity-dormant-object", "activity-unused-grant", "activity-audit-log-gap")
                    .contains(r.path("ruleId").asText());
            assertThat(e.path("examples").size()).as(key(r)).isBetween(aboutAbsence ? 0 : 1, 5);
        }
        JsonNode spike = null;
        for (JsonNode r : results.path("results"))
            if (key(r).equals("activity-volume-spike kv-contoso-prod-orders dffa1a3f-e9b3-4068-b257-e73c01b87ed2")) spike = r;
        assertThat(spike.path("evidence").path("baselineMedian").asDouble()).isPositive();
        assertThat(spike.path("evidence").path("reads").asLong()).isGreaterThan(spike.path("evidence").path("threshold").asLong());
    }

    @Test
    void coverageSaysWhichVaultsCannotBeAssessedForActivity() {
        JsonNode a = results.path("coverage").path("activity");
        assertThat(a.path("ran").asBoolean()).isTrue();
        assertThat(a.path("unreadableRows").path("count").asInt()).isZero();
        assertThat(results.path("coverage").path("logEvents").asLong()).isEqualTo(a.path("events").asLong()).isPositive();
        Set<String> notAssessable = new TreeSet<>();
        for (JsonNode v : a.path("vaults"))
            if (v.hasNonNull("notAssessable")) notAssessable.add(v.path("vaultId").asText().substring(v.path("vaultId").asText().lastIndexOf('/') + 1));
        assertThat(notAssessable).containsExactly("kv-contoso-dev-app", "kv-contoso-dev-sandbox", "kv-contoso-prod-legacy");
    }

    @Test
    void theFindingsAppearInEveryFormat() throws IOException {
        Document html = Jsoup.parse(out.resolve("report.html").toFile());
        Element section = html.getElementById("activity");
        assertThat(section).isNotNull();
        String text = section.text();
        for (String p : PLANTED) assertThat(text).contains(p.substring(0, p.indexOf(' ')));
        assertThat(text).contains("Log coverage per vault", "kv-contoso-prod-hr", "f3fa60e7-60d2-4eb7-85a7-2aa6d30c1cf3", "What to do.");
        try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
            String pdfText = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(pdfText).contains("Activity findings", "No caller retrieves many of a vault's secrets at once", "Log coverage per vault");
        }
        String sarif = Files.readString(out.resolve("results.sarif"));
        assertThat(sarif).contains("rules/activity/activity-network-contradiction/detector.yaml", "\"ruleId\" : \"activity-listed-ip\"");
        String junit = Files.readString(out.resolve("junit.xml"));
        assertThat(junit).contains("name=\"activity-denied-burst\"");
        String csv = Files.readString(out.resolve("results.csv"));
        assertThat(csv).contains("activity-expired-object-read", "fad269c4-7380-4fe7-8218-95f280376316");
    }
}
