package io.chipwatch.alerts.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chipwatch.model.EntityTrend;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The latest trend windows of one entity (latest count per window start), newest last, bounded. */
public record TrendHistory(@JsonProperty("windows") List<EntityTrend> windows) {
    public TrendHistory {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    TrendHistory with(EntityTrend t, int max) {
        List<EntityTrend> all = Stream.concat(windows.stream().filter(w -> !w.windowStart().equals(t.windowStart())), Stream.of(t))
                .sorted(Comparator.comparing(EntityTrend::windowStart)).toList();
        return new TrendHistory(all.size() > max ? all.subList(all.size() - max, all.size()) : all);
    }
}
