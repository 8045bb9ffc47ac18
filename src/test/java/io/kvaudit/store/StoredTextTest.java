package io.kvaudit.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Text a database cannot keep as it is goes in escaped and comes back the same; H2's plain text is never touched. */
class StoredTextTest {

    static final List<String> HOSTILE = List.of("nul\u0000one", "lone\uD800high", "lone\uDC00low", "\uDBFF", "end\uD800",
            "escape\uE000itself", "escape-looking \uE0000041 text", "\uE000", "\uE000AB", "pair 🦄 stays", "漢字かな한국어", "",
            "plain ascii");

    @Test
    void plainTextComesBackTheSameAndIsSomethingUtf8CanCarryWithoutNul() {
        for (String s : HOSTILE) {
            String stored = StoredText.UTF8.plain(s);
            assertThat(stored).doesNotContain("\u0000");
            assertThat(new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).as(s).isEqualTo(stored);
            assertThat(StoredText.UTF8.read(stored)).as(s).isEqualTo(s);
        }
        assertThat(StoredText.UTF8.plain("plain ascii")).isEqualTo("plain ascii");
        assertThat(StoredText.UTF8.plain("pair 🦄 stays")).isEqualTo("pair 🦄 stays");
        assertThat(StoredText.UTF8.plain(null)).isNull();
        assertThat(StoredText.UTF8.read(null)).isNull();
    }

    @Test
    void jsonTextParsesTheSameAndIsSomethingUtf8CanCarryOnEitherDatabase() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (StoredText db : List.of(StoredText.UTF8, StoredText.AS_IS))
            for (String s : HOSTILE) {
                String text = json.writeValueAsString(Map.of("k" + s, s));
                String stored = db.json(text);
                assertThat(new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).as(s).isEqualTo(stored);
                assertThat(json.readTree(stored)).as(s).isEqualTo(json.readTree(text));
            }
        assertThat(StoredText.AS_IS.json("{\"a\":\"\uD800\"}")).isEqualTo("{\"a\":\"\\uD800\"}");
        assertThat(StoredText.AS_IS.json("{\"a\":\"🦄 漢字\"}")).isEqualTo("{\"a\":\"🦄 漢字\"}");
    }

    @Test
    void aBoundedColumnGetsTextCutBeforeItIsEscapedSoItFitsAndReadsBack() {
        String s = "\u0000".repeat(10) + "x".repeat(20);
        String stored = StoredText.UTF8.plain(s, 12);
        assertThat(stored.length()).isLessThanOrEqualTo(12);
        assertThat(StoredText.UTF8.read(stored)).isEqualTo("\u0000\u0000…");
        assertThat(StoredText.UTF8.plain("short", 12)).isEqualTo("short");
        assertThat(StoredText.AS_IS.plain("x".repeat(20), 12)).isEqualTo("x".repeat(11) + "…");
    }

    @Test
    void h2PlainTextIsStoredAsItIs() {
        for (String s : HOSTILE) {
            assertThat(StoredText.AS_IS.plain(s)).isSameAs(s);
            assertThat(StoredText.AS_IS.read(s)).isSameAs(s);
        }
        assertThat(StoredText.forDatabase("H2")).isSameAs(StoredText.AS_IS);
        assertThat(StoredText.forDatabase("PostgreSQL")).isSameAs(StoredText.UTF8);
    }
}
