package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * Mention count of one entity in one event-time window, on {@code entity.trends} (key: entity id).
 * Counts are updated as late articles arrive, so a consumer keeps the latest value per
 * (entityId, windowStart).
 *
 * @param entityId    gazetteer id
 * @param windowStart window start, inclusive
 * @param windowEnd   window end, exclusive
 * @param articles    number of first-in-story articles mentioning it in the window
 * @param mentions    total mentions in those articles
 */
@JsonPropertyOrder({"entityId", "windowStart", "windowEnd", "articles", "mentions"})
public record EntityTrend(
        @JsonProperty("entityId") String entityId,
        @JsonProperty("windowStart") Instant windowStart,
        @JsonProperty("windowEnd") Instant windowEnd,
        @JsonProperty("articles") long articles,
        @JsonProperty("mentions") long mentions) {
    public EntityTrend {
        Checks.requireNonBlank(entityId, "entityId");
    }
}
