package io.kvaudit.report.human;

import io.kvaudit.report.VisibleText;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes every character of the PDF's body drawable. Flying Saucer sets a text in the first font of its
 * {@code font-family} list that exists and silently draws nothing for a character that font lacks, so a Chinese
 * vault tag used to vanish from the PDF. Each run of characters that not every DejaVu face has is wrapped in a span
 * set in a bundled face that has them; a character no bundled font has (Devanagari, most emoji) is written as its code
 * point, {@code [U+1F984]}, the notation {@link VisibleText} uses. Runs only on the PDF's copy of the page: a browser
 * has its own fallback fonts.
 */
final class GlyphFallback {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    /** A way to draw a character, in order of preference. */
    private enum Face {
        /** every DejaVu face has it: nothing to do */
        ANY(null),
        /** DejaVu Sans in both weights (a monospaced cell lacks it) */
        SANS("font-family: 'DejaVu Sans'"),
        /** only the book weight has it: drawn in that weight (Flying Saucer emboldens it where needed) */
        SANS_BOOK("font-family: 'DejaVu Sans'; font-weight: normal"),
        MONO("font-family: 'DejaVu Sans Mono'; font-weight: normal"),
        /** Chinese, Japanese, Korean */
        CJK("font-family: 'Droid Sans Fallback'"),
        /** no bundled font: the code point is written instead */
        NONE(null);

        final String style;

        Face(String style) { this.style = style; }
    }

    private final PdfFonts fonts;
    private final Map<Integer, Face> known = new HashMap<>(); // one cmap search per distinct character, not per use

    private GlyphFallback(PdfFonts fonts) {
        this.fonts = fonts;
    }

    static void apply(Document doc, PdfFonts fonts) {
        Node body = doc.getElementsByTagNameNS(XHTML, "body").item(0);
        if (body != null) new GlyphFallback(fonts).walk(body);
    }

    private void walk(Node node) {
        List<Node> children = new ArrayList<>();
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) children.add(c);
        for (Node c : children) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) text(c);
            else if (c.getNodeType() == Node.ELEMENT_NODE) walk(c);
        }
    }

    /** Replaces a text node holding characters the default faces lack by runs: plain text, spans, code points. */
    private void text(Node node) {
        String s = node.getNodeValue();
        int i = 0;
        while (i < s.length() && face(s.codePointAt(i)) == Face.ANY) i += Character.charCount(s.codePointAt(i));
        if (i == s.length()) return;
        Document doc = node.getOwnerDocument();
        Node parent = node.getParentNode();
        StringBuilder run = new StringBuilder(s.substring(0, i));
        Face runFace = Face.ANY;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            Face f = Character.isWhitespace(cp) ? runFace : face(cp); // a space stays in the run it is in
            if (f == Face.NONE) {
                if (runFace != Face.ANY) {
                    flush(doc, parent, node, run, runFace);
                    runFace = Face.ANY;
                }
                run.append(VisibleText.notation(cp));
            } else {
                if (f != runFace) {
                    flush(doc, parent, node, run, runFace);
                    runFace = f;
                }
                run.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        flush(doc, parent, node, run, runFace);
        parent.removeChild(node);
    }

    private static void flush(Document doc, Node parent, Node before, StringBuilder run, Face face) {
        if (run.isEmpty()) return;
        Node text = doc.createTextNode(run.toString());
        if (face.style == null) {
            parent.insertBefore(text, before);
        } else {
            Element span = doc.createElementNS(XHTML, "span");
            span.setAttribute("style", face.style);
            span.appendChild(text);
            parent.insertBefore(span, before);
        }
        run.setLength(0);
    }

    private Face face(int cp) {
        if (cp >= 0x20 && cp < 0x7F || Character.isWhitespace(cp)) return Face.ANY;
        return known.computeIfAbsent(cp, this::lookUp);
    }

    private Face lookUp(int cp) {
        boolean sans = fonts.has(PdfFonts.SANS, cp), bold = fonts.has(PdfFonts.SANS_BOLD, cp), mono = fonts.has(PdfFonts.MONO, cp);
        if (sans && bold && mono) return Face.ANY;
        if (sans && bold) return Face.SANS;
        if (sans) return Face.SANS_BOOK;
        if (mono) return Face.MONO;
        if (fonts.has(PdfFonts.CJK, cp)) return Face.CJK;
        return Face.NONE;
    }
}
