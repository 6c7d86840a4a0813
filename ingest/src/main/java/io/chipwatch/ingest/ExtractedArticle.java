package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * What {@link ArticleExtractor} found in one HTML page.
 *
 * @param title        headline, empty when none was found
 * @param text         main text, plain, paragraphs separated by blank lines; empty when none was found
 * @param publishedAt  publication time or null
 * @param author       byline or null
 * @param language     primary language subtag, lower case ({@code en}, {@code zh}), or null
 * @param canonicalUrl canonical URL ({@code <link rel=canonical>} first), canonicalised, or null
 */
@JsonPropertyOrder({"title", "text", "publishedAt", "author", "language", "canonicalUrl"})
public record ExtractedArticle(
        @JsonProperty("title") String title,
        @JsonProperty("text") String text,
        @JsonProperty("publishedAt") Instant publishedAt,
        @JsonProperty("author") String author,
        @JsonProperty("language") String language,
        @JsonProperty("canonicalUrl") String canonicalUrl) {
    public ExtractedArticle {
        title = title == null ? "" : title;
        text = text == null ? "" : text;
    }
}
