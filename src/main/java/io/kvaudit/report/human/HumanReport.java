package io.kvaudit.report.human;

import com.lowagie.text.pdf.BaseFont;
import io.kvaudit.config.ToolVersion;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.xhtmlrenderer.pdf.ITextRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The human evidence report: one Thymeleaf XHTML template ({@code report-templates/evidence.html}) renders the HTML
 * page and, through Flying Saucer and OpenPDF, the PDF. XML template mode keeps the output well-formed XHTML, which
 * Flying Saucer requires; the DejaVu fonts are bundled and embedded so no glyph is silently dropped.
 */
public final class HumanReport {

    public static final String HTML = "report.html";
    public static final String PDF = "report.pdf";
    private static final List<String> FONTS = List.of("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf");
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
            ITextRenderer renderer = new ITextRenderer();
            for (String font : FONTS)
                renderer.getFontResolver().addFont(fontFile(font).toString(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
            renderer.setDocumentFromString(xhtml);
            renderer.layout();
            renderer.createPDF(out);
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write " + PDF + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot render " + PDF + ": " + e.getMessage(), e);
        }
        return file;
    }

    static String render(ReportView view, boolean pdf) {
        Context ctx = new Context();
        ctx.setVariable("v", view);
        ctx.setVariable("run", view.run());
        ctx.setVariable("pdf", pdf);
        ctx.setVariable("perRule", ReportView.RESOURCES_PER_RULE);
        ctx.setVariable("tool", "kvaudit " + (view.run().toolVersion() != null ? view.run().toolVersion() : ToolVersion.get()));
        return ENGINE.process("evidence", ctx);
    }

    private static Path write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Flying Saucer takes font files by path; the fonts travel in the jar, so they are copied out once per JVM. */
    private static synchronized Path fontFile(String name) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "kvaudit-fonts-" + ToolVersion.get());
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            try (InputStream in = HumanReport.class.getResourceAsStream("/kvaudit-fonts/" + name)) {
                if (in == null) throw new IOException("font " + name + " missing from the jar");
                Path tmp = Files.createTempFile(dir, name, ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return file;
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
