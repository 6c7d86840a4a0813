package io.chipwatch.model.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void shouldKeepArticlesBySizeBecauseRecordTimeIsPublishedTimeAndAllowLargeRecords() {
        // Time retention would delete replayed archives at once: record timestamps are published times.
        assertThat(Topics.ARTICLES_RAW.configs()).containsEntry("retention.ms", "-1").containsEntry("message.timestamp.type", "CreateTime");
        assertThat(Long.parseLong(Topics.ARTICLES_ENRICHED.configs().get("retention.bytes"))).isGreaterThanOrEqualTo(1L << 30);
        assertThat(Integer.parseInt(Topics.ARTICLES_RAW.configs().get("max.message.bytes"))).isGreaterThanOrEqualTo(5 * 1024 * 1024);
    }

    @Test
    void shouldApplyRetentionOverridesToDeletePolicyTopicsOnly() {
        var overrides = java.util.Map.of("retention.ms", "7776000000");
        assertThat(Topics.withOverrides(Topics.ARTICLES_RAW, overrides).configs()).containsEntry("retention.ms", "7776000000");
        assertThat(Topics.withOverrides(Topics.WATCHES, overrides).configs()).doesNotContainKey("retention.ms");
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
