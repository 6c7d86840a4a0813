package io.chipwatch.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.ingest.UrlCanonicalizer;
import io.chipwatch.ingest.internal.FeedRepair.Kind;
import io.chipwatch.model.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.JDOMParseException;

/**
 * Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1, and recovers what it can from broken
 * feeds (feedparser's "bozo" idea).
 *
 * <ol>
 *   <li>Bytes to text: BOM, UTF-16/32 by their zero bytes, declarations only where the bytes agree
 *       ({@link Charsets}).</li>
 *   <li>Strict: a secure XML parse (DOCTYPE refused, no external entities) mapped by ROME.</li>
 *   <li>When that fails, text repairs ({@link XmlRepairs}: DOCTYPE dropped unread, bare {@code &}
 *       and HTML entities, forbidden characters, unbound prefixes, junk before or after the
 *       document) and the strict parse again.</li>
 *   <li>When that fails too, jsoup's lenient XML parser rebuilds the tree and only complete items are
 *       kept ({@link XmlTrees#lenient}).</li>
 * </ol>
 * Every repair is listed in {@link ParsedFeed#repairs()}: a feed with repairs is "recovered", and
 * source health shows why. Structure ROME refuses and ROME's own failures are handled by
 * {@link FeedMapper}.
 */
public final class FeedReader {
    private static final Pattern ROOT_NAME = Pattern.compile("<(?:[A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)");
    private static final Pattern JSON_FEED_VERSION = Pattern.compile(
            "(?i)^(?:https?://(?:www\\.)?jsonfeed\\.org/version/)?1(?:\\.[01])?/?$");
    private static final Pattern JSON_FEED_HINT = Pattern.compile("(?i)jsonfeed\\.org/version|\"version\"\\s*:\\s*\"1(?:\\.[01])?\"");
    private static final int SNIFF_BYTES = 4096;

    private FeedReader() {}

    /**
     * A parsed feed.
     *
     * @param format   rss_2.0, rss_1.0, atom_1.0, json-https://jsonfeed.org/version/1.1, ...
     * @param title    feed title or null
     * @param link     the feed's own link (the site), absolute, or null
     * @param language language the feed declares, or null
     * @param items    items in document order
     * @param repairs  what was wrong and repaired; empty for a clean feed
     * @param warnings item-level problems that lost nothing but a value (an impossible date)
     */
    public record ParsedFeed(String format, String title, String link, String language, List<FeedItem> items, List<FeedRepair> repairs,
                             List<String> warnings) {
        public ParsedFeed {
            items = List.copyOf(items);
            repairs = List.copyOf(repairs);
            warnings = List.copyOf(warnings);
        }

        /** Whether the feed needed repairs to be read (feedparser's bozo). */
        public boolean recovered() {
            return !repairs.isEmpty();
        }
    }

