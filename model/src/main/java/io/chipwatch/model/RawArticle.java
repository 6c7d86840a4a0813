package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * An article as ingested, on {@code articles.raw} (key: {@link #id}). The text is already extracted
 * from HTML by the ingester; enrichment normalises it further.
 *
 * @param id          stable article id: hex SHA-256 prefix of the canonical URL, or of source + guid
 * @param sourceId    id of the source in {@code sources.yaml} (or {@code archive}, {@code cli}, ...)
 * @param url         canonical URL, or null for items without a link
 * @param title       headline; empty string when the source gave none
 * @param text        main body text, plain, paragraphs separated by blank lines
 * @param author      byline or null
 * @param language    BCP-47 language tag claimed by the source (e.g. {@code en}, {@code zh}) or null
 * @param publishedAt publication time as given by the source, or null when unknown
 * @param fetchedAt   when chipwatch fetched or read it
 * @param tags        source tags from {@code sources.yaml}
 * @param contentType media type the text was extracted from, e.g. {@code text/html}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "sourceId", "url", "title", "text", "author", "language", "publishedAt", "fetchedAt", "tags", "contentType"})
public record RawArticle(
        @JsonProperty("id") String id,
        @JsonProperty("sourceId") String sourceId,
        @JsonProperty("url") String url,
        @JsonProperty("title") String title,
        @JsonProperty("text") String text,
        @JsonProperty("author") String author,
        @JsonProperty("language") String language,
        @JsonProperty("publishedAt") Instant publishedAt,
        @JsonProperty("fetchedAt") Instant fetchedAt,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("contentType") String contentType) {

    public RawArticle {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonBlank(sourceId, "sourceId");
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        tags = Checks.listOrEmpty(tags);
        if (fetchedAt == null) {
            throw new IllegalArgumentException("fetchedAt must be set");
        }
    }

    /** Event time: published time when known, otherwise fetch time. */
    public Instant eventTime() {
        return publishedAt != null ? publishedAt : fetchedAt;
    }
}
