package io.chipwatch.ingest.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/**
 * Readability-style main-text extraction: remove boilerplate ({@link Boilerplate}), score paragraph
 * containers by text length, commas and class hints, discount link-heavy blocks, pick the best
 * container, widen it to the ancestor that joins body parts split over sibling containers, add related
 * siblings and render its text as paragraphs. CJK characters count more than Latin letters because
 * Chinese has no spaces. When nothing readable survives the cleaning, the page is read again with
 * only the non-text elements removed, so a page whose whole body looks like boilerplate is not lost.
 */
public final class ContentScorer {
    private static final Pattern COMMAS = Pattern.compile("[,，、;；。]");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
            "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "header", "br", "hr", "center");
    private static final Pattern BOILERPLATE_LINE = Pattern.compile("(?i)^(advertisement|advert|sponsored|read more|related:.*|"
            + "share this( article)?|share on .*|sign up .*newsletter.*|subscribe .*|follow us.*|continue reading|"
            + "广告|相关阅读.*|责任编辑[:：].*|分享到.*)$");

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？”\"’)]\\s*$");
    private static final Pattern BYLINE = Pattern.compile("(?i)^(by|par|von|por|作者|记者|文[/／])\\s");
    /** Fewest weighted characters a cleaned page must keep before the lenient second reading is skipped. */
    private static final int MIN_TEXT = 100;
    /** Most leading or trailing short lines (bylines, kickers, box headings) trimmed around the body. */
    private static final int MAX_TRIMMED_FRAGMENTS = 3;

    private ContentScorer() {}

    /** Main text of the document (which this call modifies), paragraphs separated by blank lines. */
    public static String extractText(Document doc) {
        Element body = doc.body();
        if (body == null) {
            return "";
        }
        Boilerplate.removeNonText(body);
        Element lenient = body.clone();
        String text = extractCleaned(body, true);
        if (weightedLength(text) < MIN_TEXT) {
            String second = extractCleaned(lenient, false);
            if (weightedLength(second) > weightedLength(text)) {
                return second;
            }
        }
        return text;
    }

    private static String extractCleaned(Element body, boolean removeBoilerplate) {
        Element explicit = body.selectFirst("[itemprop=articleBody]");
        if (removeBoilerplate) {
            Boilerplate.removeBoilerplate(body);
        }
        if (explicit != null && explicit.parent() != null && weightedLength(explicit.text()) > 200) {
            return render(List.of(explicit));
        }
        return render(choose(body, TextStats.of(body)));
    }

    // ---- scoring ----

    private static List<Element> choose(Element body, TextStats stats) {
        Map<Element, Double> scores = new IdentityHashMap<>();
        for (Element p : body.select("p, pre, td, blockquote, div, section, li")) {
            if (!isParagraphLike(p)) {
                continue;
            }
            String text = ownBlockText(p);
            int len = weightedLength(text);
            if (len < 25) {
                continue;
            }
            double score = 1 + COMMAS.matcher(text).results().count() + Math.min(3, len / 100.0);
            Element ancestor = p.parent();
            for (int level = 0; ancestor != null && level < 3; level++) {
                scores.merge(ancestor, score / (level == 0 ? 1 : level * 2.0), Double::sum);
                ancestor = ancestor.parent();
            }
        }
        Element top = null;
        double best = Double.NEGATIVE_INFINITY;
        Map<Element, Double> finalScores = new IdentityHashMap<>();
        for (Map.Entry<Element, Double> en : scores.entrySet()) {
            Element c = en.getKey();
            double s = (en.getValue() + initialScore(c)) * (1 - stats.linkDensity(c));
            finalScores.put(c, s);
            if (s > best) {
                best = s;
                top = c;
            }
        }
        if (top == null) {
            return List.of(body);
        }
        top = widen(top, body, stats);
        Element parent = top.parent();
        if (parent == null || top == body) {
            return List.of(top);
        }
        List<Element> chosen = new ArrayList<>();
        double threshold = Math.max(10, best * 0.2);
        for (Element sibling : parent.children()) {
            if (sibling == top) {
                chosen.add(sibling);
                continue;
            }
            Double s = finalScores.get(sibling);
            String text = sibling.text();
            int len = weightedLength(text);
            double ld = stats.linkDensity(sibling);
            boolean paragraph = sibling.normalName().equals("p") || sibling.normalName().equals("blockquote")
                    || sibling.normalName().matches("h[2-6]") && len > 0 && ld < 0.3;
            if ((s != null && s >= threshold)
                    || (paragraph && len > 80 && ld < 0.25)
                    || (paragraph && len > 0 && ld == 0 && text.matches("(?s).*[.!?。！？”\"]\\s*$"))) {
                chosen.add(sibling);
            }
        }
        return chosen;
    }

    /**
     * The best container, or the nearest ancestor that adds mostly prose to it: a body split over
     * sibling containers (chunks between ad slots, one wrapper per section) is joined at the ancestor
     * they share, while an ancestor that adds navigation, teasers or link lists is not taken.
     */
    private static Element widen(Element top, Element body, TextStats stats) {
        Element t = top;
        for (Element a = t.parent(); a != null && a != body.parent(); a = a.parent()) {
            int extra = stats.chars(a) - stats.chars(t);
            int extraProse = stats.prose(a) - stats.prose(t);
            boolean adds = extraProse >= 0.8 * extra && extraProse >= 0.1 * stats.prose(t);
            if (extra <= 0.05 * stats.chars(t) || adds) {
                t = adds ? a : t;
                continue;
            }
            break;
        }
        return t;
    }

    private static boolean isParagraphLike(Element e) {
        String tag = e.normalName();
        if (tag.equals("p") || tag.equals("pre") || tag.equals("blockquote") || tag.equals("td") || tag.equals("li")) {
            return true;
        }
        // a div or section holding text directly (div soup) counts as a paragraph
        for (Node n : e.childNodes()) {
            if (n instanceof TextNode t && weightedLength(t.text().strip()) >= 25) {
                return true;
            }
        }
        return false;
    }

    private static String ownBlockText(Element e) {
        String tag = e.normalName();
        if (tag.equals("div") || tag.equals("section")) {
            StringBuilder sb = new StringBuilder();
            for (Node n : e.childNodes()) {
                if (n instanceof TextNode t) {
                    sb.append(t.text());
                } else if (n instanceof Element c && !BLOCKS.contains(c.normalName())) {
                    sb.append(c.text());
                }
            }
            return sb.toString().strip();
        }
        return e.text();
    }

    private static double initialScore(Element e) {
        double s = switch (e.normalName()) {
            case "div", "article", "main", "section" -> 5;
            case "pre", "td", "blockquote" -> 3;
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form" -> -3;
            case "h1", "h2", "h3", "h4", "h5", "h6", "th" -> -5;
            default -> 0;
        };
        if (e.normalName().equals("article") || e.attr("itemprop").equalsIgnoreCase("articleBody")) {
            s += 25;
        }
        if (Boilerplate.looksPositive(e)) {
            s += 25;
        }
        if (Boilerplate.isNegative(e)) {
            s -= 25;
        }
        return s;
    }

    // ---- rendering ----

    private static String render(List<Element> roots) {
        List<Paragraph> out = new ArrayList<>();
        Paragraph current = new Paragraph();
        for (Element root : roots) {
            current = walk(root, out, current);
            current = flush(out, current);
        }
        List<String> kept = new ArrayList<>();
        List<Boolean> linkLines = new ArrayList<>();
        for (Paragraph p : out) {
            String t = p.text.toString().replaceAll("[\\s\\u00a0]+", " ").strip();
            if (t.isEmpty() || BOILERPLATE_LINE.matcher(t).matches()) {
                continue;
            }
            kept.add(t);
            linkLines.add(p.linkChars / (double) Math.max(1, p.chars) > 0.5 && weightedLength(t) < 400);
        }
        return String.join("\n\n", trimEdges(kept, linkLines));
    }

    /**
     * Drops what surrounds the story: link lines (tag lists, "related" links) at either end however many
     * there are, and then bylines, datelines, kickers and headings of removed boxes, at most
     * {@value #MAX_TRIMMED_FRAGMENTS} short lines at either end. More short lines in a row, or no sentence
     * at all, is a list-style body, kept whole but for its link lines. Link lines inside the body (a
     * sentence whose names are linked) are kept.
     */
    private static List<String> trimEdges(List<String> lines, List<Boolean> linkLines) {
        int from = 0;
        while (from < lines.size() && linkLines.get(from)) {
            from++;
        }
        int to = lines.size();
        while (to > from && linkLines.get(to - 1)) {
            to--;
        }
        int first = from;
        while (first < to && isEdgeLine(lines.get(first), linkLines.get(first))) {
            first++;
        }
        if (first == to) {
            List<String> listBody = new ArrayList<>(); // no sentence anywhere: a list-style body, but not a list of links
            for (int i = from; i < to; i++) {
                if (!linkLines.get(i)) {
                    listBody.add(lines.get(i));
                }
            }
            return listBody;
        }
        int last = to - 1;
        while (isEdgeLine(lines.get(last), linkLines.get(last))) {
            last--;
        }
        return lines.subList(first - from <= MAX_TRIMMED_FRAGMENTS ? first : from, to - 1 - last <= MAX_TRIMMED_FRAGMENTS ? last + 1 : to);
    }

    private static boolean isEdgeLine(String line, boolean linkLine) {
        return linkLine || isShortFragment(line);
    }

    private static boolean isShortFragment(String t) {
        int len = weightedLength(t);
        return !SENTENCE_END.matcher(t).find() && (len < 80 || BYLINE.matcher(t).find() && len < 160);
    }

    private static Paragraph walk(Node node, List<Paragraph> out, Paragraph current) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                String s = t.getWholeText();
                current.text.append(s);
                int n = weightedLength(s.strip());
                current.chars += n;
                if (isInLink(t)) {
                    current.linkChars += n;
                }
            } else if (child instanceof Element e) {
                boolean block = BLOCKS.contains(e.normalName());
                if (block) {
                    current = flush(out, current);
                }
                if (!e.normalName().equals("br") && !e.normalName().equals("hr") && !e.normalName().equals("h1")) {
                    current = walk(e, out, current);
                }
                if (block) {
                    current = flush(out, current);
                }
            }
        }
        return current;
    }

    private static boolean isInLink(Node n) {
        for (Node p = n.parentNode(); p != null; p = p.parentNode()) {
            if (p instanceof Element e && e.normalName().equals("a")) {
                return true;
            }
        }
        return false;
    }

    private static Paragraph flush(List<Paragraph> out, Paragraph current) {
        if (!current.text.toString().isBlank()) {
            out.add(current);
            return new Paragraph();
        }
        return current;
    }

    private static final class Paragraph {
        final StringBuilder text = new StringBuilder();
        int chars;
        int linkChars;
    }

    // ---- text measures ----

    /** Length where each CJK character counts three (about one English word). */
    public static int weightedLength(String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += isCjk(c) ? 3 : 1;
        }
        return n;
    }

    /** Share of CJK characters among the non-space characters. */
    public static double cjkShare(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        int cjk = 0;
        int all = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                all++;
                if (isCjk(c)) {
                    cjk++;
                }
            }
        }
        return all == 0 ? 0 : cjk / (double) all;
    }

    static boolean isCjk(char c) {
        if (c < '\u3000') { // below CJK Symbols and Punctuation, the first block counted
            return false;
        }
        Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
        return b == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS || b == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A
                || b == Character.UnicodeBlock.HIRAGANA || b == Character.UnicodeBlock.KATAKANA
                || b == Character.UnicodeBlock.HANGUL_SYLLABLES || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }

    private static final Set<String> ENGLISH = Set.of("the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "said", "on", "a");

    /** Whether Latin text reads as English (share of very common English words). */
    public static boolean looksEnglish(String s) {
        if (s == null || s.isBlank()) {
            return false;
        }
        String[] words = s.toLowerCase(Locale.ROOT).split("[^\\p{L}]+");
        int common = 0;
        int all = 0;
        for (String w : words) {
            if (!w.isEmpty()) {
                all++;
                if (ENGLISH.contains(w)) {
                    common++;
                }
            }
        }
        return all >= 20 && common / (double) all > 0.12;
    }

    /** Plain text with paragraphs separated by one blank line and whitespace inside them collapsed. */
    public static String normaliseParagraphs(String text) {
        List<String> paras = new ArrayList<>();
        for (String p : text.replace("\r\n", "\n").split("\n")) {
            String t = p.replaceAll("[\\s\\u00a0]+", " ").strip();
            if (!t.isEmpty()) {
                paras.add(t);
            }
        }
        return String.join("\n\n", paras);
    }

    /** Paragraphs of an HTML fragment (a feed item's description), as plain text. */
    public static String fragmentText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document d = org.jsoup.Jsoup.parseBodyFragment(html);
        Elements imgs = d.select("img, script, style");
        imgs.remove();
        return render(List.of(d.body()));
    }
}
