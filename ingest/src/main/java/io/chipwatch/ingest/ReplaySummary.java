package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What a replay did.
 *
 * @param filesRead       archive files read
 * @param published       articles published
 * @param skippedSeen     articles skipped because their id was already published from their source
 * @param skippedByDate   articles outside {@code --since}/{@code --until} (or without a date when a bound is given)
 * @param failed          files or articles that failed, with reasons
 */
@JsonPropertyOrder({"filesRead", "published", "skippedSeen", "skippedByDate", "failed"})
public record ReplaySummary(long filesRead, long published, long skippedSeen, long skippedByDate, List<Failure> failed) {
    public ReplaySummary {
        failed = List.copyOf(failed);
    }

    /** A file (and line or item, when known) that could not be replayed, and why. */
    public record Failure(String file, String reason) {}
}
