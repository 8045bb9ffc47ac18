package io.kvaudit.report.human;

import com.lowagie.text.pdf.BaseFont;
import io.kvaudit.config.ToolVersion;
import org.xhtmlrenderer.pdf.ITextFontResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fonts one PDF is set in, all bundled and embedded: DejaVu Sans (book and bold) and DejaVu Sans Mono for the
 * template, and Droid Sans Fallback for the Chinese, Japanese and Korean text DejaVu lacks. Flying Saucer picks one
 * font per element and never falls back glyph by glyph, so {@link GlyphFallback} sets each run of text in a face
 * that has its glyphs.
 * <p>
 * Each PDF gets its own font objects (OpenPDF's font cache would share them across renders), because each carries
 * a subset prefix derived from the document's content: OpenPDF draws the six letters ({@code ABCDEF+DejaVuSans})
 * from a random source, which made every rendering of the same run differ.
 */
final class PdfFonts {

    static final String SANS = "DejaVuSans.ttf", SANS_BOLD = "DejaVuSans-Bold.ttf", MONO = "DejaVuSansMono.ttf",
            CJK = "DroidSansFallback.ttf";
    private final byte[] contentDigest;
    private final Map<String, BaseFont> fonts = new LinkedHashMap<>();
    private final Map<String, Path> paths = new LinkedHashMap<>();

    private PdfFonts(byte[] contentDigest) {
        this.contentDigest = contentDigest.clone();
    }

    /**
     * The DejaVu faces, their subset prefixes drawn from {@code contentDigest} (and each font's name). The CJK font is
     * read only when a character needs it: most tenants have none, and it is the largest (0.1 s and a 33,000-entry
     * character map).
     */
    static PdfFonts load(byte[] contentDigest) throws IOException {
        PdfFonts f = new PdfFonts(contentDigest);
        for (String name : List.of(SANS, SANS_BOLD, MONO)) f.font(name);
        return f;
    }

    /** Registers every font read so far; call after {@link GlyphFallback}, which decides whether the CJK one is. */
    void addTo(ITextFontResolver resolver) {
        fonts.forEach((name, font) -> resolver.addFont(font, paths.get(name).toString(), null));
    }

    /** True when the font can draw the code point. */
    boolean has(String font, int codePoint) {
        try {
            return font(font).charExists(codePoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BaseFont font(String name) throws IOException {
        BaseFont font = fonts.get(name);
        if (font != null) return font;
        Path path = fontFile(name);
        // not OpenPDF's cache: this document's prefix is set on it, and another render may run at the same time
        font = BaseFont.createFont(path.toString(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, null, null);
        font.setSecureRandom(new DerivedRandom(sha256(contentDigest, name.getBytes(StandardCharsets.UTF_8))));
        fonts.put(name, font);
        paths.put(name, path);
        return font;
    }

    /** Flying Saucer takes font files by path; the fonts travel in the jar, so they are copied out once per version. */
    private static synchronized Path fontFile(String name) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "kvaudit-fonts-" + ToolVersion.get());
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            try (InputStream in = PdfFonts.class.getResourceAsStream("/kvaudit-fonts/" + name)) {
                if (in == null) throw new IOException("font " + name + " missing from the jar");
                Path tmp = Files.createTempFile(dir, name, ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return file;
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) md.update(p);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The "random" source OpenPDF asks for a subset prefix (its only hook for one): a SHA-256 counter stream over a
     * seed, so the same content gives the same prefix and different fonts or content a different one.
     */
    static final class DerivedRandom extends SecureRandom {
        DerivedRandom(byte[] seed) {
            super(new Stream(seed), null);
        }

        private static final class Stream extends SecureRandomSpi {
            private final byte[] seed;
            private long counter;

            Stream(byte[] seed) {
                this.seed = seed.clone();
            }

            @Override
            protected void engineNextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; ) {
                    byte[] block = sha256(seed, java.nio.ByteBuffer.allocate(8).putLong(counter++).array());
                    int n = Math.min(block.length, bytes.length - i);
                    System.arraycopy(block, 0, bytes, i, n);
                    i += n;
                }
            }

            @Override
            protected void engineSetSeed(byte[] ignored) {
                // the stream is fixed by its seed: that is its purpose
            }

            @Override
            protected byte[] engineGenerateSeed(int numBytes) {
                byte[] b = new byte[numBytes];
                engineNextBytes(b);
                return b;
            }
        }
    }
}
