package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One entry of the delivery log, the compacted {@code alerts.delivered} topic
 * (key: {@code <channelKey>|<alertId>}): a restarted notifier skips what was delivered.
 *
 * @param alertId     the alert
 * @param channel     channel key, see {@link Channel#key()}
 * @param outcome     {@code delivered} or {@code dead-lettered}
 * @param attempts    attempts made
 * @param at          when the outcome was reached
 * @param detail      last error for a dead letter, else null
 */
@JsonPropertyOrder({"alertId", "channel", "outcome", "attempts", "at", "detail"})
public record Delivery(
        @JsonProperty("alertId") String alertId,
        @JsonProperty("channel") String channel,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("at") Instant at,
        @JsonProperty("detail") String detail) {
    public static final String DELIVERED = "delivered";
    public static final String DEAD_LETTERED = "dead-lettered";

    public Delivery {
        Checks.requireNonBlank(alertId, "alertId");
        Checks.requireNonBlank(channel, "channel");
        Checks.requireNonBlank(outcome, "outcome");
    }

    public static String key(String channelKey, String alertId) {
        return channelKey + "|" + alertId;
    }
}
