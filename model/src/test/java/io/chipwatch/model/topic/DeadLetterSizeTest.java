package io.chipwatch.model.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by PoisonRecordsIT): a dead letter is the original record plus headers, so a
 * near-limit input did not fit the dead-letter topic or the alerts producer's 1 MiB default, and the
 * stream thread failed on it forever. Dead-letter topics must take more than any input topic.
 */
class DeadLetterSizeTest {
    @Test
    void shouldLetDeadLetterTopicsHoldTheLargestInputPlusHeaders() {
        for (Topic<?, ?> dlq : List.of(Topics.ARTICLES_DLQ, Topics.ALERTS_DLQ)) {
            int limit = Integer.parseInt(dlq.configs().get("max.message.bytes"));
            assertThat(limit).as(dlq.name()).isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES + 512 * 1024);
            assertThat(Topics.PRODUCER_MAX_REQUEST_BYTES).isGreaterThan(limit);
        }
        for (Topic<?, ?> input : List.of(Topics.ARTICLES_RAW, Topics.ARTICLES_ENRICHED, Topics.WATCHES, Topics.ENTITY_TRENDS)) {
            assertThat(Integer.parseInt(input.configs().get("max.message.bytes"))).as(input.name())
                    .isLessThan(Topics.MAX_DEAD_LETTER_BYTES);
        }
    }
}
