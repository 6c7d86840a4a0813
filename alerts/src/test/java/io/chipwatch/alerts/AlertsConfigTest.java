package io.chipwatch.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.config.ChipwatchConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

    @Test
    void everyKeyIsDocumented() {
        assertThat(ChipwatchConfig.undocumentedKeys(AlertsConfig.DEFINITION)).isEmpty();
    }

    @Test
    void defaultsNameTheRegistryTopics() {
        AlertsConfig c = new AlertsConfig(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        assertThat(c.applicationId()).isEqualTo("chipwatch-alerts");
        assertThat(c.inputTopic()).isEqualTo("articles.enriched");
        assertThat(c.perWatchTopic("ascend-demand")).isEqualTo("alerts.ascend-demand");
        assertThat(c.streamsProperties()).containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void invalidValuesFailWithKafkasMessage() {
        assertThatThrownBy(() -> new AlertsConfig(Map.of("bootstrap.servers", "x:1", "processing.guarantee", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Invalid value maybe for configuration processing.guarantee");
        assertThatThrownBy(() -> new AlertsConfig(Map.of("bootstrap.servers", "x:1", "delivery.deadline.ms", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("delivery.deadline.ms");
    }
}
