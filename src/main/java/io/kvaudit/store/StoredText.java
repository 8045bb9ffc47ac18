package io.kvaudit.store;

/**
 * Text as the run-history database can keep it, whole.
 * <ul>
 *   <li>JSON text gets its lone surrogates as JSON escapes ({@code \uD800}), on every database: the same JSON once
 *   parsed (JSON outside its strings is ASCII, and Jackson already escapes NUL and the other control characters). A
 *   text column holds UTF-8 in PostgreSQL and an H2 CLOB does too, and UTF-8 has no lone surrogates: written as they
 *   are, both kept a '?' instead (a subscription's name in results.json's coverage, for one).</li>
 *   <li>Other text is stored as it is in H2, which keeps any Java string in a VARCHAR, as it always was. PostgreSQL
 *   refuses NUL in text ("invalid byte sequence for encoding UTF8: 0x00": the run failed) and writes '?' for a lone
 *   surrogate; tenant text can carry both (a snapshot is any JSON, see HostileTenant). There NUL, lone surrogates and
 *   the escape character itself are stored as {@link #ESCAPE} and four hex digits, undone by {@link #read}
 *   (PostgreSQL holds only runs written this way: kvaudit's support for it came with it).</li>
 * </ul>
 */
final class StoredText {

    /** H2: plain text as it is. */
    static final StoredText AS_IS = new StoredText(false);
    /** A database whose text is UTF-8 without NUL (PostgreSQL). */
    static final StoredText UTF8 = new StoredText(true);

    /** A private-use character: the escape introducer of plain text. */
    static final char ESCAPE = '\uE000';

    private final boolean escapes;

    private StoredText(boolean escapes) { this.escapes = escapes; }

    /** The database product name (JDBC metadata) decides. */
    static StoredText forDatabase(String productName) {
        return productName != null && productName.toLowerCase(java.util.Locale.ROOT).contains("postgres") ? UTF8 : AS_IS;
    }

    /** JSON text to store (any database). */
    String json(String json) {
        if (json == null || !hasLoneSurrogate(json)) return json;
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (isLoneSurrogate(json, i)) out.append(String.format("\\u%04X", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    /** Plain text to store. */
    String plain(String text) {
        if (!escapes || text == null || !needsEscape(text)) return text;
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' || c == ESCAPE || isLoneSurrogate(text, i)) out.append(ESCAPE).append(String.format("%04X", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    /**
     * Plain text to store in a column of at most {@code max} characters: cut with an ellipsis when too long, as H2's
     * always was; escaped, the cut is made so the escaped text fits and no escape or surrogate pair is cut in two.
     */
    String plain(String text, int max) {
        if (text == null) return null;
        if (!escapes) return text.length() <= max ? text : text.substring(0, max - 1) + "…";
        String stored = plain(text);
        if (stored.length() <= max) return stored;
        StringBuilder out = new StringBuilder(max);
        for (int i = 0; i < text.length(); ) {
            int units = Character.isHighSurrogate(text.charAt(i)) && !isLoneSurrogate(text, i) ? 2 : 1;
            String one = plain(text.substring(i, i + units));
            if (out.length() + one.length() + 1 > max) break;
            out.append(one);
            i += units;
        }
        return out.append('…').toString();
    }

    /** Plain text as read back. */
    String read(String stored) {
        if (!escapes || stored == null || stored.indexOf(ESCAPE) < 0) return stored;
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            int code = c == ESCAPE && i + 4 < stored.length() ? hex(stored, i + 1) : -1;
            if (code >= 0) {
                out.append((char) code);
                i += 4;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(String s, int from) {
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    private static boolean needsEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0' || c == ESCAPE || isLoneSurrogate(s, i)) return true;
        }
        return false;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) if (isLoneSurrogate(s, i)) return true;
        return false;
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        return false;
    }
}
