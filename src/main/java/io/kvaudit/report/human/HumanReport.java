package io.kvaudit.report.human;

import io.kvaudit.config.ToolVersion;
import io.kvaudit.report.VisibleText;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.w3c.dom.Document;
import org.xhtmlrenderer.pdf.ITextRenderer;
import org.xhtmlrenderer.resource.XMLResource;
import org.xml.sax.InputSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The human evidence report: one Thymeleaf XHTML template ({@code report-templates/evidence.html}) renders the HTML
 * page and, through Flying Saucer and OpenPDF, the PDF. XML template mode keeps the output well-formed XHTML, which
 * Flying Saucer requires; the fonts are bundled and embedded ({@link PdfFonts}), and a character none of them has is
 * shown as its code point ({@link GlyphFallback}), so no glyph is silently dropped. Tenant text that XML forbids or
 * that could reorder the page is shown as its code point too ({@link VisibleText}). The PDF is reproducible: its dates,
 * font subset prefixes and file identifier come from the run and the content ({@link PdfIdentity}).
 */
public final class HumanReport {

    public static final String HTML = "report.html";
    public static final String PDF = "report.pdf";
    private static final TemplateEngine ENGINE = engine();

    private HumanReport() {}

    /** Writes report.html and/or report.pdf; the view (one pass over the stored results) is built once for both. */
    public static List<Path> write(Path outDir, RunRecord run, RunStore store, boolean html, boolean pdf) {
        if (!html && !pdf) return List.of();
        ReportView view = ReportView.of(run, store);
        List<Path> out = new java.util.ArrayList<>();
        if (html) out.add(write(outDir.resolve(HTML), render(view, false)));
        if (pdf) out.add(writePdf(outDir, view));
        return out;
    }

    static Path writePdf(Path outDir, ReportView view) {
        String xhtml = render(view, true);
        Path file = outDir.resolve(PDF);
        try (OutputStream out = Files.newOutputStream(file)) {
            // what is random or the clock's in OpenPDF is derived from this instead: same content, same bytes
            byte[] digest = PdfFonts.sha256(xhtml.getBytes(StandardCharsets.UTF_8));
            PdfFonts fonts = PdfFonts.load(digest);
            Document doc = XMLResource.load(new InputSource(new StringReader(xhtml))).getDocument();
            GlyphFallback.apply(doc, fonts);
            ITextRenderer renderer = new ITextRenderer();
            fonts.addTo(renderer.getFontResolver());
            renderer.setDocument(doc, null);
            renderer.setListener(new PdfIdentity(view.run(), digest));
            renderer.layout();
            renderer.createPDF(out);
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write " + PDF + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot render " + PDF + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The page as XHTML; every character of it passes through {@link VisibleText}, so no model field is missed. */
    static String render(ReportView view, boolean pdf) {
        Context ctx = new Context();
        ctx.setVariable("v", view);
        ctx.setVariable("run", view.run());
        ctx.setVariable("pdf", pdf);
        ctx.setVariable("perRule", ReportView.RESOURCES_PER_RULE);
        ctx.setVariable("tool", "kvaudit " + (view.run().toolVersion() != null ? view.run().toolVersion() : ToolVersion.get()));
        StringWriter out = new StringWriter();
        try (Writer visible = VisibleText.writer(out)) {
            ENGINE.process("evidence", ctx, visible);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static Path write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static TemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("kvaudit-report-templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.XML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
