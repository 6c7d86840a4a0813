package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

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
 * @param recovered           whether the feed, as last read, was broken and had to be repaired (its good items were still
 *                            published); false for clean feeds, pages and records written before this field existed
 * @param warnings            what was repaired in the last read feed ("3 bare &amp; escaped", "DOCTYPE dropped unread ...")
 *                            and values it lost ("item 4: unreadable or impossible date '32 Jan 2024 25:61' ignored"); empty when clean
 * @param warningCount        item warnings since start: items that could not be read and article pages without text
 *                            (published anyway), counted in fetches that themselves succeeded
 * @param lastWarning         the latest of them, for example {@code https://x.example/a: no article text found},
 *                            or null; kept until a newer warning replaces it (see {@code lastWarningAt})
 * @param lastWarningAt       when {@code lastWarning} was seen, or null
 */
@JsonPropertyOrder({"sourceId", "status", "lastFetch", "lastSuccess", "lastError", "consecutiveFailures", "itemsSeen", "itemsPublished", "nextFetch",
        "recovered", "warnings", "warningCount", "lastWarning", "lastWarningAt"})
public record SourceHealth(String sourceId, Status status, Instant lastFetch, Instant lastSuccess, String lastError,
                           int consecutiveFailures, long itemsSeen, long itemsPublished, Instant nextFetch, boolean recovered,
                           List<String> warnings, long warningCount, String lastWarning, Instant lastWarningAt) {
    /** Most warnings kept per source. */
    public static final int MAX_WARNINGS = 20;

    public SourceHealth {
        warnings = warnings == null ? List.of() : List.copyOf(warnings.subList(0, Math.min(warnings.size(), MAX_WARNINGS)));
    }

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
