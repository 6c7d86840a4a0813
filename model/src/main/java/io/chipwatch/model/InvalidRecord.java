package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A record on a compacted definitions topic ({@code watches}, {@code sources}) that could not be used: unreadable bytes,
 * wrong JSON, a key that differs from the id, an invalid value. It never switches the definition off: the last valid
 * version under the same key stays in service, and listings show this beside it.
 *
 * @param reason    why it was refused, readable
 * @param topic     topic it was read from
 * @param partition partition
 * @param offset    offset
 * @param timestamp record timestamp
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"reason", "topic", "partition", "offset", "timestamp"})
public record InvalidRecord(
        @JsonProperty("reason") String reason,
        @JsonProperty("topic") String topic,
        @JsonProperty("partition") int partition,
        @JsonProperty("offset") long offset,
        @JsonProperty("timestamp") Instant timestamp) {
    public InvalidRecord {
        Checks.requireNonBlank(reason, "reason");
    }

    /** Where it is, for log lines: {@code topic-partition@offset}. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
