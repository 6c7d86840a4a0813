package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chipwatch.ingest.internal.PlainText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * One line of {@code chipwatch extract} output.
 *
 * @param source      the input as given (file path or URL)
 * @param title       headline or empty
 * @param publishedAt publication time or null
 * @param author      byline or null
 * @param language    primary language subtag or null
 * @param url         canonical URL or null
 * @param text        main text, paragraphs separated by blank lines; empty when none was found
 * @param warning     why the record is incomplete ({@value #NO_TEXT} when the page has no article text), or null
 */
@JsonPropertyOrder({"source", "title", "publishedAt", "author", "language", "url", "text", "warning"})
public record ExtractRecord(
        @JsonProperty("source") String source,
        @JsonProperty("title") String title,
        @JsonProperty("publishedAt") Instant publishedAt,
        @JsonProperty("author") String author,
        @JsonProperty("language") String language,
        @JsonProperty("url") String url,
        @JsonProperty("text") String text,
        @JsonProperty("warning") String warning) {
    /** The warning of a page from which no article text could be extracted. */
    public static final String NO_TEXT = "no article text found";

    /**
     * Extracts one input: an http(s) URL fetched safely, or a file ({@code .gz} read decompressed).
     *
     * @throws IOException       when the file cannot be read ({@code no such file: PATH}) or the URL cannot be fetched
     * @throws NotTextException  when the input is binary, not a page
     */
    static ExtractRecord of(String input, SafeHttpFetcher fetcher, ArticleExtractor extractor) throws IOException {
        String lower = input.strip().toLowerCase(Locale.ROOT);
        ExtractedArticle x;
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            FetchResult r = fetcher.fetch(URI.create(input.strip()));
            x = extractor.extract(r.body(), r.contentType(), r.finalUri().toString());
        } else {
            Path p = Path.of(input);
            byte[] bytes;
            try (InputStream raw = Files.newInputStream(p);
                 InputStream in = lower.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, fetcher.options().maxBodyBytes() + 1));
            } catch (NoSuchFileException e) {
                throw new IOException("no such file: " + input, e);
            } catch (AccessDeniedException e) {
                throw new IOException("permission denied: " + input, e);
            }
            if (bytes.length > fetcher.options().maxBodyBytes()) {
                throw new IOException(input + " is larger than " + fetcher.options().maxBodyBytes() + " bytes after decompression");
            }
            x = extractor.extract(bytes, p.toUri().toString());
            if (x.canonicalUrl() != null && x.canonicalUrl().startsWith("file:")) {
                x = new ExtractedArticle(x.title(), x.text(), x.publishedAt(), x.author(), x.language(), null);
            }
        }
        String author = PlainText.line(x.author());
        String text = PlainText.text(x.text());
        return new ExtractRecord(input, PlainText.line(x.title()), x.publishedAt(), author == null || author.isEmpty() ? null : author,
                x.language(), x.canonicalUrl(), text, text.isBlank() ? NO_TEXT : null);
    }
}
