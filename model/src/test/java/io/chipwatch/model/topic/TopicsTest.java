package io.chipwatch.model.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void shouldKeepArticlesNinetyDaysAndAllowLargeRecords() {
        assertThat(Topics.ARTICLES_RAW.configs()).containsEntry("retention.ms", Long.toString(90L * 24 * 3600 * 1000));
        assertThat(Integer.parseInt(Topics.ARTICLES_RAW.configs().get("max.message.bytes"))).isGreaterThanOrEqualTo(5 * 1024 * 1024);
    }

    @Test
    void shouldCompactWatchesAndTheDeliveryLog() {
        assertThat(Topics.WATCHES.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.ALERTS_DELIVERED.configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void shouldHaveUniqueNamesAndDerivePerWatchAndReplayTopics() {
        assertThat(new HashSet<>(Topics.ALL.stream().map(Topic::name).toList())).hasSameSizeAs(Topics.ALL);
        assertThat(Topics.alertsFor("ascend-demand").name()).isEqualTo("alerts.ascend-demand");
        assertThat(Topics.replayOf(Topics.ARTICLES_ENRICHED).name()).isEqualTo("replay.articles.enriched");
    }
}
