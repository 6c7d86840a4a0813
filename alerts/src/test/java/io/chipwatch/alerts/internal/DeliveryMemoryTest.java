package io.chipwatch.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.Delivery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryMemoryTest {
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    private static Delivery delivered(String alert, int partition, long offset) {
        return new Delivery(alert, "file:/a.jsonl", Delivery.DELIVERED, 1, AT, null, partition, offset, null);
    }

    private static Delivery deadLettered(String alert, int partition, long offset) {
        return new Delivery(alert, "webhook:http://h/x", Delivery.DEAD_LETTERED, 3, AT, "HTTP 500", partition, offset, null);
    }

    @Test
    void shouldForgetDeliveriesOfCommittedAlertsButKeepDeadLettersAndResends() {
        DeliveryMemory m = new DeliveryMemory(1_000);
        m.record(delivered("a1", 0, 10));
        m.record(delivered("a2", 0, 20));
        m.record(deadLettered("a1", 0, 10));
        m.record(new Delivery("a3", "file:/a.jsonl", Delivery.DELIVERED, 1, AT, null, 0, 5L, "web"));
        m.committed(0, 15);
        assertThat(m.handled("file:/a.jsonl|a1")).as("committed: never read again").isFalse();
        assertThat(m.handled("file:/a.jsonl|a2")).as("not committed yet: a restart reads it again").isTrue();
        assertThat(m.get("webhook:http://h/x|a1").delivered()).isFalse();
        assertThat(m.get("file:/a.jsonl|a3").delivered()).as("a resend stays, so a repeated request is refused").isTrue();
    }

    @Test
    void shouldNotRememberAnEntryOfAnAlreadyCommittedAlertReadBackFromTheLog() {
        DeliveryMemory m = new DeliveryMemory(1_000);
        m.committed(1, 100);
        m.record(delivered("a1", 1, 99));
        m.record(delivered("a2", 1, 100));
        m.record(delivered("a3", 0, 7));
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.handled("file:/a.jsonl|a2")).isTrue();
        assertThat(m.handled("file:/a.jsonl|a3")).isTrue();
    }

    @Test
    void shouldStayWithinItsSizeDroppingTheOldestFirst() {
        DeliveryMemory m = new DeliveryMemory(100);
        for (int i = 0; i < 10_000; i++) {
            m.record(deadLettered("a" + i, 0, i));
        }
        assertThat(m.size()).isEqualTo(100);
        assertThat(m.evicted()).isEqualTo(9_900);
        assertThat(m.handled("webhook:http://h/x|a9999")).isTrue();
        assertThat(m.handled("webhook:http://h/x|a0")).isFalse();
    }

    @Test
    void shouldLetALaterOutcomeReplaceAnEarlierOneAndATombstoneRemoveIt() {
        DeliveryMemory m = new DeliveryMemory(100);
        m.record(deadLettered("a1", 0, 1));
        m.record(new Delivery("a1", "webhook:http://h/x", Delivery.DELIVERED, 1, AT, null, 0, 1L, "cli"));
        assertThat(m.get("webhook:http://h/x|a1").delivered()).isTrue();
        m.forget("webhook:http://h/x|a1");
        assertThat(m.handled("webhook:http://h/x|a1")).isFalse();
    }

    @Test
    void shouldKeepOldEntriesWithoutAPositionUntilTheLimit() {
        DeliveryMemory m = new DeliveryMemory(100);
        m.record(new Delivery("old", "console:text", Delivery.DELIVERED, 1, AT, null));
        m.committed(0, 1_000_000);
        assertThat(m.handled("console:text|old")).isTrue();
    }
}
