package io.chipwatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.ingest.internal.Charsets;
import io.chipwatch.ingest.internal.ContentScorer;
import io.chipwatch.ingest.internal.Dates;
import io.chipwatch.ingest.internal.TextSniffer;
import io.chipwatch.model.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the article from a news page: metadata from JSON-LD, OpenGraph and meta tags where present,
 * the body from JSON-LD {@code articleBody} when it is complete, otherwise from a readability-style
 * scoring of the DOM with navigation, ads, related links, comments and footers removed. Thread-safe.
 */
public final class ArticleExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(ArticleExtractor.class);
    private static final Set<String> ARTICLE_TYPES = Set.of("article", "newsarticle", "blogposting", "reportagenewsarticle",
            "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle", "techarticle", "report", "scholarlyarticle",
            "liveblogposting", "webpage", "pressrelease");
    private static final String[] DATE_META = {"article:published_time", "og:published_time", "published_time", "pubdate",
            "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
            "sailthru.date", "parsely-pub-date", "article.published", "citation_publication_date", "datepublished", "og:updated_time"};

    private static final java.util.regex.Pattern MARKUP = java.util.regex.Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*(\\s[^<>]*)?/?>");
    private static final java.util.regex.Pattern CHINESE_BYLINE =
            java.util.regex.Pattern.compile("(作者|记者|文)\\s*[:：/／]\\s*([\\p{IsHan}·]{2,8}|[A-Za-z][A-Za-z .'-]{1,40}[A-Za-z])");

    /**
     * Extracts from bytes, detecting the charset from BOM, XML declaration or meta tag.
     *
     * @throws NotTextException when the bytes are binary, not a page
     */
    public ExtractedArticle extract(byte[] html, String url) {
        return extract(html, null, url);
    }

    /**
     * Extracts from bytes whose {@code Content-Type} header is known (its charset wins over the meta tag).
     *
     * @throws NotTextException when the bytes are binary (an image, an archive, random bytes), not a page
     */
    public ExtractedArticle extract(byte[] html, String contentType, String url) {
        TextSniffer.requireText(html);
        return extract(Charsets.decode(html, contentType), url);
    }

    /** Extracts from decoded HTML; {@code url} resolves relative links and is the fallback canonical URL. */
    public ExtractedArticle extract(String html, String url) {
        Document doc = Jsoup.parse(html, url == null ? "" : url);
        flattenBeyond(doc, MAX_DEPTH);
        JsonNode ld = articleJsonLd(doc);
        String title = firstNonBlank(text(ld, "headline"), text(ld, "name"), meta(doc, "og:title"), meta(doc, "twitter:title"),
                h1(doc), cleanTitle(doc.title()));
        Instant published = published(doc, ld);
        String author = author(doc, ld);
        String canonical = canonical(doc, ld, url);
        String domText = ContentScorer.extractText(doc.clone());
        String ldBody = text(ld, "articleBody");
        String body = chooseBody(domText, ldBody);
        String language = language(doc, ld, body);
        return new ExtractedArticle(title == null ? "" : title.strip(), body, published, author, language, canonical);
    }

    /** Deeper element nesting than any real page uses; deeper elements are unwrapped (their content kept). */
    static final int MAX_DEPTH = 256;

    /**
     * Unwraps every element nested deeper than {@code maxDepth}, keeping its text and children, so a
     * hostile page (100,000 nested divs) cannot make extraction quadratic: the scorer looks at each
     * element's subtree, which for a chain of n elements costs n squared. jsoup does not limit depth.
     */
    static void flattenBeyond(Document doc, int maxDepth) {
        List<org.jsoup.nodes.Element> deep = new ArrayList<>();
        org.jsoup.select.NodeTraversor.traverse((node, depth) -> {
            if (depth > maxDepth && node instanceof org.jsoup.nodes.Element e) {
                deep.add(e);
            }
        }, doc);
        for (int i = deep.size() - 1; i >= 0; i--) { // deepest first: each unwrap moves few children
            deep.get(i).unwrap();
        }
    }

    static String chooseBody(String domText, String ldBody) {
        if (ldBody == null || ldBody.isBlank()) {
            return domText;
        }
        // some sites put the body's HTML into articleBody: read it as HTML, never pass markup on
        String ld = MARKUP.matcher(ldBody).find() ? ContentScorer.fragmentText(ldBody) : ContentScorer.normaliseParagraphs(ldBody);
        int ldLen = ContentScorer.weightedLength(ld);
        int domLen = ContentScorer.weightedLength(domText);
        // A complete articleBody is at least half the DOM text (the DOM may still hold captions or asides);
        // a teaser-only articleBody is shorter, and then the DOM wins.
        return ldLen >= 0.5 * domLen || ldLen >= 2000 ? ld : domText;
    }

    // ---- JSON-LD ----

    private static JsonNode articleJsonLd(Document doc) {
        JsonNode best = null;
        for (Element script : doc.select("script[type~=(?i)application/ld\\+json]")) {
            try {
                JsonNode root = Json.MAPPER.readTree(script.data().strip());
                List<JsonNode> nodes = new ArrayList<>();
                flatten(root, nodes, 0);
                for (JsonNode n : nodes) {
                    if (isArticle(n) && (best == null || rank(n) > rank(best))) {
                        best = n;
                    }
                }
            } catch (Exception e) {
                LOG.debug("ignoring unreadable JSON-LD on {}: {}", doc.location(), e.getMessage());
            }
        }
        return best;
    }

    private static int rank(JsonNode n) {
        return (n.hasNonNull("articleBody") ? 2 : 0) + (types(n).contains("webpage") ? 0 : 1);
    }

    private static void flatten(JsonNode n, List<JsonNode> out, int depth) {
        if (n == null || depth > 6) {
            return;
        }
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out, depth + 1));
        } else if (n.isObject()) {
            out.add(n);
            flatten(n.get("@graph"), out, depth + 1);
            flatten(n.get("mainEntity"), out, depth + 1);
        }
    }

    private static boolean isArticle(JsonNode n) {
        return types(n).stream().anyMatch(ARTICLE_TYPES::contains);
    }

    private static Set<String> types(JsonNode n) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode t = n.get("@type");
        if (t != null && t.isArray()) {
            t.forEach(x -> types.add(x.asText().toLowerCase(Locale.ROOT)));
        } else if (t != null) {
            types.add(t.asText().toLowerCase(Locale.ROOT));
        }
        return types;
    }

    private static String text(JsonNode n, String field) {
        if (n == null) {
            return null;
        }
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            v = v.size() > 0 ? v.get(0) : null;
        }
        if (v != null && v.isObject()) {
            v = v.has("@value") ? v.get("@value") : v.get("name");
        }
        return v == null || !v.isValueNode() ? null : blankToNull(org.jsoup.parser.Parser.unescapeEntities(v.asText(), false));
    }

    // ---- metadata ----

    private static Instant published(Document doc, JsonNode ld) {
        Instant t = Dates.parse(text(ld, "datePublished"));
        if (t != null) {
            return t;
        }
        for (String name : DATE_META) {
            t = Dates.parse(meta(doc, name));
            if (t != null) {
                return t;
            }
        }
        for (Element e : doc.select("[itemprop=datePublished], time[datetime], time[pubdate], .date, .time, .publish-time, #pubtime")) {
            t = Dates.parse(firstNonBlank(e.attr("content"), e.attr("datetime"), e.text()));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String author(Document doc, JsonNode ld) {
        if (ld != null && ld.has("author")) {
            List<String> names = new ArrayList<>();
            JsonNode a = ld.get("author");
            for (JsonNode one : a.isArray() ? a : List.of(a)) {
                String name = one.isObject() ? (one.hasNonNull("name") ? one.get("name").asText() : null) : one.asText();
                if (name != null && !name.isBlank()) {
                    names.add(name.strip());
                }
            }
            if (!names.isEmpty()) {
                return String.join(", ", names);
            }
        }
        String m = firstNonBlank(meta(doc, "author"), meta(doc, "dc.creator"), meta(doc, "parsely-author"), meta(doc, "sailthru.author"));
        String articleAuthor = meta(doc, "article:author");
        if (m == null && articleAuthor != null && !articleAuthor.startsWith("http")) {
            m = articleAuthor;
        }
        if (m == null) {
            Element e = doc.selectFirst("[rel=author], [itemprop=author] [itemprop=name], [itemprop=author], .byline .author, .author-name, .byline");
            m = e == null ? null : blankToNull(e.text().replaceFirst("(?i)^\\s*(by|作者[:：]?)\\s*", ""));
        }
        if (m == null) {
            java.util.regex.Matcher cn = CHINESE_BYLINE.matcher(doc.body() == null ? "" : doc.body().text());
            m = cn.find() ? cn.group(2) : null;
        }
        return m == null ? null : m.strip();
    }

    private static String canonical(Document doc, JsonNode ld, String url) {
        Element link = doc.selectFirst("link[rel~=(?i)^canonical$][href]");
        String c = link == null ? null : UrlCanonicalizer.canonicalize(link.absUrl("href"));
        if (c == null) {
            c = UrlCanonicalizer.resolve(url, meta(doc, "og:url"));
        }
        if (c == null && ld != null) {
            JsonNode main = ld.get("mainEntityOfPage");
            c = UrlCanonicalizer.resolve(url, firstNonBlank(text(ld, "url"), main != null && main.isObject() ? text(main, "@id") : text(ld, "mainEntityOfPage")));
        }
        return c != null ? c : UrlCanonicalizer.canonicalize(url);
    }

    private static String language(Document doc, JsonNode ld, String body) {
        String lang = firstNonBlank(text(ld, "inLanguage"), doc.selectFirst("html") == null ? null : doc.selectFirst("html").attr("lang"),
                httpEquiv(doc, "content-language"), meta(doc, "og:locale"), meta(doc, "language"));
        if (lang != null) {
            String primary = lang.strip().replace('_', '-').split("[-,;\\s]")[0].toLowerCase(Locale.ROOT);
            if (primary.matches("[a-z]{2,3}")) {
                return primary;
            }
        }
        if (ContentScorer.cjkShare(body) > 0.3) {
            return "zh";
        }
        return ContentScorer.looksEnglish(body) ? "en" : null;
    }

    private static String httpEquiv(Document doc, String name) {
        for (Element m : doc.select("meta[http-equiv][content]")) {
            if (m.attr("http-equiv").equalsIgnoreCase(name)) {
                return blankToNull(m.attr("content"));
            }
        }
        return null;
    }

    /** Content of {@code <meta property|name|itemprop=name>}, case-insensitive. */
    static String meta(Document doc, String name) {
        for (Element m : doc.select("meta[content]")) {
            for (String attr : new String[] {"property", "name", "itemprop"}) {
                if (m.attr(attr).equalsIgnoreCase(name)) {
                    String v = blankToNull(m.attr("content"));
                    if (v != null) {
                        return v;
                    }
                }
            }
        }
        return null;
    }

    private static String h1(Document doc) {
        Element h = doc.selectFirst("article h1, main h1, h1");
        return h == null ? null : blankToNull(h.text());
    }

    private static String cleanTitle(String title) {
        if (title == null) {
            return null;
        }
        String t = title.strip();
        String[] parts = t.split("\\s+[|\\-–—_]\\s+");
        return blankToNull(parts.length > 1 ? parts[0] : t);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
