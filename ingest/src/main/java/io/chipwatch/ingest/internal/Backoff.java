package io.chipwatch.ingest.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delay after the n-th consecutive failure: the larger of the first back-off and the source interval,
 * doubled per further failure, capped, with ±25% jitter so sources that failed together do not retry
 * together. A server's Retry-After wins when it asks for longer (capped too).
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    public Duration next(int failures, Duration interval, Duration retryAfter) {
        if (retryAfter != null) {
            Duration wait = retryAfter.compareTo(interval) > 0 ? retryAfter : interval;
            return wait.compareTo(max) > 0 ? max : wait;
        }
        long base = Math.max(initial.toMillis(), interval.toMillis());
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        double raw = Math.min((double) max.toMillis(), base * Math.pow(2, shift));
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis((long) Math.min(max.toMillis(), raw * jitter));
    }
}
