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
 * @param warnings            warnings since start: items that could not be read and article pages without text
 *                            (published anyway), counted in fetches that themselves succeeded
 * @param lastWarning         the latest of them, for example {@code https://x.example/a: no article text found},
 *                            or null; kept until a newer warning replaces it (see {@code lastWarningAt})
 * @param lastWarningAt       when {@code lastWarning} was seen, or null
 */
@JsonPropertyOrder({"sourceId", "status", "lastFetch", "lastSuccess", "lastError", "consecutiveFailures", "itemsSeen", "itemsPublished",
        "nextFetch", "warnings", "lastWarning", "lastWarningAt"})
public record SourceHealth(String sourceId, Status status, Instant lastFetch, Instant lastSuccess, String lastError,
                           int consecutiveFailures, long itemsSeen, long itemsPublished, Instant nextFetch,
                           long warnings, String lastWarning, Instant lastWarningAt) {
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
