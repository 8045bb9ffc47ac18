package io.kvaudit.report.human;

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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The human report of a real scan of the demo tenant: the PDF's extracted text (PDFBox), the HTML's structure
 * (jsoup) against results.json, and hostile text (a tag holding &lt;script&gt;, quotes, non-Latin letters) escaped in
 * the HTML and intact in the PDF.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HumanReportTest {

    Path tmp, out;
    JsonNode results;
    String pdfText;
    List<String> bookmarks = new java.util.ArrayList<>();
    Document html;

    @BeforeAll
    void scanTheDemoTenant() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-human");
        out = tmp.resolve("out");
        Cli.Run run = Cli.run("scan", "--snapshot", "samples/contoso", "--as-of", "2026-11-20T06:00:00Z", "--out", out.toString(),
                "--format", "html,pdf,json", "--db-url", "jdbc:h2:file:" + tmp.resolve("db/kv"));
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
            pdfText = new PDFTextStripper().getText(pdf);
            var outline = pdf.getDocumentCatalog().getDocumentOutline();
            if (outline != null) outline.children().forEach(item -> bookmarks.add(item.getTitle()));
        }
        html = Jsoup.parse(out.resolve("report.html").toFile());
    }

    @AfterAll
    void cleanUp() {
        TempDirs.delete(tmp);
    }

    @Test
    void thePdfCarriesTheCoverFieldsPageNumbersAndFailingResources() {
        String runId = results.path("run").path("id").asText();
        assertThat(pdfText).contains("Azure Key Vault compliance", runId, results.path("run").path("tenantId").asText(),
                results.path("run").path("rulesDigest").asText(), "Page 1 of", "Executive summary", "Methodology and limitations");
        assertThat(pdfText).contains("kv-contoso-prod-legacy", "vault-purge-protection-disabled");
        assertThat(bookmarks).containsExactly("Cover", "Executive summary", "Frameworks", "Rules and findings", "Exceptions",
                "Activity findings", "Inventory", "Methodology and limitations");
    }

    @Test
    void theHtmlHasItsSectionsInOrderAndCountsEqualToResultsJson() {
        List<String> ids = html.select("body > section").eachAttr("id");
        assertThat(ids).containsExactly("cover", "summary", "frameworks", "rules", "exceptions", "activity", "inventory", "methodology");
        long fail = 0, high = 0;
        for (JsonNode t : results.path("rules")) {
            fail += t.path("failed").asLong();
            if (t.path("severity").asText().equals("high")) high += t.path("failed").asLong();
        }
        String summary = html.getElementById("summary").text();
        assertThat(summary).contains("FAIL " + fail + " ·");
        Element highRow = html.getElementById("summary").select("table table tbody tr:has(span.high)").first();
        assertThat(highRow.select("td.num").text()).isEqualTo(String.valueOf(high));
        assertThat(html.select("#inventory tbody tr")).hasSize(results.path("coverage").path("vaults").path("found").asInt());
        assertThat(html.select("#rules h3").text()).contains("Key vaults have purge protection enabled");
    }

    @Test
    void hostileTextIsEscapedInTheHtmlAndIntactInThePdf() throws IOException {
        String raw = Files.readString(out.resolve("report.html"));
        assertThat(html.select("script")).isEmpty();
        assertThat(raw).contains("&lt;platform&gt;").doesNotContain("<platform>");
        assertThat(html.getElementById("inventory").text()).contains("note=Ő → ✓ \"shared\" <platform>");
        assertThat(pdfText.replaceAll("\\s+", " ")).contains("Ő → ✓ \"shared\" <platform>");
    }
}
