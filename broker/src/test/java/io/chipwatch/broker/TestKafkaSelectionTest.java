package io.chipwatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.broker.TestKafkaSelection.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestKafkaSelectionTest {

    @Test
    void shouldUseTheEmbeddedBrokerWhenNothingIsSet() {
        assertThat(TestKafkaSelection.from(Map.of(), Map.of())).isEqualTo(new TestKafkaSelection(Mode.EMBEDDED, null, null));
    }

    @Test
    void shouldTreatBootstrapServersAloneAsExternalAsBefore() {
        TestKafkaSelection s = TestKafkaSelection.from(Map.of(), Map.of("CHIPWATCH_TEST_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        assertThat(s.mode()).isEqualTo(Mode.EXTERNAL);
        assertThat(s.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void shouldPickTestcontainersWithTheDefaultImageOfTheKafkaVersion() {
        TestKafkaSelection s = TestKafkaSelection.from(Map.of("chipwatch.test.kafka", "testcontainers"), Map.of());
        assertThat(s.mode()).isEqualTo(Mode.TESTCONTAINERS);
        assertThat(s.image()).isEqualTo("apache/kafka:4.3.1");
    }

    @Test
    void shouldTakeTheImageFromTheEnvironment() {
        TestKafkaSelection s = TestKafkaSelection.from(Map.of(),
                Map.of("CHIPWATCH_TEST_KAFKA", "TestContainers", "CHIPWATCH_TEST_KAFKA_IMAGE", "apache/kafka-native:4.3.1"));
        assertThat(s.mode()).isEqualTo(Mode.TESTCONTAINERS);
        assertThat(s.image()).isEqualTo("apache/kafka-native:4.3.1");
    }

    @Test
    void shouldLetASystemPropertyWinOverItsEnvironmentVariable() {
        TestKafkaSelection s = TestKafkaSelection.from(Map.of("chipwatch.test.kafka", "embedded"),
                Map.of("CHIPWATCH_TEST_KAFKA", "testcontainers", "CHIPWATCH_TEST_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        assertThat(s.mode()).isEqualTo(Mode.EMBEDDED);
        assertThat(s.bootstrapServers()).isNull();
    }

    @Test
    void shouldTakeExternalBootstrapServersFromASystemProperty() {
        TestKafkaSelection s = TestKafkaSelection.from(
                Map.of("chipwatch.test.kafka", "external", "chipwatch.test.bootstrap.servers", " 127.0.0.1:19092 "),
                Map.of("CHIPWATCH_TEST_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        assertThat(s.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void shouldRefuseExternalWithoutBootstrapServers() {
        assertThatThrownBy(() -> TestKafkaSelection.from(Map.of("chipwatch.test.kafka", "external"), Map.of("CHIPWATCH_TEST_BOOTSTRAP_SERVERS", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chipwatch.test.bootstrap.servers");
    }

    @Test
    void shouldRefuseAnUnknownModeNamingTheAllowedValues() {
        assertThatThrownBy(() -> TestKafkaSelection.from(Map.of(), Map.of("CHIPWATCH_TEST_KAFKA", "docker")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value docker for configuration chipwatch.test.kafka: must be one of embedded, external, testcontainers");
    }

    @Test
    void shouldRefuseTestcontainersWithAClearReasonWhereNoDockerEngineRuns() {
        org.junit.jupiter.api.Assumptions.assumeFalse(org.testcontainers.DockerClientFactory.instance().isDockerAvailable(),
                "a Docker engine is present: the integration tests themselves cover this mode");
        assertThatThrownBy(() -> TestcontainersKafka.start(TestKafkaSelection.DEFAULT_IMAGE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a Docker engine");
    }
}
