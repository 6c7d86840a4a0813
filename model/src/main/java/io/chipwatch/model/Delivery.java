package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One entry of the delivery log, the compacted {@code alerts.delivered} topic
 * (key: {@code <channelKey>|<alertId>}): a restarted notifier skips what was delivered, and the
 * latest entry of a key says whether that delivery is done or dead-lettered (and can be resent).
 *
 * @param alertId        the alert
 * @param channel        channel key, see {@link Channel#key()}
 * @param outcome        {@code delivered} or {@code dead-lettered}
 * @param attempts       attempts made
 * @param at             when the outcome was reached
 * @param detail         last error for a dead letter, else null
 * @param alertPartition partition of the alert on the alerts topic, or null (entries written before it was recorded)
 * @param alertOffset    offset of the alert on the alerts topic, or null; with the partition, where a resend finds it
 * @param requestedBy    for the outcome of a resend: who asked for it ({@code cli}, {@code web}), else null
 */
@JsonPropertyOrder({"alertId", "channel", "outcome", "attempts", "at", "detail", "alertPartition", "alertOffset", "requestedBy"})
public record Delivery(
        @JsonProperty("alertId") String alertId,
        @JsonProperty("channel") String channel,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("at") Instant at,
        @JsonProperty("detail") String detail,
        @JsonProperty("alertPartition") Integer alertPartition,
        @JsonProperty("alertOffset") Long alertOffset,
        @JsonProperty("requestedBy") String requestedBy) {
    public static final String DELIVERED = "delivered";
    public static final String DEAD_LETTERED = "dead-lettered";

    public Delivery {
        Checks.requireNonBlank(alertId, "alertId");
        Checks.requireNonBlank(channel, "channel");
        Checks.requireNonBlank(outcome, "outcome");
    }

    /** An entry without the alert's position (as written before it was recorded). */
    public Delivery(String alertId, String channel, String outcome, int attempts, Instant at, String detail) {
        this(alertId, channel, outcome, attempts, at, detail, null, null, null);
    }

    /** The record key on the delivery log. */
    @JsonIgnore
    public String key() {
        return key(channel, alertId);
    }

    @JsonIgnore
    public boolean isDeadLettered() {
        return DEAD_LETTERED.equals(outcome);
    }

    public static String key(String channelKey, String alertId) {
        return channelKey + "|" + alertId;
    }
}
