package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A request to resend one dead-lettered delivery, on {@code alerts.retry} (key: the delivery-log key
 * {@code <channelKey>|<alertId>}, see {@link Delivery#key}). The notifier consumes it and delivers again.
 *
 * @param alertId     the alert to resend
 * @param channel     the channel key it failed on (as in {@code chipwatch.dlq.channel})
 * @param requestedAt when it was asked for
 * @param requestedBy who asked ({@code web} for the dashboard's retry button)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"alertId", "channel", "requestedAt", "requestedBy"})
public record RetryRequest(
        @JsonProperty("alertId") String alertId,
        @JsonProperty("channel") String channel,
        @JsonProperty("requestedAt") Instant requestedAt,
        @JsonProperty("requestedBy") String requestedBy) {
    public RetryRequest {
        Checks.requireNonBlank(alertId, "alertId");
        Checks.requireNonBlank(channel, "channel");
        if (requestedAt == null) {
            throw new IllegalArgumentException("requestedAt must be set");
        }
        requestedBy = requestedBy == null ? "unknown" : requestedBy;
    }

    /** The record key: the delivery-log key of the delivery to resend. */
    public String key() {
        return Delivery.key(channel, alertId);
    }
}
