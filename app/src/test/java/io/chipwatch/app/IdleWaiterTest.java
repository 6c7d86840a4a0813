package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What counts as work still in flight inside a Streams application (run --once, reprocess, bench, lag metrics). */
class IdleWaiterTest {
    @Test
    void shouldCountRepartitionTopicsAndTheStoryTopicOfTheApplicationOnly() {
        assertThat(IdleWaiter.readInternally("chipwatch-enrich", "chipwatch-enrich-trend-mentions-repartition")).isTrue();
        assertThat(IdleWaiter.readInternally("chipwatch-enrich", "chipwatch-enrich-stories"))
                .as("partitioned story dedup: candidates and replies go round this topic").isTrue();
        assertThat(IdleWaiter.readInternally("chipwatch-enrich", "chipwatch-enrich-chipwatch-story-partitions-changelog"))
                .as("changelogs are written, never read while running").isFalse();
        assertThat(IdleWaiter.readInternally("chipwatch-enrich", "chipwatch-reprocess-enrich-stories")).isFalse();
        assertThat(IdleWaiter.readInternally("chipwatch-alerts", "chipwatch-alerts-by-watch-repartition")).isTrue();
        assertThat(IdleWaiter.readInternally("chipwatch-alerts", "articles.enriched")).isFalse();
    }
}
