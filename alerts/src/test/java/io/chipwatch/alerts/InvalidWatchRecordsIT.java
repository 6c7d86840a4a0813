package io.chipwatch.alerts;

import static io.chipwatch.alerts.Fixtures.ascendDemand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.alerts.internal.WatchValidity;
import io.chipwatch.broker.TestKafka;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad record under an existing watch's key (garbage bytes, or JSON that parses but is not a valid watch) cannot
 * switch the watch off: the running service keeps firing its last valid version, also after a restart, and the
 * listing shows the refused record with the reason.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InvalidWatchRecordsIT {
    private static final Duration SOON = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final String bootstrap = TestKafka.bootstrapServers();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private AlertsConfig config() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", bootstrap);
        m.put(AlertsConfig.APPLICATION_ID, "alerts-invalid-it-" + run);
        m.put(AlertsConfig.STATE_DIR, dir.resolve("state").toString());
        m.put(AlertsConfig.TOPIC_INPUT, "articles-" + run);
        m.put(AlertsConfig.TOPIC_ALERTS, "alerts-" + run);
        m.put(AlertsConfig.TOPIC_WATCHES, "watches-" + run);
        m.put(AlertsConfig.TOPIC_TRENDS, "trends-" + run);
        m.put(AlertsConfig.TOPIC_DLQ, "dlq-" + run);
        m.put(AlertsConfig.TOPIC_DELIVERED, "delivered-" + run);
        m.put(AlertsConfig.NOTIFY_ENABLED, "false");
        m.put(AlertsConfig.TOPIC_PARTITIONS, "1");
        m.put(AlertsConfig.WATCHES_SEED_FILE, "../seeds/watches.yaml");
        return new AlertsConfig(m);
    }

    private List<Alert> alerts(AlertsConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Alert> out = new ArrayList<>();
        try (KafkaConsumer<String, Alert> c = new KafkaConsumer<>(p, new StringDeserializer(), new JsonSerde<>(Alert.class))) {
            List<TopicPartition> parts = c.partitionsFor(config.alertsTopic()).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }

    /** Publishes a first-in-story Ascend demand article and waits for the watch's alert on it. */
    private Alert firesOn(KafkaProducer<String, byte[]> producer, AlertsConfig config, String story) throws Exception {
        EnrichedArticle a = ascendDemand("a-" + story, story);
        producer.send(new ProducerRecord<>(config.inputTopic(), null, a.eventTime().toEpochMilli(), a.id(),
                Json.toJson(a).getBytes(StandardCharsets.UTF_8))).get();
        await().atMost(SOON).until(() -> alerts(config).stream().anyMatch(x -> x.storyId().equals(story) && x.watchId().equals("ascend")));
        return alerts(config).stream().filter(x -> x.storyId().equals(story) && x.watchId().equals("ascend")).findFirst().orElseThrow();
    }

    @Test
    void shouldKeepFiringTheLastValidVersionWhenGarbageOrAnInvalidWatchIsWrittenUnderItsKey() throws Exception {
        AlertsConfig config = config();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        try (WatchAdmin admin = new WatchAdmin(config);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
            admin.ensureTopics(List.of());
            io.chipwatch.broker.TopicProvisioner.ensureNames(bootstrap, List.of(config.inputTopic()), 1);
            admin.add(WatchFiles.parse("id: ascend\nname: Ascend v1\nentities:\n  any: [huawei-ascend]\n", "inline"));
            try (AlertsService service = new AlertsService(config, new PrintStream(new ByteArrayOutputStream()), new Secrets(Map.of()), metrics)) {
                service.start();
                await().atMost(SOON).until(service::isReady);
                assertThat(firesOn(producer, config, "s1-" + run).watchName()).isEqualTo("Ascend v1");

                producer.send(new ProducerRecord<>(config.watchesTopic(), "ascend", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, '{', '"'})).get();
                await().atMost(SOON).until(() -> admin.state("ascend").orElseThrow().invalid() != null);
                WatchState garbage = admin.state("ascend").orElseThrow();
                assertThat(garbage.watch().name()).isEqualTo("Ascend v1");
                assertThat(garbage.invalid().reason()).startsWith("not a valid watch");
                assertThat(firesOn(producer, config, "s2-" + run).watchName()).as("garbage does not switch the watch off").isEqualTo("Ascend v1");

                producer.send(new ProducerRecord<>(config.watchesTopic(), "ascend",
                        "{\"id\":\"ascend\",\"name\":\"Ascend v2\",\"query\":\"ascend AND (\"}".getBytes(StandardCharsets.UTF_8))).get();
                await().atMost(SOON).until(() -> admin.state("ascend").orElseThrow().invalid().reason().contains("query"));
                assertThat(admin.show("ascend").orElseThrow().name()).isEqualTo("Ascend v1");
                assertThat(firesOn(producer, config, "s3-" + run).watchName()).as("an invalid watch does not replace the valid one")
                        .isEqualTo("Ascend v1");
                assertThat(metrics.counter(WatchValidity.INVALID_RECORDS).count()).isGreaterThanOrEqualTo(2.0);
            }
            try (AlertsService restarted = new AlertsService(config, new PrintStream(new ByteArrayOutputStream()), new Secrets(Map.of()))) {
                restarted.start();
                await().atMost(SOON).until(restarted::isReady);
                assertThat(firesOn(producer, config, "s4-" + run).watchName()).as("after a restart too").isEqualTo("Ascend v1");

                admin.add(WatchFiles.parse("id: ascend\nname: Ascend v3\nentities:\n  any: [huawei-ascend]\n", "inline"));
                await().atMost(SOON).until(() -> admin.state("ascend").orElseThrow().invalid() == null);
                assertThat(firesOn(producer, config, "s5-" + run).watchName()).as("a valid write replaces it as before").isEqualTo("Ascend v3");
            }
        }
    }
}
