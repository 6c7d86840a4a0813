package io.chipwatch.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private final TopicPartition tp = new TopicPartition("alerts", 0);

    @Test
    void shouldCommitOnlyUpToTheFirstRecordStillBeingDelivered() {
        OffsetTracker t = new OffsetTracker();
        t.open(tp, 3);
        t.open(tp, 4);
        t.open(tp, 7);
        assertThat(t.committable(tp, 8)).isEqualTo(3);
        t.finish(tp, 4);
        t.finish(tp, 7);
        assertThat(t.committable(tp, 8)).as("a slow channel still holds offset 3").isEqualTo(3);
        t.finish(tp, 3);
        assertThat(t.committable(tp, 9)).isEqualTo(9);
        assertThat(t.unfinished()).isZero();
    }

    @Test
    void shouldCommitThePositionOfAPartitionItNeverSaw() {
        assertThat(new OffsetTracker().committable(tp, 42)).isEqualTo(42);
    }
}
