package io.chipwatch.broker;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which Kafka the integration tests talk to, decided once from system properties and the
 * environment (a system property wins over its environment variable):
 *
 * <table>
 *   <caption>switches</caption>
 *   <tr><th>system property</th><th>environment</th><th>values</th></tr>
 *   <tr><td>{@code chipwatch.test.kafka}</td><td>{@code CHIPWATCH_TEST_KAFKA}</td>
 *       <td>{@code embedded} (default), {@code external}, {@code testcontainers}</td></tr>
 *   <tr><td>{@code chipwatch.test.bootstrap.servers}</td><td>{@code CHIPWATCH_TEST_BOOTSTRAP_SERVERS}</td>
 *       <td>bootstrap servers of the external Kafka; set alone, it implies {@code external}</td></tr>
 *   <tr><td>{@code chipwatch.test.kafka.image}</td><td>{@code CHIPWATCH_TEST_KAFKA_IMAGE}</td>
 *       <td>Docker image for {@code testcontainers} (default {@value #DEFAULT_IMAGE})</td></tr>
 * </table>
 *
 * @param mode             where the broker comes from
 * @param bootstrapServers the external cluster's bootstrap servers ({@code EXTERNAL} only, else null)
 * @param image            the Docker image ({@code TESTCONTAINERS} only, else null)
 */
public record TestKafkaSelection(Mode mode, String bootstrapServers, String image) {
    public static final String MODE_PROPERTY = "chipwatch.test.kafka";
    public static final String MODE_ENV = "CHIPWATCH_TEST_KAFKA";
    public static final String BOOTSTRAP_PROPERTY = "chipwatch.test.bootstrap.servers";
    public static final String BOOTSTRAP_ENV = "CHIPWATCH_TEST_BOOTSTRAP_SERVERS";
    public static final String IMAGE_PROPERTY = "chipwatch.test.kafka.image";
    public static final String IMAGE_ENV = "CHIPWATCH_TEST_KAFKA_IMAGE";
    /** The official image of the Kafka version every chipwatch artifact is built against. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

    /** Where the integration tests' broker comes from. */
    public enum Mode {
        /** One {@link EmbeddedKafka} per test JVM (the default; needs nothing installed). */
        EMBEDDED,
        /** A Kafka that is already running, e.g. {@code docker compose up kafka} or a cluster. */
        EXTERNAL,
        /** A fresh {@code apache/kafka} container per test JVM through Testcontainers (needs a Docker engine). */
        TESTCONTAINERS
    }

    public TestKafkaSelection {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.EXTERNAL && (bootstrapServers == null || bootstrapServers.isBlank())) {
            throw new IllegalArgumentException("mode external needs bootstrap servers");
        }
        if (mode == Mode.TESTCONTAINERS && (image == null || image.isBlank())) {
            throw new IllegalArgumentException("mode testcontainers needs an image");
        }
    }

    /** The selection of this JVM. */
    public static TestKafkaSelection current() {
        return from(System.getProperties().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))),
                System.getenv());
    }

    /**
     * Decides the selection from the given system properties and environment.
     *
     * @throws IllegalArgumentException for an unknown mode, or {@code external} without bootstrap servers,
     *                                  with a message naming the switch and the allowed values
     */
    public static TestKafkaSelection from(Map<String, String> properties, Map<String, String> environment) {
        String modeText = first(properties, MODE_PROPERTY, environment, MODE_ENV);
        String bootstrap = first(properties, BOOTSTRAP_PROPERTY, environment, BOOTSTRAP_ENV);
        String image = first(properties, IMAGE_PROPERTY, environment, IMAGE_ENV);
        Mode mode;
        if (modeText == null) {
            // Compatible with the one switch there was before: bootstrap servers alone mean "use that Kafka".
            mode = bootstrap != null ? Mode.EXTERNAL : Mode.EMBEDDED;
        } else {
            mode = parseMode(modeText);
        }
        return switch (mode) {
            case EMBEDDED -> new TestKafkaSelection(Mode.EMBEDDED, null, null);
            case EXTERNAL -> {
                if (bootstrap == null) {
                    throw new IllegalArgumentException("Invalid value external for configuration " + MODE_PROPERTY
                            + ": set " + BOOTSTRAP_PROPERTY + " (or " + BOOTSTRAP_ENV + ") to the Kafka to test against");
                }
                yield new TestKafkaSelection(Mode.EXTERNAL, bootstrap, null);
            }
            case TESTCONTAINERS -> new TestKafkaSelection(Mode.TESTCONTAINERS, null, image != null ? image : DEFAULT_IMAGE);
        };
    }

    private static Mode parseMode(String text) {
        try {
            return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value " + text + " for configuration " + MODE_PROPERTY
                    + ": must be one of embedded, external, testcontainers", e);
        }
    }

    private static String first(Map<String, String> properties, String property, Map<String, String> environment, String env) {
        String p = properties.get(property);
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        String e = environment.get(env);
        return e != null && !e.isBlank() ? e.trim() : null;
    }
}
