package io.chipwatch.ingest.internal;

import io.chipwatch.ingest.ArticleExtractor;
import io.chipwatch.ingest.ArticleIds;
import io.chipwatch.ingest.ExtractedArticle;
import io.chipwatch.ingest.FetchException;
import io.chipwatch.ingest.FetchResult;
import io.chipwatch.ingest.NotTextException;
import io.chipwatch.ingest.SafeHttpFetcher;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.ingest.UrlCanonicalizer;
import io.chipwatch.model.RawArticle;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fetched feed or listing page into candidate articles. Item-level failures (a full-text
 * page that cannot be fetched) are reported through {@link #problems} and never fail the source.
 */
public final class SourceReader {
    private static final Logger LOG = LoggerFactory.getLogger(SourceReader.class);
    /** Most article links followed from one listing page per poll. */
    public static final int MAX_PAGE_LINKS = 50;

    private final SafeHttpFetcher fetcher;
    private final ArticleExtractor extractor;

    public SourceReader(SafeHttpFetcher fetcher, ArticleExtractor extractor) {
        this.fetcher = fetcher;
        this.extractor = extractor;
    }

    /**
     * Candidates plus what was met on the way.
     *
     * @param itemsRead  items in the feed (links on the page)
     * @param candidates articles to publish
     * @param problems   items that failed (a full-text page that could not be fetched), each a readable reason
     * @param format     feed format (rss_2.0, atom_1.0, json-1.1 ...), or {@code html} for a page
     * @param repairs    what was wrong with the feed and repaired (empty for a clean feed and for pages)
     * @param warnings   values lost without losing the item (an impossible date)
     * @param emptyPages URLs of article pages from which no text could be extracted; their articles are
     *                   still published, with the feed summary when there is one
     */
    public record Batch(int itemsRead, List<Candidate> candidates, List<String> problems, String format, List<FeedRepair> repairs,
                        List<String> warnings, List<String> emptyPages) {
        public Batch {
            candidates = List.copyOf(candidates);
            problems = List.copyOf(problems);
            repairs = List.copyOf(repairs);
            warnings = List.copyOf(warnings);
            emptyPages = List.copyOf(emptyPages);
        }

        Batch(int itemsRead, List<Candidate> candidates, List<String> problems, List<String> emptyPages) {
            this(itemsRead, candidates, problems, "html", List.of(), List.of(), emptyPages);
        }

        /** Whether the feed needed repairs to be read. */
        public boolean recovered() {
            return !repairs.isEmpty();
        }
    }

    /** An article and the other ids it is known under (the feed link's id when the page declared another canonical URL). */
    public record Candidate(RawArticle article, String alias) {}

    /** Reads a feed. {@code isNew(sourceId, articleId)} avoids fetching pages of items already published. */
    public Batch fromFeed(SourceDefinition s, FetchResult r, BiPredicate<String, String> isNew) throws MalformedFeedException {
        FeedReader.ParsedFeed feed = FeedReader.parse(r.body(), r.contentType(), r.finalUri().toString());
        String contentType = feedContentType(feed.format(), r.contentType());
        List<Candidate> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> emptyPages = new ArrayList<>();
        Set<String> batchIds = new LinkedHashSet<>();
        Instant now = Instant.now();
        for (FeedItem item : feed.items()) {
            String guid = item.guid() != null ? item.guid() : ArticleIds.contentGuid(item.title(), String.valueOf(item.html()));
            String id = ArticleIds.of(s.id(), item.link(), guid);
            if (!batchIds.add(id) || !isNew.test(s.id(), id)) {
                continue;
            }
            String language = s.language() != null ? s.language() : feed.language();
            RawArticle a = new RawArticle(id, s.id(), item.link(), item.title(), PlainText.text(item.html()), item.author(),
                    primary(language), item.publishedAt(), now, s.tags(), contentType);
            String alias = null;
            if (s.fetchFullText() && item.link() != null) {
                try {
                    FetchResult page = fetcher.fetch(URI.create(item.link()));
                    requirePage(page);
                    ExtractedArticle x = extractor.extract(page.body(), page.contentType(), page.finalUri().toString());
                    if (x.text().isBlank()) {
                        emptyPages.add(item.link());
                        LOG.warn("source {}: no article text found on {}, publishing the feed summary instead", s.id(), item.link());
                    }
                    String canonical = x.canonicalUrl() != null ? x.canonicalUrl() : item.link();
                    String pageId = ArticleIds.of(s.id(), canonical, guid);
                    alias = pageId.equals(id) ? null : id;
                    a = new RawArticle(pageId, s.id(), canonical, item.title().isEmpty() ? x.title() : item.title(),
                            x.text().isBlank() ? a.text() : x.text(), a.author() != null ? a.author() : x.author(),
                            language != null ? primary(language) : x.language(),
                            a.publishedAt() != null ? a.publishedAt() : x.publishedAt(), now, s.tags(), "text/html");
                } catch (FetchException | IllegalArgumentException e) {
                    problems.add("full text of " + item.link() + ": " + e.getMessage());
                    LOG.warn("source {}: cannot fetch full text of {}, publishing the feed summary instead: {}", s.id(), item.link(), e.getMessage());
                }
            }
            out.add(new Candidate(PlainText.article(a), alias));
        }
        return new Batch(feed.items().size(), out, problems, feed.format(), feed.repairs(), feed.warnings(), emptyPages);
    }

    /** Reads a listing page: follows new links matched by the source's selector and extracts each article. */
    public Batch fromPage(SourceDefinition s, FetchResult r, BiPredicate<String, String> isNew) {
        Document listing = Jsoup.parse(Charsets.decode(r.body(), r.contentType()), r.finalUri().toString());
        Set<String> links = new LinkedHashSet<>();
        for (Element a : listing.select(s.selector())) {
            Element link = a.is("a[href]") ? a : a.selectFirst("a[href]");
            String url = link == null ? null : UrlCanonicalizer.canonicalize(link.absUrl("href"));
            if (url != null) {
                links.add(url);
            }
        }
        List<Candidate> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> emptyPages = new ArrayList<>();
        int followed = 0;
        for (String url : links) {
            String id = ArticleIds.forUrl(url);
            if (!isNew.test(s.id(), id)) {
                continue;
            }
            if (followed++ >= MAX_PAGE_LINKS) {
                problems.add("more than " + MAX_PAGE_LINKS + " new links; the rest wait for the next poll");
                break;
            }
            try {
                FetchResult page = fetcher.fetch(URI.create(url));
                Candidate c = fromHtml(s, page, id);
                if (c.article().text().isBlank()) {
                    emptyPages.add(url);
                    LOG.warn("source {}: no article text found on {}", s.id(), url);
                }
                out.add(c);
            } catch (FetchException | IllegalArgumentException e) {
                problems.add(url + ": " + e.getMessage());
                LOG.warn("source {}: cannot fetch article {}: {}", s.id(), url, e.getMessage());
            }
        }
        return new Batch(links.size(), out, problems, emptyPages);
    }

    /**
     * One article page.
     *
     * @throws IllegalArgumentException when the response is not a page: a non-text content type
     *         (images, archives, application/octet-stream) or a binary body ({@link NotTextException}),
     *         which would otherwise be decoded into junk text and published
     */
    public Candidate fromHtml(SourceDefinition s, FetchResult page, String linkId) {
        requirePage(page);
        ExtractedArticle x = extractor.extract(page.body(), page.contentType(), page.finalUri().toString());
        String url = x.canonicalUrl() != null ? x.canonicalUrl() : UrlCanonicalizer.canonicalize(page.finalUri().toString());
        String id = ArticleIds.of(s.id(), url, page.finalUri().toString());
        RawArticle a = new RawArticle(id, s.id(), url, x.title(), x.text(), x.author(),
                s.language() != null ? primary(s.language()) : x.language(), x.publishedAt(), Instant.now(), s.tags(), "text/html");
        return new Candidate(PlainText.article(a), linkId == null || linkId.equals(id) ? null : linkId);
    }

    /** Refuses responses that are not text: see {@link #fromHtml}. */
    static void requirePage(FetchResult page) {
        String type = page.contentType() == null ? "" : page.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
        boolean textual = type.isEmpty() || type.startsWith("text/") || type.endsWith("/xml") || type.endsWith("+xml")
                || type.equals("application/xhtml+xml");
        if (!textual) {
            throw new IllegalArgumentException("not a web page: content type " + type);
        }
        String notText = TextSniffer.whyNotText(page.body());
        if (notText != null) {
            throw new NotTextException(notText);
        }
    }

    /** The feed's media type: the header's when it names a feed or XML, else one from the format (a feed served as text/html). */
    static String feedContentType(String format, String header) {
        String type = header == null ? "" : header.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (type.contains("xml") || type.contains("rss") || type.contains("atom") || type.contains("json")) {
            return type;
        }
        String f = format == null ? "" : format.toLowerCase(Locale.ROOT);
        return f.startsWith("atom") ? "application/atom+xml" : f.startsWith("json") ? "application/feed+json" : "application/rss+xml";
    }

    /** Primary language subtag, lower case. */
    public static String primary(String language) {
        if (language == null || language.isBlank()) {
            return null;
        }
        String p = language.strip().replace('_', '-').split("-")[0].toLowerCase(Locale.ROOT);
        return p.matches("[a-z]{2,3}") ? p : null;
    }
}
