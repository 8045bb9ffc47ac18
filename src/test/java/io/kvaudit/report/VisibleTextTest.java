package io.kvaudit.report;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.io.Writer;

import static org.assertj.core.api.Assertions.assertThat;

class VisibleTextTest {

    @Test
    void charactersXmlForbidsAndBidiControlsAreShownAsTheirCodePoints() {
        assertThat(VisibleText.of("a\u0000b\u0001c\u001Fd\uFFFEe\uFFFFf")).isEqualTo("a[U+0000]b[U+0001]c[U+001F]d[U+FFFE]e[U+FFFF]f");
        assertThat(VisibleText.of("lone \uD800 high, lone \uDC00 low, at the end \uD83D")).isEqualTo(
                "lone [U+D800] high, lone [U+DC00] low, at the end [U+D83D]");
        assertThat(VisibleText.of("\u202Aa\u202Eb\u2066c\u2069d\u200Ee\u200Ff\u061Cg\u0085h"))
                .isEqualTo("[U+202A]a[U+202E]b[U+2066]c[U+2069]d[U+200E]e[U+200F]f[U+061C]g[U+0085]h");
    }

    @Test
    void everythingElseIsLeftAsItIsAndTheSameInstanceReturned() {
        String ok = "tab\tLF\nCR\r Ő → ✓ 漢字 مرحبا 🦄 <&>\"";
        assertThat(VisibleText.of(ok)).isSameAs(ok);
        assertThat(VisibleText.of(null)).isNull();
    }

    @Test
    void theWriterFiltersLikeOfEvenWhenASurrogatePairIsSplitAcrossWrites() throws Exception {
        StringWriter out = new StringWriter();
        try (Writer w = VisibleText.writer(out)) {
            w.write("x\uD83E");      // high surrogate ends a write ...
            w.write("\uDD84y\u0000"); // ... its low one opens the next
            w.write("\uD800");
            w.write("z\u202E");
            w.write("end\uDBFF");    // pending at close
        }
        assertThat(out).hasToString("x\uD83E\uDD84y[U+0000][U+D800]z[U+202E]end[U+DBFF]");
    }

    @Test
    void encodableOnlyShowsWhatUtf8CannotCarry() {
        assertThat(VisibleText.encodable("nul\u0000 rlo\u202E pair\uD83E\uDD84 lone\uD800")).isEqualTo("nul\u0000 rlo\u202E pair\uD83E\uDD84 lone[U+D800]");
        String ok = "plain";
        assertThat(VisibleText.encodable(ok)).isSameAs(ok);
    }
}
