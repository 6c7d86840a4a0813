package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An event reported by an article, with the sentence that proves it.
 *
 * @param type       event type
 * @param direction  which way it goes, or null where direction does not apply or is unclear
 * @param confidence 0..1
 * @param evidence   the evidence sentence, as it appears in the article
 * @param entities   ids of the entities mentioned in the evidence sentence
 * @param trigger    the trigger phrase that fired the rule
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"type", "direction", "confidence", "evidence", "entities", "trigger"})
public record DetectedEvent(
        @JsonProperty("type") EventType type,
        @JsonProperty("direction") EventDirection direction,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("evidence") String evidence,
        @JsonProperty("entities") List<String> entities,
        @JsonProperty("trigger") String trigger) {

    public DetectedEvent {
        if (type == null) {
            throw new IllegalArgumentException("type must be one of " + List.of(EventType.values()));
        }
        Checks.requireRange(confidence, 0.0, 1.0, "confidence");
        Checks.requireNonBlank(evidence, "evidence");
        entities = Checks.listOrEmpty(entities);
    }
}
