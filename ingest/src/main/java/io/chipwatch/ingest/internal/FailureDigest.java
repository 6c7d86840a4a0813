package io.chipwatch.ingest.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Source failures summed up in one log line instead of one per source: offline, sixteen sources
 * fail at once with the same reason, and sixteen warnings hide the one fact (no network). A source
 * is reported when it starts failing, when it becomes unhealthy and when it recovers; repeated
 * failures of a source already reported are not (its back-off, health and {@code sources list} say
 * more). Events are gathered until the sources have been quiet for {@code settle} (or for at most
 * {@code maxDelay}), so the first round of polls at start gives one line. Thread-safe.
 */
public final class FailureDigest {
    private final Logger log;
    private final IntSupplier sourceCount;
    private final Duration settle;
    private final Duration maxDelay;
    private final LongSupplier clock;
    private final Set<String> failing = new TreeSet<>();
    /** New failures since the last line: reason -> source -> message. */
    private final Map<String, Map<String, String>> newFailures = new TreeMap<>();
    private final Set<String> newUnhealthy = new TreeSet<>();
    private final Set<String> recovered = new TreeSet<>();
    private long firstPendingNanos = -1;
    private long lastEventNanos;

    /**
     * @param sourceCount how many sources are polled now (for "3 of 16"; sources come and go while ingest runs)
     * @param clock       nanoseconds, {@code System::nanoTime} outside tests
     */
    public FailureDigest(Logger log, IntSupplier sourceCount, Duration settle, Duration maxDelay, LongSupplier clock) {
        this.log = log;
        this.sourceCount = sourceCount;
        this.settle = settle;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** A failed fetch; only the first of a run of failures is reported. */
    public synchronized void failed(String sourceId, String reason, String message) {
        if (failing.add(sourceId)) {
            newFailures.computeIfAbsent(reason, r -> new TreeMap<>()).put(sourceId, message);
            recovered.remove(sourceId);
            touch();
        }
    }

    /** The source reached the unhealthy threshold of consecutive failures. */
    public synchronized void unhealthy(String sourceId) {
        newUnhealthy.add(sourceId);
        touch();
    }

    /** A successful fetch; reported when the source had been failing. */
    public synchronized void succeeded(String sourceId) {
        if (failing.remove(sourceId)) {
            recovered.add(sourceId);
            newFailures.values().forEach(m -> m.remove(sourceId));
            newFailures.values().removeIf(Map::isEmpty);
            newUnhealthy.remove(sourceId);
            touch();
        }
    }

    private void touch() {
        long now = clock.getAsLong();
        if (firstPendingNanos < 0) {
            firstPendingNanos = now;
        }
        lastEventNanos = now;
    }

    /** Logs the pending events when they have settled; call periodically. @return the line logged, or null */
    public synchronized String flushIfSettled() {
        if (firstPendingNanos < 0) {
            return null;
        }
        long now = clock.getAsLong();
        if (now - lastEventNanos < settle.toNanos() && now - firstPendingNanos < maxDelay.toNanos()) {
            return null;
        }
        return flush();
    }

    /** Logs whatever is pending now. @return the line logged, or null when nothing was */
    public synchronized String flush() {
        firstPendingNanos = -1;
        List<String> parts = new ArrayList<>();
        int failures = newFailures.values().stream().mapToInt(Map::size).sum();
        if (failures > 0) {
            int polled = sourceCount.getAsInt();
            boolean allUnreachable = failing.size() >= polled && newFailures.keySet().stream().allMatch(FailureDigest::network);
            StringBuilder sb = new StringBuilder();
            sb.append(failing.size()).append(" of ").append(Math.max(polled, failing.size())).append(" sources failing")
                    .append(allUnreachable ? " (no source reachable: is this machine offline?)" : "").append("; new: ");
            List<String> byReason = new ArrayList<>();
            newFailures.forEach((reason, sources) -> byReason.add(reason + " " + sources.keySet() + " (e.g. "
                    + sources.values().iterator().next() + ")"));
            sb.append(String.join("; ", byReason));
            parts.add(sb.toString());
        }
        if (!newUnhealthy.isEmpty()) {
            parts.add("UNHEALTHY now: " + newUnhealthy);
        }
        if (!recovered.isEmpty()) {
            parts.add("recovered: " + recovered);
        }
        if (parts.isEmpty()) {
            return null;
        }
        String line = String.join(". ", parts) + ". They retry with back-off; 'chipwatch sources list' shows each source.";
        if (!newUnhealthy.isEmpty()) {
            log.error(line);
        } else if (failures > 0) {
            log.warn(line);
        } else {
            log.info(line);
        }
        newFailures.clear();
        newUnhealthy.clear();
        recovered.clear();
        return line;
    }

    private static boolean network(String reason) {
        return reason.equals("unknown_host") || reason.equals("timeout") || reason.equals("io");
    }
}
