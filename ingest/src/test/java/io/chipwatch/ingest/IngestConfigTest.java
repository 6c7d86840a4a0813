package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.config.ChipwatchConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    @Test
    void shouldDocumentEveryKey() {
        assertThat(ChipwatchConfig.undocumentedKeys(IngestConfig.DEFINITION)).isEmpty();
        assertThat(IngestConfig.DEFINITION.names()).contains("sources.file", "poll.enabled", "fetch.allow.private.networks",
                "fetch.max.body.bytes", "fetch.connect.timeout.ms", "fetch.request.timeout.ms", "fetch.max.redirects",
                "fetch.host.min.delay.ms", "fetch.user.agent", "topic.raw", "topic.state");
    }

    @Test
    void shouldApplySafeDefaults() {
        IngestConfig c = new IngestConfig(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        assertThat(c.fetchOptions().allowPrivateNetworks()).isFalse();
        assertThat(c.fetchOptions().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.fetchOptions().maxRedirects()).isEqualTo(5);
        assertThat(c.fetchOptions().userAgent()).contains("chipwatch");
        assertThat(c.rawTopic()).isEqualTo("articles.raw");
        assertThat(c.stateTopic()).isEqualTo("ingest.state");
        assertThat(c.minPollInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldRejectInvalidValuesWithKafkaMessage() {
        assertThatThrownBy(() -> new IngestConfig(Map.of("bootstrap.servers", "x:1", "fetch.max.redirects", "99")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fetch.max.redirects");
        assertThatThrownBy(() -> new IngestConfig(Map.of("bootstrap.servers", "x:1", "fetch.max.body.bytes", "ten")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fetch.max.body.bytes");
    }
}