    /**
     * Whether the bytes are a feed rather than a page, whatever they were served as: a feed content
     * type, or content whose first element (after whitespace, comments, processing instructions and a
     * DOCTYPE) is {@code <rss>}, {@code <feed>} or {@code <rdf:RDF>}, or a JSON Feed object.
     */
    public static boolean looksLikeFeed(byte[] body, String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.contains("rss") || ct.contains("atom") || ct.contains("feed+json") || ct.contains("rdf")) {
            return true;
        }
        String head = Charsets.decode(body.length > SNIFF_BYTES ? Arrays.copyOf(body, SNIFF_BYTES) : body, contentType);
        String s = skipProlog(head);
        if (s.startsWith("{")) {
            return JSON_FEED_HINT.matcher(s).find();
        }
        Matcher m = ROOT_NAME.matcher(s);
        if (!m.lookingAt()) {
            return false;
        }
        String root = m.group(1);
        return root.equals("rss") || root.equals("feed") || root.equals("RDF");
    }

    /** The text after a BOM, whitespace, comments, processing instructions and a DOCTYPE. */
    private static String skipProlog(String text) {
        String s = text.replace("\uFEFF", "");
        while (true) {
            s = s.stripLeading();
            int end;
            if (s.startsWith("<?")) {
                end = s.indexOf("?>");
                end = end < 0 ? -1 : end + 2;
            } else if (s.startsWith("<!--")) {
                end = s.indexOf("-->");
                end = end < 0 ? -1 : end + 3;
            } else if (s.regionMatches(true, 0, "<!DOCTYPE", 0, 9)) {
                int bracket = s.indexOf('[');
                int gt = s.indexOf('>');
                end = bracket >= 0 && bracket < gt ? s.indexOf("]>", bracket) : gt;
                end = end < 0 ? -1 : end + (s.charAt(end) == ']' ? 2 : 1);
            } else {
                return s;
            }
            if (end < 0) {
                return "";
            }
            s = s.substring(end);
        }
    }

    /**
     * Parses a feed, repairing what it must.
     *
     * @param baseUrl the feed's URL (after redirects), against which relative links resolve; null for local files
     * @throws MalformedFeedException when nothing can be read: not a feed, or no element left to read
     */
    public static ParsedFeed parse(byte[] body, String contentType, String baseUrl) throws MalformedFeedException {
        List<FeedRepair> repairs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Charsets.Decoded decoded = Charsets.decodeWithNote(body, contentType);
        if (decoded.overruled() != null) {
            repairs.add(new FeedRepair(Kind.CHARSET, decoded.overruled()));
        }
        String text = decoded.text().replace("\uFEFF", "").stripLeading();
        if (text.startsWith("{")) {
            return parseJsonFeed(text, baseUrl, repairs, warnings);
        }
        if (text.isEmpty()) {
            throw new MalformedFeedException("not a feed: the document is empty", -1, -1, null);
        }
        if (looksBinary(text)) {
            throw new MalformedFeedException("not a feed: the body is binary (control characters in its first 4 KB)", -1, -1, null);
        }
        Document doc;
        try {
            doc = XmlTrees.strict(text);
        } catch (JDOMException strictError) {
            doc = recover(text, repairs, strictError);
        }
        try {
            return FeedMapper.map(doc, baseUrl, repairs, warnings);
        } catch (StackOverflowError e) {
            throw new MalformedFeedException("not readable: the document is nested too deeply", -1, -1, null);
        }
    }

    private static Document recover(String text, List<FeedRepair> repairs, JDOMException strictError) throws MalformedFeedException {
        String repaired = XmlRepairs.repair(text, repairs);
        try {
            return XmlTrees.strict(repaired);
        } catch (JDOMException stillBroken) {
            String rebuilt = XmlTrees.lenient(repaired, repairs, where(stillBroken));
            try {
                return XmlTrees.strict(rebuilt);
            } catch (JDOMException e) {
                throw malformed(strictError, "; recovery failed too: " + rootMessage(e));
            }
        }
    }

    /** More than 5% control characters (other than tab, newlines, form feed, escape) in the first 4 KB of the decoded text. */
    private static boolean looksBinary(String text) {
        int n = Math.min(text.length(), SNIFF_BYTES);
        int control = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b || c == '\uFFFD') {
                control++;
            }
        }
        return control * 20 > n;
    }

    /** "line 4, column 58: The element type ... must be terminated ..." */
    private static String where(JDOMException e) {
        String at = e instanceof JDOMParseException p && p.getLineNumber() > 0 ? "line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ": " : "";
        String message = rootMessage(e);
        return at + (message.length() > 160 ? message.substring(0, 157) + "..." : message);
    }

    private static MalformedFeedException malformed(JDOMException e, String suffix) {
        int line = e instanceof JDOMParseException p ? p.getLineNumber() : -1;
        int column = e instanceof JDOMParseException p ? p.getColumnNumber() : -1;
        return new MalformedFeedException("malformed feed: " + rootMessage(e) + suffix, line, column, e);
    }

    private static ParsedFeed parseJsonFeed(String text, String baseUrl, List<FeedRepair> repairs, List<String> warnings)
            throws MalformedFeedException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new MalformedFeedException("malformed JSON feed: " + e.getOriginalMessage(), loc == null ? -1 : loc.getLineNr(),
                    loc == null ? -1 : loc.getColumnNr(), e);
        }
        if (root == null || !root.isObject() || !root.path("items").isArray()) {
            throw new MalformedFeedException("not a JSON Feed: no items array", -1, -1, null);
        }
        String version = root.path("version").asText("").strip();
        if (version.isEmpty()) {
            repairs.add(new FeedRepair(Kind.STRUCTURE, "JSON Feed without a version read as 1.1"));
        } else if (!JSON_FEED_VERSION.matcher(version).matches()) {
            throw new MalformedFeedException("not a JSON Feed: version '" + version + "' (expected https://jsonfeed.org/version/1 or 1.1)",
                    -1, -1, null);
        }
        String base = baseUrl != null ? baseUrl : firstText(root, "feed_url", "home_page_url");
        List<FeedItem> items = new ArrayList<>();
        int index = 0;
        for (JsonNode it : root.get("items")) {
            index++;
            if (!it.isObject()) {
                warnings.add("item " + index + " skipped: not a JSON object");
                continue;
            }
            String link = firstText(it, "url", "external_url");
            String html = firstText(it, "content_html", "content_text", "summary");
            String title = it.path("title").isValueNode() ? it.path("title").asText("") : "";
            String rawDate = firstText(it, "date_published", "date_modified");
            Instant published = Dates.parse(rawDate);
            if (rawDate != null && published == null) {
                warnings.add("item " + index + ": unreadable or impossible date '" + rawDate + "' ignored");
            }
            items.add(new FeedItem(firstText(it, "id"), link == null ? null : UrlCanonicalizer.resolve(base, link), title, html, published,
                    blankToNull(authors(it))));
        }
        return new ParsedFeed("json-" + (version.isEmpty() ? "1.1" : version), blankToNull(root.path("title").asText(null)),
                UrlCanonicalizer.resolve(base, firstText(root, "home_page_url")), blankToNull(root.path("language").asText(null)), items,
                repairs, warnings);
    }

    /** JSON Feed 1.1 {@code authors}, else 1.0 {@code author}. */
    private static String authors(JsonNode item) {
        if (item.path("authors").isArray()) {
            return StreamSupport.stream(item.get("authors").spliterator(), false).map(a -> a.path("name").asText(""))
                    .filter(s -> !s.isBlank()).collect(Collectors.joining(", "));
        }
        return item.path("author").path("name").asText(null);
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v != null && v.isValueNode() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
