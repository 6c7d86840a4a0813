package io.chipwatch.ingest.internal;

import io.chipwatch.model.RawArticle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The one place that makes {@code title}, {@code author} and {@code text} of every article ingest
 * publishes plain text: markup stripped (the content of {@code script}, {@code style}, {@code iframe}
 * and similar elements dropped with it), entities decoded however many times they were escaped,
 * control characters removed and whitespace collapsed; {@link #text} keeps paragraphs, one blank
 * line apart. Downstream (the web dashboard, notifications, Slack) may therefore render these
 * fields as text without escaping surprises.
 *
 * <p>Feeds escape HTML inside HTML inside XML ({@code &amp;lt;script&amp;gt;}), so one decoding
 * is not enough: the text is parsed again until nothing changes, at most {@value #MAX_PASSES}
 * times; whatever still looks like a tag after that loses its angle brackets. Cleaning clean text
 * changes nothing, so applying it twice (when articles are built and again when they are
 * published) is harmless.
 */
public final class PlainText {
    /** Escaping levels undone; real feeds use at most three (XML, HTML, a CMS that escaped again). */
    static final int MAX_PASSES = 6;
    /** Something the HTML parser would turn into something else: a tag, comment, or entity. */
    private static final Pattern MARKUP = Pattern.compile("<[A-Za-z!/?]|&#?[A-Za-z0-9]");
    private static final Pattern TAG_START = Pattern.compile("<(?=[A-Za-z!/?])");
    private static final Pattern CDATA = Pattern.compile("<!\\[CDATA\\[(.*?)(?:]]>|$)", Pattern.DOTALL);
    /** Elements whose content is code, embedded documents or not meant to be read. */
    private static final String UNREAD = "script, style, iframe, frame, frameset, embed, noscript, noembed, noframes, template, svg, "
            + "math, select, textarea, button, head, title";
    /** Embedding elements whose content is fallback text for readers that cannot show the embedded thing: kept, tags dropped. */
    private static final String FALLBACK = "object, applet, video, audio, canvas, picture";
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
            "h5", "h6", "blockquote", "pre", "table", "tr", "section", "article", "header", "footer", "aside", "figure",
            "figcaption", "hr", "address", "main", "nav", "details", "summary", "form", "fieldset", "center");

    private PlainText() {}

    /** A copy of the article whose title, author and text are plain text (a blank author becomes null). */
    public static RawArticle article(RawArticle a) {
        String title = line(a.title());
        String author = line(a.author());
        String text = text(a.text());
        if (title.equals(a.title()) && text.equals(a.text()) && java.util.Objects.equals(author, a.author())) {
            return a;
        }
        return new RawArticle(a.id(), a.sourceId(), a.url(), title, text, author == null || author.isEmpty() ? null : author,
                a.language(), a.publishedAt(), a.fetchedAt(), a.tags(), a.contentType());
    }

    /** One line of plain text (a title, a byline): no markup, no entities, no control characters, single spaces. */
    public static String line(String s) {
        if (s == null) {
            return null;
        }
        if (alreadyClean(s, false)) {
            return s;
        }
        String clean = cleanLine(s);
        return clean.equals(s) ? s : clean;
    }

    static String cleanLine(String s) {
        String cur = collapse(removeControls(s, false));
        for (int pass = 0; pass < MAX_PASSES && MARKUP.matcher(cur).find(); pass++) {
            String next = collapse(removeControls(fragment(cur).text(), false));
            if (next.equals(cur)) {
                return cur;
            }
            cur = next;
        }
        return MARKUP.matcher(cur).find() ? collapse(TAG_START.matcher(cur).replaceAll("")) : cur;
    }

    /** Body text: as {@link #line} for each paragraph, paragraphs separated by one blank line. */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        if (alreadyClean(s, true)) {
            return s;
        }
        String clean = cleanText(s);
        return clean.equals(s) ? s : clean;
    }

    static String cleanText(String s) {
        String cur = paragraphs(removeControls(s.replace("\r\n", "\n").replace('\r', '\n'), true));
        for (int pass = 0; pass < MAX_PASSES && MARKUP.matcher(cur).find(); pass++) {
            String next = paragraphs(removeControls(render(cur), true));
            if (next.equals(cur)) {
                return cur;
            }
            cur = next;
        }
        return MARKUP.matcher(cur).find() ? paragraphs(TAG_START.matcher(cur).replaceAll("")) : cur;
    }

    /**
     * One pass that recognises text cleaning would not change (most article text): no markup start, no
     * {@code &} before a name or number, no control or other space characters, single spaces, and (for
     * text) paragraphs exactly one blank line apart. False only means "let the full cleaning decide".
     */
    static boolean alreadyClean(String s, boolean paragraphs) {
        int n = s.length();
        if (n == 0) {
            return true;
        }
        if (s.charAt(0) == ' ' || s.charAt(0) == '\n' || s.charAt(n - 1) == ' ' || s.charAt(n - 1) == '\n') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                char next = s.charAt(i + 1); // the last char is not a space
                if (next == ' ' || next == '\n' || s.charAt(i - 1) == '\n') {
                    return false;
                }
            } else if (c == '\n') {
                // exactly "\n\n" between two paragraphs, no space around it
                if (!paragraphs || i + 2 >= n || s.charAt(i + 1) != '\n' || s.charAt(i + 2) == '\n' || s.charAt(i + 2) == ' '
                        || s.charAt(i - 1) == ' ') {
                    return false;
                }
                i++;
            } else if (c == '<' || c == '&') {
                char next = i + 1 < n ? s.charAt(i + 1) : ' ';
                boolean ascii = next < 0x80 && (Character.isLetterOrDigit(next) || next == '#' || next == '!' || next == '/' || next == '?');
                if (ascii) {
                    return false;
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Parses as an HTML body fragment, CDATA sections unwrapped, unreadable elements removed. */
    private static Element fragment(String html) {
        Matcher m = CDATA.matcher(html);
        String unwrapped = m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1))) : html;
        Element body = Jsoup.parseBodyFragment(unwrapped).body();
        body.select(UNREAD).remove();
        body.select(FALLBACK).unwrap();
        return body;
    }

    /** Text of a fragment with a line break at every block boundary. */
    private static String render(String html) {
        StringBuilder sb = new StringBuilder(html.length());
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    sb.append(t.getWholeText());
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    sb.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    sb.append('\n');
                }
            }
        }, fragment(html));
        return sb.toString();
    }

    private static String paragraphs(String s) {
        List<String> kept = new ArrayList<>();
        for (String p : s.split("\n")) {
            String t = collapse(p);
            if (!t.isEmpty()) {
                kept.add(t);
            }
        }
        return String.join("\n\n", kept);
    }

    /** Runs of whitespace (any Unicode space, no-break spaces included) become one space; ends trimmed. */
    static String collapse(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Drops C0 and C1 control characters (tab becomes a space; newline is kept when {@code keepNewlines}),
     * lone surrogates, the non-characters U+FFFE and U+FFFF, and the bidirectional overrides that can
     * make a title read differently from what it says.
     */
    static String removeControls(String s, boolean keepNewlines) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean drop;
            char replacement = 0;
            if (c == '\n') {
                drop = !keepNewlines;
                replacement = ' ';
            } else if (c == '\t') {
                drop = true;
                replacement = ' ';
            } else if (Character.isHighSurrogate(c)) {
                drop = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!drop) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                drop = c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF'
                        || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            }
            if (drop && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (drop) {
                if (replacement != 0) {
                    sb.append(replacement);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
