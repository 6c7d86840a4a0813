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
 * @param parties    for {@code ENTITY_LIST}: the organisations the action adds to or removes from the list, each
 *                   with its direction, from the evidence sentence and the sentences around it that enumerate
 *                   them; empty for other types and when no party is named
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"type", "direction", "confidence", "evidence", "entities", "trigger", "parties"})
public record DetectedEvent(
        @JsonProperty("type") EventType type,
        @JsonProperty("direction") EventDirection direction,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("evidence") String evidence,
        @JsonProperty("entities") List<String> entities,
        @JsonProperty("trigger") String trigger,
        @JsonProperty("parties") List<EventParty> parties) {

    public DetectedEvent {
        if (type == null) {
            throw new IllegalArgumentException("type must be one of " + List.of(EventType.values()));
        }
        Checks.requireRange(confidence, 0.0, 1.0, "confidence");
        Checks.requireNonBlank(evidence, "evidence");
        entities = Checks.listOrEmpty(entities);
        parties = Checks.listOrEmpty(parties);
    }

    /** An event without parties. */
    public DetectedEvent(EventType type, EventDirection direction, double confidence, String evidence,
                         List<String> entities, String trigger) {
        this(type, direction, confidence, evidence, entities, trigger, List.of());
    }

    /** This event with {@code parties} instead of its own. */
    public DetectedEvent withParties(List<EventParty> newParties) {
        return new DetectedEvent(type, direction, confidence, evidence, entities, trigger, newParties);
    }
}
