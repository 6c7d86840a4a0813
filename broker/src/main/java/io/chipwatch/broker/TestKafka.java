package io.chipwatch.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Kafka per test JVM for {@code *IT} tests, chosen by {@link TestKafkaSelection}: by default a
 * real {@link EmbeddedKafka} started on first use in a temporary directory that is deleted at exit;
 * or a Kafka already running; or an {@code apache/kafka} container through Testcontainers. Tests
 * isolate themselves with unique topic, group and application ids. Where a test must restart or own
 * its broker (or needs several) it uses {@link EmbeddedKafka} or {@link EmbeddedKafkaCluster}
 * directly, whatever the selection.
 */
public final class TestKafka {
    private static String bootstrap;

    private TestKafka() {}

    public static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            bootstrap = start(TestKafkaSelection.current());
        }
        return bootstrap;
    }

    private static String start(TestKafkaSelection selection) {
        return switch (selection.mode()) {
            case EXTERNAL -> selection.bootstrapServers();
            case TESTCONTAINERS -> TestcontainersKafka.start(selection.image());
            case EMBEDDED -> startEmbedded();
        };
    }

    private static String startEmbedded() {
        Path dir = tempDir();
        EmbeddedKafka broker = EmbeddedKafka.start(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            DataDirs.deleteRecursively(dir);
        }, "test-kafka-shutdown"));
        return broker.bootstrapServers();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("chipwatch-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
