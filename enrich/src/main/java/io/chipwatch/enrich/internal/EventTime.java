package io.chipwatch.enrich.internal;

import java.time.Duration;
import java.time.Instant;

/** The event time the enrich topology gives an article (its record timestamp from the enrich step on). */
public final class EventTime {
    /** A published time further ahead of the fetch time than this is not trusted as event time. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofHours(1);

    private EventTime() {}

    /** Published time, unless missing or implausibly far in the future; then fetch time (epoch ms). */
    public static long of(Instant published, Instant fetched) {
        if (published == null || published.isAfter(fetched.plus(MAX_FUTURE_SKEW))) {
            return fetched.toEpochMilli();
        }
        return published.toEpochMilli();
    }
}
