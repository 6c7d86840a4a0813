package io.chipwatch.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@code apache/kafka} in Docker through Testcontainers' Kafka module, with the broker
 * settings chipwatch's topics and exactly-once Streams need on a single node. Only this class
 * refers to Testcontainers, so the library (an optional dependency of {@code broker}) is needed on
 * a class path only when this mode is chosen.
 */
final class TestcontainersKafka {
    private static final Logger log = LoggerFactory.getLogger(TestcontainersKafka.class);

    private TestcontainersKafka() {}

    /** Starts a container (stopped by Testcontainers' reaper when the JVM exits) and returns its bootstrap servers. */
    static String start(String image) {
        try {
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, TestcontainersKafka.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(TestKafkaSelection.MODE_PROPERTY + "=testcontainers needs "
                    + "org.testcontainers:kafka on the test class path", e);
        }
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(TestKafkaSelection.MODE_PROPERTY + "=testcontainers needs a Docker engine, "
                    + "and none was found (set DOCKER_HOST, or use embedded)");
        }
        @SuppressWarnings("resource") // lives as long as the test JVM
        org.testcontainers.kafka.KafkaContainer kafka = new org.testcontainers.kafka.KafkaContainer(image)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(EmbeddedKafka.MESSAGE_MAX_BYTES))
                .withEnv("KAFKA_REPLICA_FETCH_MAX_BYTES", Integer.toString(EmbeddedKafka.MESSAGE_MAX_BYTES))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        kafka.start();
        log.info("Testcontainers Kafka {} at {}", image, kafka.getBootstrapServers());
        return kafka.getBootstrapServers();
    }
}
