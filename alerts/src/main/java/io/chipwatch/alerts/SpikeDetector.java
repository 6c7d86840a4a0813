package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.AlertIds;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pure spike rule: an entity's mentions in the window ending at the latest trend window are at least
 * {@code factor} times the average of the {@code baselineWindows} windows before it, and at least
 * {@code min}. Windows without data count as zero. One spike alert per watch and window.
 */
public final class SpikeDetector {
    private SpikeDetector() {}

    /**
     * @param history the entity's trend windows (latest value per window start), any order
     * @param latest  the trend update being evaluated; the rule's window ends at its window end
     */
    public static Optional<Alert> evaluate(Watch watch, Collection<EntityTrend> history, EntityTrend latest, Instant now) {
        Watch.SpikeRule rule = watch.spike();
        if (rule == null || !watch.isEnabled() || !rule.entity().equals(latest.entityId()) || latest.windowEnd() == null) {
            return Optional.empty();
        }
        Instant end = latest.windowEnd();
        Instant start = end.minus(rule.window());
        long current = sum(history, start, end);
        double baseline = 0;
        for (int i = 1; i <= rule.baselineWindows(); i++) {
            Duration shift = rule.window().multipliedBy(i);
            baseline += sum(history, start.minus(shift), end.minus(shift));
        }
        baseline /= rule.baselineWindows();
        if (current < rule.min() || current < rule.factor() * baseline) {
            return Optional.empty();
        }
        String reason = String.format(Locale.ROOT, "spike: %s had %d mentions in %s to %s, %.1fx its baseline of %.1f, matched watch \"%s\"",
                rule.entity(), current, start, end, baseline == 0 ? Double.POSITIVE_INFINITY : current / baseline, baseline, watch.name());
        return Optional.of(new Alert(AlertIds.of(watch.id(), "spike|" + start), watch.id(), watch.name(), watch.severity(),
                Alert.SPIKE, now, null, List.of(new Alert.EntityRef(rule.entity(), rule.entity(), null)), List.of(), null,
                reason, null, List.of()));
    }

    private static long sum(Collection<EntityTrend> history, Instant from, Instant to) {
        long n = 0;
        for (EntityTrend t : history) {
            if (t.windowStart() != null && t.windowEnd() != null && !t.windowStart().isBefore(from) && !t.windowEnd().isAfter(to)) {
                n += t.mentions();
            }
        }
        return n;
    }
}
