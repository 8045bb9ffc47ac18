package io.kvaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.HostileTenant;
import io.kvaudit.cli.TempDirs;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan of a tenant whose tags, names, content type and custom role hold NUL, U+0001, U+FFFE, a lone surrogate and
 * a right-to-left override, and Chinese, Japanese, Korean, Arabic, Devanagari and emoji text: the scan ends as usual
 * with every format written, junit.xml and report.html parse as XML, each such character is shown as its code point
 * in the human outputs (the PDF's extracted text included), the CJK text is drawn in the PDF, and a re-render of the
 * stored run gives the same bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTextTest {

    static final String SHOWN = "nul[U+0000]one[U+0001]fffe[U+FFFE]lone[U+D800]rlo[U+202E]end";
    static final List<String> FILES = List.of("results.json", "results.csv", "results.sarif", "junit.xml", "report.html",
            "report.pdf", "manifest.json");
    Path tmp, out;
    Cli.Run scan;
    String pdfText;

    @BeforeAll
    void scan() throws Exception {
        tmp = Files.createTempDirectory("kvaudit-hostile");
        out = tmp.resolve("out");
        scan = Cli.run("scan", "--snapshot", HostileTenant.write(tmp.resolve("snap")).toString(), "--as-of", "2026-11-20T06:00:00Z",
                "--out", out.toString(), "--format", "html,pdf,json,sarif,junit,csv", "--db-url", "jdbc:h2:file:" + tmp.resolve("db/kv"));
        // each test fails on its own when a file is missing (before the fix, the scan stopped at the first bad character)
        if (Files.isRegularFile(out.resolve("report.pdf")) && Files.size(out.resolve("report.pdf")) > 0) {
            try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
                pdfText = new PDFTextStripper().getText(pdf);
            }
        } else {
            pdfText = "";
        }
    }

    @AfterAll
    void cleanUp() {
        TempDirs.delete(tmp);
    }

    @Test
    void theScanEndsAsUsualWithEveryFormatAndAManifestThatVerifies() {
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(3); // high FAILs: the gate's verdict, not an error
        for (String f : FILES) assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        assertThat(Cli.run("verify", out.toString()).exit()).isZero();
    }

    @Test
    void junitAndHtmlParseAsXmlAndShowEachCharacterAsItsCodePoint() throws Exception {
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setNamespaceAware(true);
        Document junit = xml.newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        Document html = xml.newDocumentBuilder().parse(out.resolve("report.html").toFile());
        String junitText = junit.getDocumentElement().getTextContent() + attributes(junit);
        assertThat(junitText).contains("Wildcard " + SHOWN);
        String page = html.getDocumentElement().getTextContent();
        assertThat(page).contains("note=" + SHOWN, "k[U+0000][U+202E]=v", "Wildcard " + SHOWN, HostileTenant.SCRIPTS);
        for (String human : List.of(junitText, page))
            assertThat(human).doesNotContain("\u0000", "\u0001", "\uFFFE", "\u202E").matches(HostileTextTest::noUnpairedSurrogate);
    }

    @Test
    void thePdfShowsTheCodePointsAndDrawsTheCjkText() {
        String text = pdfText.replaceAll("\\s+", "");
        assertThat(text).contains("note=" + SHOWN, "Wildcard" + SHOWN, HostileTenant.CJK, "[U+0928][U+092E]", "[U+1F984]");
        assertThat(pdfText).doesNotContain("\u0000", "\u0001", "\uFFFE", "\u202E");
    }

    @Test
    void theDataFormatsKeepTheExactTextAndSarifShowsItsMessagesAsPeopleReadThem() throws Exception {
        String message = "Custom role " + HostileTenant.ROLE + " grants wildcard permissions";
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("results").findValuesAsText("message")).anyMatch(m -> m.startsWith(message));
        // UTF-8 cannot carry the lone surrogate, the one change results.csv makes
        assertThat(Files.readString(out.resolve("results.csv"))).contains(message.replace("\uD800", "[U+D800]"));
        JsonNode sarif = new ObjectMapper().readTree(out.resolve("results.sarif").toFile());
        assertThat(sarif.findValuesAsText("text")).contains("Custom role Wildcard " + SHOWN + " grants wildcard permissions and covers 1 vault(s)");
        assertThat(sarif.findValuesAsText("fullyQualifiedName")).anyMatch(id -> id.contains("/secrets/s-hostile"));
    }

    @Test
    void aReRenderOfTheStoredRunIsByteForByteTheSame() throws Exception {
        String runId = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("run").path("id").asText();
        Path again = tmp.resolve("again");
        Cli.Run run = Cli.run("report", "--run", runId, "--out", again.toString(), "--format", "html,pdf,json,sarif,junit,csv",
                "--db-url", "jdbc:h2:file:" + tmp.resolve("db/kv"));
        assertThat(run.exit()).as(run.toString()).isZero();
        for (String f : FILES)
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out.resolve(f)));
    }

    private static boolean noUnpairedSurrogate(String s) {
        return s.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static String attributes(Document doc) {
        StringBuilder s = new StringBuilder();
        var all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            var attrs = all.item(i).getAttributes();
            for (int a = 0; a < attrs.getLength(); a++) s.append(' ').append(attrs.item(a).getNodeValue());
        }
        return s.toString();
    }
}
