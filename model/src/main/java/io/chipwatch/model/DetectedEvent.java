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
 * @param salience   {@code main} (the article's news), {@code secondary} or {@code background}; records
 *                   written before salience existed read as {@code main}, so history alerts as it did
 * @param salienceReason why, machine-readable: cues joined with {@code +}, e.g. {@code headline},
 *                   {@code lead}, {@code body}, {@code past-time:2023}, {@code lead+modal}; null on old records
 * @param parties    for {@code ENTITY_LIST}: the organisations the action adds to or removes from the list, each
 *                   with its direction, from the evidence sentence and the sentences around it that enumerate
 *                   them; empty for other types and when no party is named
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"type", "direction", "confidence", "evidence", "entities", "trigger", "salience", "salienceReason", "parties"})
public record DetectedEvent(
        @JsonProperty("type") EventType type,
        @JsonProperty("direction") EventDirection direction,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("evidence") String evidence,
        @JsonProperty("entities") List<String> entities,
        @JsonProperty("trigger") String trigger,
        @JsonProperty("salience") Salience salience,
        @JsonProperty("salienceReason") String salienceReason,
        @JsonProperty("parties") List<EventParty> parties) {

    public DetectedEvent {
        if (type == null) {
            throw new IllegalArgumentException("type must be one of " + List.of(EventType.values()));
        }
        Checks.requireRange(confidence, 0.0, 1.0, "confidence");
        Checks.requireNonBlank(evidence, "evidence");
        entities = Checks.listOrEmpty(entities);
        salience = salience == null ? Salience.MAIN : salience;
        parties = Checks.listOrEmpty(parties);
    }

    /** An event of the article's news ({@code main}, no reason given), without parties. */
    public DetectedEvent(EventType type, EventDirection direction, double confidence, String evidence, List<String> entities,
                         String trigger) {
        this(type, direction, confidence, evidence, entities, trigger, Salience.MAIN, null, List.of());
    }

    /** An event of the article's news with the parties it names. */
    public DetectedEvent(EventType type, EventDirection direction, double confidence, String evidence, List<String> entities,
                         String trigger, List<EventParty> parties) {
        this(type, direction, confidence, evidence, entities, trigger, Salience.MAIN, null, parties);
    }

    /** An event without parties, of the given salience. */
    public DetectedEvent(EventType type, EventDirection direction, double confidence, String evidence, List<String> entities,
                         String trigger, Salience salience, String salienceReason) {
        this(type, direction, confidence, evidence, entities, trigger, salience, salienceReason, List.of());
    }

    /** This event with {@code parties} instead of its own. */
    public DetectedEvent withParties(List<EventParty> newParties) {
        return new DetectedEvent(type, direction, confidence, evidence, entities, trigger, salience, salienceReason, newParties);
    }

    /** This event with another salience and reason. */
    public DetectedEvent withSalience(Salience newSalience, String reason) {
        return new DetectedEvent(type, direction, confidence, evidence, entities, trigger, newSalience, reason, parties);
    }
}
