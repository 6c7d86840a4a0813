package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.config.ChipwatchConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class EnrichConfigTest {
    private static Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put(EnrichConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        return p;
    }

    @Test
    void shouldDocumentEveryKey() {
        assertThat(ChipwatchConfig.undocumentedKeys(EnrichConfig.definition())).isEmpty();
        assertThat(ChipwatchConfig.markdownTable(EnrichConfig.definition())).contains("`dedup.window.ms`");
    }

    @Test
    void shouldUseTheDocumentedDefaults() {
        EnrichConfig c = new EnrichConfig(base());
        assertThat(c.applicationId()).isEqualTo("chipwatch-enrich");
        assertThat(c.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(c.topicInput()).isEqualTo("articles.raw");
        assertThat(c.topicOutput()).isEqualTo("articles.enriched");
        assertThat(c.topicDlq()).isEqualTo("articles.dlq");
        assertThat(c.topicTrends()).isEqualTo("entity.trends");
        assertThat(c.dedupWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(c.trendsWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(c.trendsGrace()).isEqualTo(Duration.ofHours(6));
        assertThat(c.seedsDir().toString()).isEqualTo("seeds");
    }

    @Test
    void shouldLetReprocessRenameTopicsAndApplicationId() {
        Map<String, Object> p = base();
        p.put(EnrichConfig.APPLICATION_ID, "chipwatch-reprocess-1");
        p.put(EnrichConfig.TOPIC_OUTPUT, "replay.articles.enriched");
        p.put("kafka.statestore.cache.max.bytes", "0");
        Properties s = new EnrichConfig(p).streamsProperties();
        assertThat(s.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("chipwatch-reprocess-1");
        assertThat(s.getProperty("statestore.cache.max.bytes")).isEqualTo("0");
        assertThat(s.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(new EnrichConfig(p).topicOutput()).isEqualTo("replay.articles.enriched");
    }

    @Test
    void shouldRejectInvalidValuesWithKafkasMessage() {
        Map<String, Object> p = base();
        p.put(EnrichConfig.DEDUP_SIMILARITY_THRESHOLD, "1.5");
        assertThatThrownBy(() -> new EnrichConfig(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 1.5 for configuration dedup.similarity.threshold");
        Map<String, Object> q = base();
        q.put(EnrichConfig.PROCESSING_GUARANTEE, "exactly_once");
        assertThatThrownBy(() -> new EnrichConfig(q)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee");
        Map<String, Object> r = base();
        r.put(EnrichConfig.TOPIC_OUTPUT, "articles.raw");
        assertThatThrownBy(() -> new EnrichConfig(r)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topic.output");
        assertThatThrownBy(() -> new EnrichConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }
}
