package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * An article after enrichment, on {@code articles.enriched} (key: {@link #id}).
 *
 * @param id           article id (same as on {@code articles.raw})
 * @param storyId      id of the story this article reports; equals the id of the story's first article
 * @param firstInStory true for the first article seen of a story; alerts fire on these
 * @param duplicateOf  id of the story's first article when this one is a duplicate, else null
 * @param sourceId     source id
 * @param url          canonical URL or null
 * @param title        normalised title
 * @param text         normalised text (NFKC); mention offsets index into it
 * @param language     detected language ({@code en}, {@code zh}, ...) or null when unknown
 * @param tags         source tags
 * @param publishedAt  publication time or null
 * @param fetchedAt    fetch time
 * @param enrichedAt   when enrichment ran
 * @param entities     entities found, most salient first
 * @param events       events found, most confident first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "storyId", "firstInStory", "duplicateOf", "sourceId", "url", "title", "text", "language",
        "tags", "publishedAt", "fetchedAt", "enrichedAt", "entities", "events"})
public record EnrichedArticle(
        @JsonProperty("id") String id,
        @JsonProperty("storyId") String storyId,
        @JsonProperty("firstInStory") boolean firstInStory,
        @JsonProperty("duplicateOf") String duplicateOf,
        @JsonProperty("sourceId") String sourceId,
        @JsonProperty("url") String url,
        @JsonProperty("title") String title,
        @JsonProperty("text") String text,
        @JsonProperty("language") String language,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("publishedAt") Instant publishedAt,
        @JsonProperty("fetchedAt") Instant fetchedAt,
        @JsonProperty("enrichedAt") Instant enrichedAt,
        @JsonProperty("entities") List<TaggedEntity> entities,
        @JsonProperty("events") List<DetectedEvent> events) {

    public EnrichedArticle {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonBlank(storyId, "storyId");
        Checks.requireNonBlank(sourceId, "sourceId");
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        tags = Checks.listOrEmpty(tags);
        entities = Checks.listOrEmpty(entities);
        events = Checks.listOrEmpty(events);
    }

    /** Event time: published time when known, otherwise fetch time. */
    public Instant eventTime() {
        return publishedAt != null ? publishedAt : fetchedAt;
    }
}
