package io.chipwatch.ingest.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Text measures of every element of a subtree, taken in one pass: its text length, the part of it
 * inside links, and its <em>prose</em>: the text of the paragraphs it holds (runs of inline text of at
 * least {@value #PROSE_MIN_CHARS} weighted characters with a full stop, question or exclamation mark in
 * them and at most 30 % link text). Prose is what an article is made of and what navigation, link
 * lists, bylines, addresses and buttons are not, whatever their class names say. Lengths are weighted as {@link ContentScorer#weightedLength} weighs them.
 * The measures describe the tree as it was when they were taken.
 */
final class TextStats {
    static final int PROSE_MIN_CHARS = 40;
    /** Elements that start a new paragraph; the text between them is one run. */
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "body", "center", "dd", "details",
            "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
            "header", "hgroup", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
            "tfoot", "th", "thead", "tr", "ul");

    private static final class Counts {
        int chars;
        int links;
        int prose;
    }

    private static final class Run {
        int chars;
        int links;
        boolean sentence;
    }

    private static final Counts NONE = new Counts();
    private final Map<Element, Counts> counts = new IdentityHashMap<>();

    private TextStats() {}

    static TextStats of(Element root) {
        TextStats s = new TextStats();
        s.visit(root, false, new Run());
        return s;
    }

    /** Weighted text length. */
    int chars(Element e) {
        return get(e).chars;
    }

    /** Weighted length of the text inside links. */
    int links(Element e) {
        return get(e).links;
    }

    /** Weighted length of the paragraphs of prose inside. */
    int prose(Element e) {
        return get(e).prose;
    }

    /** Share of the text that is link text, 0 when there is no text. */
    double linkDensity(Element e) {
        Counts c = get(e);
        return c.chars == 0 ? 0 : Math.min(1.0, c.links / (double) c.chars);
    }

    static boolean isBlock(Element e) {
        return BLOCKS.contains(e.normalName());
    }

    /** {@link ContentScorer#weightedLength} of the text with whitespace runs collapsed and the ends stripped, without copying it. */
    static int collapsedLength(String s) {
        int n = 0;
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                space = n > 0;
            } else {
                n += (space ? 1 : 0) + (ContentScorer.isCjk(c) ? 3 : 1);
                space = false;
            }
        }
        return n;
    }

    /** A full stop, question or exclamation mark before a space or at the end; a CJK one anywhere. */
    static boolean hasSentenceEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '。' || c == '！' || c == '？') {
                return true;
            }
            if ((c == '.' || c == '!' || c == '?') && (i + 1 == s.length() || Character.isWhitespace(s.charAt(i + 1))
                    || s.charAt(i + 1) == '"' || s.charAt(i + 1) == '”' || s.charAt(i + 1) == '’' || s.charAt(i + 1) == ')')) {
                return true;
            }
        }
        return false;
    }

    private Counts get(Element e) {
        return counts.getOrDefault(e, NONE);
    }

    // the tree is at most ArticleExtractor.MAX_DEPTH deep, so recursion is bounded
    private Counts visit(Element e, boolean inLink, Run enclosing) {
        Counts c = new Counts();
        boolean block = isBlock(e);
        Run run = block ? new Run() : enclosing;
        boolean link = inLink || e.normalName().equals("a");
        for (Node child : e.childNodes()) {
            if (child instanceof TextNode t) {
                String text = t.getWholeText();
                int n = collapsedLength(text);
                c.chars += n;
                run.chars += n;
                run.sentence = run.sentence || hasSentenceEnd(text);
                if (link) {
                    c.links += n;
                    run.links += n;
                }
            } else if (child instanceof Element ce) {
                Counts cc = visit(ce, link, run);
                c.chars += cc.chars;
                c.links += cc.links;
                c.prose += cc.prose;
            }
        }
        if (block && run.sentence && run.chars >= PROSE_MIN_CHARS && run.links <= 0.3 * run.chars) {
            c.prose += run.chars;
        }
        counts.put(e, c);
        return c;
    }
}
