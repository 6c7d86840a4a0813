package io.chipwatch.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Severity;
import io.chipwatch.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "output that misleads": {@code tail --from-beginning} reads every partition, then prints
 * in published-time order, one line per story; {@code --since} selects by published time; and
 * {@code tail} says when it loses the broker and when it is back.
 */
@Tag("integration")
@Timeout(300)
class AlertTailIT {
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private AlertsConfig config(String bootstrap) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", bootstrap);
        m.put(AlertsConfig.TOPIC_ALERTS, "alerts-tail-" + run);
        return new AlertsConfig(m);
    }

    private static void send(String bootstrap, String topic, List<Alert> alerts) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (Alert a : alerts) {
                // key = watch id, as the topology writes them: one story's watches land on different partitions
                producer.send(new ProducerRecord<>(topic, a.watchId(), Json.toJson(a))).get();
            }
        }
    }

    @Test
    void shouldPrintHistoryInPublishedOrderOneLinePerStory() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        AlertsConfig config = config(bootstrap);
        TopicProvisioner.ensureNames(bootstrap, List.of(config.alertsTopic()), 3);
        Instant fired = Instant.parse("2026-12-01T20:51:00Z");
        send(bootstrap, config.alertsTopic(), List.of(
                AlertFormatTest.alert("entity-list", Severity.HIGH, "new", Instant.parse("2026-11-30T10:00:00Z"), fired),
                AlertFormatTest.alert("entity-list", Severity.HIGH, "old", Instant.parse("2025-03-26T09:12:00Z"), fired),
                AlertFormatTest.alert("export-rules", Severity.HIGH, "new", Instant.parse("2026-11-30T10:00:00Z"), fired),
                AlertFormatTest.alert("license-changes", Severity.LOW, "mid", Instant.parse("2026-01-05T00:00:00Z"), fired)));

        List<String> all = tail(config, new AlertTail.Options(null, true, null, false, false));
        assertThat(all).hasSize(3);
        assertThat(all.get(0)).startsWith("2025-03-26 09:12Z  [HIGH] entity-list  ");
        assertThat(all.get(1)).startsWith("2026-01-05 00:00Z  [LOW] license-changes  ");
        assertThat(all.get(2)).startsWith("2026-11-30 10:00Z  [HIGH] entity-list, export-rules  ").contains("https://example.org/new");

        List<String> recent = tail(config, new AlertTail.Options(null, false, Instant.parse("2026-01-01T00:00:00Z"), false, false));
        assertThat(recent).hasSize(2).allMatch(l -> l.startsWith("2026-"));
        assertThat(tail(config, new AlertTail.Options(null, true, null, true, false))).as("JSON stays one alert per line").hasSize(4)
                .allSatisfy(l -> assertThat(Json.MAPPER.readValue(l, Alert.class).alertId()).isNotBlank());
    }

    private static List<String> tail(AlertsConfig config, AlertTail.Options options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AlertTail tail = new AlertTail(config);
        try {
            tail.run(options, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        } finally {
            tail.release();
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldSayWhenItLosesThePipelineAndWhenItIsBack(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        EmbeddedKafka broker = EmbeddedKafka.start(dir, port, Map.of());
        AlertsConfig config = config(broker.bootstrapServers());
        TopicProvisioner.ensureNames(broker.bootstrapServers(), List.of(config.alertsTopic()), 1);
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        AlertTail tail = new AlertTail(config);
        Thread follower = new Thread(() -> tail.run(new AlertTail.Options(null, false, null, false, true, Duration.ofSeconds(2)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(notices, true, StandardCharsets.UTF_8)),
                "tail");
        follower.start();
        try {
            broker.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> notices.toString(StandardCharsets.UTF_8)
                    .contains("chipwatch tail: lost the pipeline: the broker at 127.0.0.1:" + port + " has not answered for "));
            broker = EmbeddedKafka.start(dir, port, Map.of());
            await().atMost(Duration.ofSeconds(90)).until(() -> notices.toString(StandardCharsets.UTF_8)
                    .contains("chipwatch tail: the pipeline is back"));
        } finally {
            tail.close();
            follower.join(30_000);
            tail.release();
            broker.close();
        }
    }
}
