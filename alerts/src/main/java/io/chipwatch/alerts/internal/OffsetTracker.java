package io.chipwatch.alerts.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition the notifier may commit. Records are finished out of order (each
 * channel has its own worker), so the committable offset of a partition is its lowest unfinished
 * record, or the consumer's position when none is unfinished. Used by the poll thread only.
 */
public final class OffsetTracker {
    private final Map<TopicPartition, TreeSet<Long>> unfinished = new HashMap<>();

    public void open(TopicPartition tp, long offset) {
        unfinished.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    }

    public void finish(TopicPartition tp, long offset) {
        TreeSet<Long> set = unfinished.get(tp);
        if (set != null) {
            set.remove(offset);
        }
    }

    /** The offset to commit: the lowest unfinished one, else {@code position}. */
    public long committable(TopicPartition tp, long position) {
        TreeSet<Long> set = unfinished.get(tp);
        return set == null || set.isEmpty() ? position : Math.min(set.first(), position);
    }

    public int unfinished() {
        return unfinished.values().stream().mapToInt(TreeSet::size).sum();
    }

    public void forget(TopicPartition tp) {
        unfinished.remove(tp);
    }

    /** Forgets every partition (the poll thread starts again from the committed offsets). */
    public void clear() {
        unfinished.clear();
    }
}
