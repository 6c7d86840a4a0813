package io.chipwatch.ingest.internal;

import java.util.ArrayList;
import java.util.HashMap;
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
 * Readability-style main-text extraction: strip boilerplate (navigation, ads, related links, share
 * bars, comments, footers), score paragraph containers by text length, commas and class hints,
 * discount link-heavy blocks, pick the best container plus related siblings and render its text as
 * paragraphs. CJK characters count more than Latin letters because Chinese has no spaces.
 */
public final class ContentScorer {
    private static final String REMOVE_TAGS = "script, style, noscript, template, iframe, svg, canvas, form, button, input, select, "
            + "textarea, nav, footer, aside, figure, figcaption, picture, video, audio, object, embed, amp-ad, amp-analytics, "
            + "amp-sidebar, amp-social-share, ins, link, meta, [hidden], [aria-hidden=true], [role=navigation], [role=banner], "
            + "[role=contentinfo], [role=complementary], [role=dialog], [role=alert], [style~=(?i)display:\\s*none]";
    private static final Set<String> NEGATIVE = Set.of("ad", "ads", "adv", "advert", "advertisement", "advertising", "sponsor",
            "sponsored", "promo", "promoted", "banner", "breadcrumb", "breadcrumbs", "comment", "comments", "respond", "reply",
            "disqus", "related", "recommended", "recommend", "recirc", "trending", "popular", "mostread", "share", "sharing",
            "social", "newsletter", "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr", "popup",
            "modal", "overlay", "sidebar", "widget", "footer", "nav", "navbar", "navigation", "menu", "masthead", "header",
            "outbrain", "taboola", "tags", "tag", "tagcloud", "pagination", "pager", "print", "toolbar", "rss", "follow",
            "bio", "skip", "hidden", "sr", "visually", "caption", "credit", "byline", "dateline", "meta", "breaking", "ticker",
            "more", "readmore", "login", "paywall", "topbar", "logo", "search", "copyright", "disclaimer", "toc", "jump");
    private static final Set<String> POSITIVE = Set.of("article", "body", "content", "entry", "main", "post", "story", "text",
            "blog", "news", "detail", "page", "paragraph", "prose", "rich", "articlebody", "article_body", "zw", "wenzhang", "正文");
    private static final Pattern WORD_SPLIT = Pattern.compile("[\\s_\\-]+|(?<=[a-z])(?=[A-Z])");
    private static final Pattern COMMAS = Pattern.compile("[,，、;；。]");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
            "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "header", "br", "hr", "center");
    private static final Pattern BOILERPLATE_LINE = Pattern.compile("(?i)^(advertisement|advert|sponsored|read more|related:.*|"
            + "share this( article)?|share on .*|sign up .*newsletter.*|subscribe .*|follow us.*|continue reading|"
            + "广告|相关阅读.*|责任编辑[:：].*|分享到.*)$");

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？”\"’)]\\s*$");
    private static final Pattern BYLINE = Pattern.compile("(?i)^(by|par|von|por|作者|记者|文[/／])\\s");

    private ContentScorer() {}

    /** Main text of the document (which this call modifies), paragraphs separated by blank lines. */
    public static String extractText(Document doc) {
        Element body = doc.body();
        if (body == null) {
            return "";
        }
        Element explicit = body.selectFirst("[itemprop=articleBody]");
        clean(body);
        if (explicit != null && explicit.parent() != null && weightedLength(explicit.text()) > 200) {
            return render(List.of(explicit));
        }
        List<Element> chosen = choose(body);
        return render(chosen);
    }

    // ---- cleaning ----

    private static void clean(Element body) {
        body.select(REMOVE_TAGS).remove();
        // the page-level header holds the site's navigation; an <header> inside an article holds its title
        for (Element h : body.select("header")) {
            if (h.closest("article") == null) {
                h.remove();
            }
        }
        int total = weightedLength(body.text());
        for (Element e : new ArrayList<>(body.getAllElements())) {
            if (e == body || e.parent() == null || isProtected(e)) {
                continue;
            }
            if (isNegative(e) && !(looksPositive(e) && weightedLength(e.text()) > 0.4 * total)) {
                e.remove();
            }
        }
    }

    private static boolean isProtected(Element e) {
        String tag = e.normalName();
        if (tag.equals("html") || tag.equals("body") || tag.equals("main") || tag.equals("article")
                || e.attr("itemprop").equalsIgnoreCase("articleBody")) {
            return true;
        }
        return e.selectFirst("article, main, [itemprop=articleBody], h1") != null;
    }

    private static boolean isNegative(Element e) {
        for (String w : words(e)) {
            if (NEGATIVE.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksPositive(Element e) {
        for (String w : words(e)) {
            if (POSITIVE.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> words(Element e) {
        List<String> words = new ArrayList<>();
        for (String s : new String[] {e.className(), e.id()}) {
            for (String w : WORD_SPLIT.split(s)) {
                if (!w.isEmpty()) {
                    words.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        return words;
    }

    // ---- scoring ----

    private static List<Element> choose(Element body) {
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
                scores.computeIfAbsent(ancestor, a -> 0.0);
                ancestor = ancestor.parent();
            }
        }
        Element top = null;
        double best = Double.NEGATIVE_INFINITY;
        Map<Element, Double> finalScores = new HashMap<>();
        for (Map.Entry<Element, Double> en : scores.entrySet()) {
            Element c = en.getKey();
            double s = (en.getValue() + initialScore(c)) * (1 - linkDensity(c));
            finalScores.put(c, s);
            if (s > best) {
                best = s;
                top = c;
            }
        }
        if (top == null) {
            return List.of(body);
        }
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
            double ld = linkDensity(sibling);
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
        if (looksPositive(e)) {
            s += 25;
        }
        if (isNegative(e)) {
            s -= 25;
        }
        return s;
    }

    private static double linkDensity(Element e) {
        int total = weightedLength(e.text());
        if (total == 0) {
            return 0;
        }
        int links = 0;
        for (Element a : e.select("a")) {
            links += weightedLength(a.text());
        }
        return Math.min(1.0, links / (double) total);
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
        for (Paragraph p : out) {
            String t = p.text.toString().replaceAll("[\\s\\u00a0]+", " ").strip();
            if (t.isEmpty() || BOILERPLATE_LINE.matcher(t).matches()) {
                continue;
            }
            int len = weightedLength(t);
            if (len > 0 && p.linkChars / (double) Math.max(1, p.chars) > 0.5 && len < 400) {
                continue; // a line of links ("Related: ...", tag lists)
            }
            kept.add(t);
        }
        // bylines, datelines and kickers above the story; headings of removed boxes below it
        while (!kept.isEmpty() && isShortFragment(kept.get(0))) {
            kept.remove(0);
        }
        while (!kept.isEmpty() && isShortFragment(kept.get(kept.size() - 1))) {
            kept.remove(kept.size() - 1);
        }
        return String.join("\n\n", kept);
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
