package io.chipwatch.alerts.internal;

import io.chipwatch.model.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Gathers the alerts of one story (every watch that fired on it) for a short window after the
 * first arrives, then hands them over together, so a console or {@code tail} prints one line per
 * story instead of one per watch. The alerts topology writes all watches' alerts of a story in one
 * transaction, so they arrive within milliseconds of each other; the window only has to cover that.
 * Thread-safe.
 */
public final class StoryGrouper {
    private final Duration window;
    private final LongSupplier clock;
    private final Consumer<List<Alert>> sink;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private record Pending(long firstNanos, List<Alert> alerts) {}

    /** @param clock nanoseconds ({@code System::nanoTime} outside tests) */
    public StoryGrouper(Duration window, LongSupplier clock, Consumer<List<Alert>> sink) {
        this.window = window;
        this.clock = clock;
        this.sink = sink;
    }

    /** The story an alert belongs to: its story id, else the alert itself. */
    public static String storyOf(Alert a) {
        return a.storyId() != null ? a.storyId() : a.alertId();
    }

    public void add(Alert alert) {
        synchronized (this) {
            pending.computeIfAbsent(storyOf(alert), k -> new Pending(clock.getAsLong(), new ArrayList<>())).alerts().add(alert);
        }
    }

    /** Hands over the groups whose window has passed. */
    public void flushDue() {
        flush(false);
    }

    /** Hands over every group now (at the end of a batch or on close). */
    public void flushAll() {
        flush(true);
    }

    private void flush(boolean all) {
        List<List<Alert>> due = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (all || now - p.firstNanos() >= window.toNanos()) {
                    due.add(p.alerts());
                    it.remove();
                }
            }
        }
        due.forEach(sink);
    }

    public synchronized boolean isEmpty() {
        return pending.isEmpty();
    }
}
