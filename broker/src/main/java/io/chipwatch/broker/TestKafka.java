package io.chipwatch.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real broker per test JVM for {@code *IT} tests, started on first use in a temporary
 * directory that is deleted at exit. Tests isolate themselves with unique topic, group and
 * application ids. Where a test must restart or own its broker it uses {@link EmbeddedKafka}.
 */
public final class TestKafka {
    private static EmbeddedKafka broker;

    private TestKafka() {}

    public static synchronized String bootstrapServers() {
        String external = System.getenv("CHIPWATCH_TEST_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return external; // e.g. a Testcontainers or docker-compose Kafka
        }
        if (broker == null) {
            Path dir = tempDir();
            broker = EmbeddedKafka.start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                DataDirs.deleteRecursively(dir);
            }, "test-kafka-shutdown"));
        }
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
