package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A party of an {@code ENTITY_LIST} event: an organisation the action adds to or removes from a list.
 *
 * @param name      the name as the article writes it (the longest form found)
 * @param entityId  the entity's id in the article's {@code entities}: a gazetteer id, or {@code org:...} for an
 *                  organisation the gazetteer does not know
 * @param known     false when {@code entityId} is an unknown organisation's
 * @param direction {@code ADDED} or {@code REMOVED}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "entityId", "known", "direction"})
public record EventParty(
        @JsonProperty("name") String name,
        @JsonProperty("entityId") String entityId,
        @JsonProperty("known") boolean known,
        @JsonProperty("direction") EventDirection direction) {

    public EventParty {
        Checks.requireNonBlank(name, "name");
        Checks.requireNonBlank(entityId, "entityId");
        if (direction != EventDirection.ADDED && direction != EventDirection.REMOVED) {
            throw new IllegalArgumentException("direction must be one of " + List.of(EventDirection.ADDED,
                    EventDirection.REMOVED) + ", got " + direction);
        }
    }
}
