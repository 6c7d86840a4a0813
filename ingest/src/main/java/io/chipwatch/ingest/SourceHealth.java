package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A snapshot of one source's state for {@code chipwatch sources list}.
 *
 * @param sourceId            source id
 * @param status              health
 * @param lastFetch           when it was last fetched (success or not), or null
 * @param lastSuccess         when a fetch last succeeded (200 or 304), or null
 * @param lastError           last error message, or null after a success
 * @param consecutiveFailures failures since the last success
 * @param itemsSeen           items read from the source since start
 * @param itemsPublished      articles published since start
 * @param nextFetch           when the next fetch is scheduled, or null
 */
@JsonPropertyOrder({"sourceId", "status", "lastFetch", "lastSuccess", "lastError", "consecutiveFailures", "itemsSeen", "itemsPublished", "nextFetch"})
public record SourceHealth(String sourceId, Status status, Instant lastFetch, Instant lastSuccess, String lastError,
                           int consecutiveFailures, long itemsSeen, long itemsPublished, Instant nextFetch) {
    /** Health of a source. */
    public enum Status {
        /** Not fetched yet. */
        PENDING,
        /** Last fetch succeeded, or fewer failures than the unhealthy threshold. */
        HEALTHY,
        /** Failing, but under the threshold. */
        DEGRADED,
        /** At least {@code source.unhealthy.after.failures} consecutive failures. */
        UNHEALTHY,
        /** Disabled in sources.yaml or not pollable (archives). */
        DISABLED
    }
}
