package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * An alert, on {@code alerts} (key: watch id) and on {@code alerts.<watchId>} (key: alert id).
 *
 * @param alertId     derived from watch id and story id, so one story alerts once per watch
 * @param watchId     the watch that fired
 * @param watchName   its display name
 * @param severity    the watch's severity
 * @param kind        {@code match} (an article matched), {@code spike}, or {@code digest}
 * @param triggeredAt when the decision was made
 * @param article     the article that triggered it (for a digest: the latest one)
 * @param entities    entities of the article that the watch cares about (all, when it names none)
 * @param events      events that matched the watch's event filter
 * @param evidence    the best evidence sentence, or the lead sentence when no event was required
 * @param reason      one readable line saying why it matched
 * @param storyId     story id of the article
 * @param digestOf    for a digest: the articles folded into it; empty otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"alertId", "watchId", "watchName", "severity", "kind", "triggeredAt", "article", "entities",
        "events", "evidence", "reason", "storyId", "digestOf"})
public record Alert(
        @JsonProperty("alertId") String alertId,
        @JsonProperty("watchId") String watchId,
        @JsonProperty("watchName") String watchName,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("kind") String kind,
        @JsonProperty("triggeredAt") Instant triggeredAt,
        @JsonProperty("article") ArticleRef article,
        @JsonProperty("entities") List<EntityRef> entities,
        @JsonProperty("events") List<DetectedEvent> events,
        @JsonProperty("evidence") String evidence,
        @JsonProperty("reason") String reason,
        @JsonProperty("storyId") String storyId,
        @JsonProperty("digestOf") List<ArticleRef> digestOf) {

    public static final String MATCH = "match";
    public static final String SPIKE = "spike";
    public static final String DIGEST = "digest";

    public Alert {
        Checks.requireNonBlank(alertId, "alertId");
        Checks.requireNonBlank(watchId, "watchId");
        watchName = watchName == null ? watchId : watchName;
        severity = severity == null ? Severity.MEDIUM : severity;
        kind = kind == null ? MATCH : kind;
        if (triggeredAt == null) {
            throw new IllegalArgumentException("triggeredAt must be set");
        }
        entities = Checks.listOrEmpty(entities);
        events = Checks.listOrEmpty(events);
        reason = reason == null ? "" : reason;
        digestOf = Checks.listOrEmpty(digestOf);
    }

    /** The article an alert points at. */
    @JsonPropertyOrder({"id", "url", "title", "source", "publishedAt"})
    public record ArticleRef(
            @JsonProperty("id") String id,
            @JsonProperty("url") String url,
            @JsonProperty("title") String title,
            @JsonProperty("source") String source,
            @JsonProperty("publishedAt") Instant publishedAt) {
        public ArticleRef {
            Checks.requireNonBlank(id, "article.id");
        }

        public static ArticleRef of(EnrichedArticle a) {
            return new ArticleRef(a.id(), a.url(), a.title(), a.sourceId(), a.publishedAt());
        }
    }

    /** An entity named in an alert. */
    @JsonPropertyOrder({"id", "name", "type"})
    public record EntityRef(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("type") EntityType type) {
        public static EntityRef of(TaggedEntity e) {
            return new EntityRef(e.id(), e.name(), e.type());
        }
    }
}
