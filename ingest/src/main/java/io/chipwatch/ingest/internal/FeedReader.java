package io.chipwatch.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.SyndFeedInput;
import io.chipwatch.ingest.UrlCanonicalizer;
import io.chipwatch.model.json.Json;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xml.sax.InputSource;

/**
 * Parses RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 with ROME (doctype declarations stay banned, so XXE and
 * entity-expansion feeds fail cleanly) and JSON Feed 1.x with Jackson.
 */
public final class FeedReader {
    private FeedReader() {}

    /** A parsed feed. */
    public record ParsedFeed(String format, String title, String language, List<FeedItem> items) {}

    /** Whether the bytes look like a feed rather than an HTML page. */
    public static boolean looksLikeFeed(byte[] body, String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.contains("rss") || ct.contains("atom") || ct.contains("feed+json") || ct.contains("rdf")) {
            return true;
        }
        String head = Charsets.decode(body.length > 2048 ? java.util.Arrays.copyOf(body, 2048) : body, contentType)
                .stripLeading().toLowerCase(Locale.ROOT);
        return head.startsWith("<?xml") && !head.contains("<html") || head.startsWith("<rss") || head.startsWith("<feed")
                || head.startsWith("<rdf") || head.startsWith("{") && head.contains("jsonfeed.org");
    }

    public static ParsedFeed parse(byte[] body, String contentType, String baseUrl) throws MalformedFeedException {
        String text = Charsets.decode(body, contentType).stripLeading();
        if (text.startsWith("{")) {
            return parseJsonFeed(text, baseUrl);
        }
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false);
        SyndFeed feed;
        try {
            // charset already decided (header, BOM, XML declaration); hand ROME characters, not bytes
            feed = input.build(new InputSource(new StringReader(text)));
        } catch (ParsingFeedException e) {
            throw new MalformedFeedException("malformed feed: " + rootMessage(e), e.getLineNumber(), e.getColumnNumber(), e);
        } catch (FeedException | IllegalArgumentException e) {
            throw new MalformedFeedException("not a feed: " + rootMessage(e), -1, -1, e);
        }
        List<FeedItem> items = new ArrayList<>();
        String base = feed.getLink() != null ? UrlCanonicalizer.resolve(baseUrl, feed.getLink()) : baseUrl;
        for (SyndEntry e : feed.getEntries()) {
            items.add(toItem(e, base != null ? base : baseUrl));
        }
        return new ParsedFeed(feed.getFeedType(), feed.getTitle(), feed.getLanguage(), items);
    }

    private static FeedItem toItem(SyndEntry e, String base) {
        String link = e.getLink();
        if ((link == null || link.isBlank()) && e.getLinks() != null && !e.getLinks().isEmpty()) {
            link = e.getLinks().get(0).getHref();
        }
        String guid = e.getUri();
        if ((link == null || link.isBlank()) && guid != null && guid.matches("(?i)https?://.*")) {
            link = guid;
        }
        String resolved = link == null ? null : UrlCanonicalizer.resolve(base, link);
        String html = null;
        if (e.getContents() != null) {
            html = e.getContents().stream().map(SyndContent::getValue).filter(v -> v != null && !v.isBlank())
                    .collect(Collectors.joining("\n"));
        }
        if ((html == null || html.isBlank()) && e.getDescription() != null) {
            html = e.getDescription().getValue();
        }
        Instant published = e.getPublishedDate() != null ? e.getPublishedDate().toInstant()
                : e.getUpdatedDate() != null ? e.getUpdatedDate().toInstant() : null;
        String author = e.getAuthor();
        if ((author == null || author.isBlank()) && e.getAuthors() != null && !e.getAuthors().isEmpty()) {
            author = e.getAuthors().stream().map(SyndPerson::getName).filter(n -> n != null && !n.isBlank()).collect(Collectors.joining(", "));
        }
        return new FeedItem(blankToNull(guid), resolved, e.getTitle() == null ? "" : e.getTitle().strip(), html, published, blankToNull(author));
    }

    private static ParsedFeed parseJsonFeed(String text, String baseUrl) throws MalformedFeedException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new MalformedFeedException("malformed JSON feed: " + e.getOriginalMessage(), loc == null ? -1 : loc.getLineNr(),
                    loc == null ? -1 : loc.getColumnNr(), e);
        }
        if (root == null || !root.path("version").asText("").contains("jsonfeed.org") || !root.path("items").isArray()) {
            throw new MalformedFeedException("not a JSON Feed: no jsonfeed.org version or no items array", -1, -1, null);
        }
        List<FeedItem> items = new ArrayList<>();
        for (JsonNode it : root.get("items")) {
            String link = firstText(it, "url", "external_url");
            String html = firstText(it, "content_html", "content_text", "summary");
            String author = it.has("authors") ? java.util.stream.StreamSupport.stream(it.get("authors").spliterator(), false)
                    .map(a -> a.path("name").asText("")).filter(s -> !s.isBlank()).collect(Collectors.joining(", "))
                    : it.path("author").path("name").asText(null);
            items.add(new FeedItem(firstText(it, "id"), link == null ? null : UrlCanonicalizer.resolve(baseUrl, link),
                    it.path("title").asText(""), html, Dates.parse(firstText(it, "date_published", "date_modified")), blankToNull(author)));
        }
        return new ParsedFeed("json-" + root.get("version").asText(), root.path("title").asText(null), root.path("language").asText(null), items);
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

    private static String rootMessage(Throwable e) {
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
