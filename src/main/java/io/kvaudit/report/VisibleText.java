package io.kvaudit.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Tenant text as people are shown it: in the XML documents they read (report.html, report.pdf through its XHTML,
 * junit.xml), in SARIF messages and on the console. Tenant data is free text (tags, role names, snapshot files anyone
 * can write), and two kinds of character in it must not reach a reader as they are:
 * <ul>
 *   <li>characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates): one
 *   of them makes a whole XML document unparseable, so the HTML no longer opens and the PDF is not written at all;</li>
 *   <li>invisible controls that change what a reader sees: the bidirectional embeddings, overrides, isolates and marks
 *   (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), with which a name can reorder the text around it
 *   ("Trojan Source"), and the C1 controls (U+007F–U+009F), legal in XML 1.0 but shown as nothing.</li>
 * </ul>
 * Each is written as its code point in brackets, {@code [U+0000]}: visible, never dropped, and the notation the PDF
 * uses for a character no bundled font can draw. The data formats (results.json, results.csv, SARIF's locations and
 * properties) keep the exact text; JSON escapes the controls itself.
 */
public final class VisibleText {

    private VisibleText() {}

    /** The text with every character above shown as its code point; the same instance when there is none. */
    public static String of(String text) {
        if (text == null) return null;
        int i = 0, n = text.length();
        while (i < n && !needsNotation(text, i)) i++;
        if (i == n) return text;
        StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            if (shown(c)) out.append(notation(c));
            else out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * Passes everything written through {@link #of}, so a whole rendered document is covered and no field of its
     * model can be missed. The markup itself never holds such characters, so only data changes.
     */
    public static Writer writer(Writer out) {
        return new Filter(out);
    }

    /**
     * Only the characters UTF-8 cannot encode at all (unpaired surrogates), for a UTF-8 file that is not XML
     * (results.csv): its strict encoder would otherwise stop the whole report.
     */
    public static String encodable(String text) {
        if (text == null || !hasSurrogate(text)) return text;
        StringBuilder out = new StringBuilder(text.length());
        boolean changed = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(notation(c));
                changed = true;
            } else {
                out.append(c);
            }
        }
        return changed ? out.toString() : text;
    }

    /** How a code point is shown where it cannot or must not appear itself: {@code [U+202E]}, {@code [U+1F984]}. */
    public static String notation(int codePoint) {
        return String.format("[U+%04X]", codePoint);
    }

    /** True for a character (a UTF-16 unit; surrogates are judged by {@link #of}) that is shown as its code point. */
    static boolean shown(char c) {
        if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
        if (c >= 0x7F && c <= 0x9F) return true;
        if (c == 0x061C || c == 0x200E || c == 0x200F) return true;
        if (c >= 0x202A && c <= 0x202E) return true;
        if (c >= 0x2066 && c <= 0x2069) return true;
        return c == 0xFFFE || c == 0xFFFF || Character.isSurrogate(c);
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isSurrogate(s.charAt(i))) return true;
        return false;
    }

    private static boolean needsNotation(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        return shown(c);
    }

    /** The streaming form: a high surrogate at the end of one write waits for the low one that may open the next. */
    private static final class Filter extends Writer {
        private final Writer out;
        private char pendingHigh;

        Filter(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            int run = off, end = off + len;
            for (int i = off; i < end; i++) {
                char c = buf[i];
                if (pendingHigh != 0) {
                    if (Character.isLowSurrogate(c)) {
                        out.write(pendingHigh);
                        out.write(c);
                        pendingHigh = 0;
                        run = i + 1;
                        continue;
                    }
                    out.write(notation(pendingHigh));
                    pendingHigh = 0;
                }
                if (Character.isHighSurrogate(c)) {
                    out.write(buf, run, i - run);
                    if (i + 1 < end && Character.isLowSurrogate(buf[i + 1])) {
                        i++;
                        out.write(buf, i - 1, 2);
                    } else if (i + 1 == end) {
                        pendingHigh = c;
                    } else {
                        out.write(notation(c));
                    }
                    run = i + 1;
                } else if (shown(c)) {
                    out.write(buf, run, i - run);
                    out.write(notation(c));
                    run = i + 1;
                }
            }
            out.write(buf, run, end - run);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            char[] chunk = new char[len];
            s.getChars(off, off + len, chunk, 0);
            write(chunk, 0, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (pendingHigh != 0) out.write(notation(pendingHigh));
            pendingHigh = 0;
            out.close();
        }
    }
}
