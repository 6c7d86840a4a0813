package io.chipwatch.ingest;

import io.chipwatch.ingest.internal.FeedReader;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.ingest.internal.MalformedFeedException;
import io.chipwatch.ingest.internal.SourceReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One-shot fetches for the CLI, through the same safe fetcher as the service, publishing nothing:
 * {@link #check} for {@code chipwatch sources check URL} and {@link #extract} for {@code chipwatch extract}.
 */
public final class SourceChecker implements AutoCloseable {
    private final SafeHttpFetcher fetcher;
    private final ArticleExtractor extractor = new ArticleExtractor();
    private final SourceReader reader;

    public SourceChecker(SafeHttpFetcher.Options options) {
        this.fetcher = new SafeHttpFetcher(options);
        this.reader = new SourceReader(fetcher, extractor);
    }

    public SourceChecker(IngestConfig config) {
        this(config.fetchOptions());
    }

    /** Fetches once and returns what would be published; never throws for bad input, reports it in problems. */
    public CheckResult check(String url) {
        List<String> problems = new ArrayList<>();
        String id = "check";
        FetchResult r;
        try {
            r = fetcher.fetch(URI.create(url.strip()));
        } catch (FetchException e) {
            return new CheckResult(url, null, e.status(), null, null, List.of(), List.of(e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new CheckResult(url, null, 0, null, null, List.of(), List.of("not a URL: " + e.getMessage()));
        }
        if (FeedReader.looksLikeFeed(r.body(), r.contentType())) {
            SourceDefinition s = SourceDefinition.feed(id, url.strip());
            try {
                SourceReader.Batch b = reader.fromFeed(s, r, (src, a) -> true);
                problems.addAll(b.problems());
                b.emptyPages().forEach(u -> problems.add(u + ": " + ExtractRecord.NO_TEXT));
                List<String> warnings = new ArrayList<>();
                b.repairs().forEach(x -> warnings.add("recovered: " + x.detail()));
                warnings.addAll(b.warnings());
                return new CheckResult(url, r.finalUri().toString(), r.status(), "feed", b.format(),
                        b.candidates().stream().map(SourceReader.Candidate::article).toList(), problems, b.recovered(), warnings);
            } catch (MalformedFeedException e) {
                problems.add(e.getMessage());
                return new CheckResult(url, r.finalUri().toString(), r.status(), "feed", null, List.of(), problems);
            }
        }
        SourceReader.Candidate c;
        try {
            c = reader.fromHtml(SourceDefinition.feed(id, url.strip()), r, null);
        } catch (IllegalArgumentException e) {
            return new CheckResult(url, r.finalUri().toString(), r.status(), "page", null, List.of(), List.of(e.getMessage()));
        }
        if (c.article().text().isBlank()) {
            problems.add(ExtractRecord.NO_TEXT + " on the page");
        }
        return new CheckResult(url, r.finalUri().toString(), r.status(), "page", "html", List.of(c.article()), problems);
    }

    /**
     * For {@code chipwatch extract}: a file ({@code .gz} read decompressed) or an http(s) URL fetched
     * safely, extracted as one article.
     *
     * @throws java.io.IOException when the file cannot be read or the URL cannot be fetched (message says why)
     */
    public ExtractRecord extract(String input) throws java.io.IOException {
        return ExtractRecord.of(input, fetcher, extractor);
    }


    @Override
    public void close() {
        fetcher.close();
    }
}
