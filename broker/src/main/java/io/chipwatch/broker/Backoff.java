package io.chipwatch.broker;

import java.util.concurrent.locks.LockSupport;

/** A short pause between polls of a condition that has its own deadline (not synchronisation). */
final class Backoff {
    private Backoff() {}

    static void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting");
        }
    }
}
