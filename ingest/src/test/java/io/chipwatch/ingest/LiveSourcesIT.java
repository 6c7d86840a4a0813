package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.ingest.internal.SourceFollower;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources as data: a running ingest service follows the compacted sources topic (real broker, feeds on loopback) and
 * starts, stops and resumes polls without a restart; a refused record never switches a source off.
 */
@Tag("integration")
@Timeout(120)
class LiveSourcesIT {
    private static final Duration SOON = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private LoopbackHttpServer http;
    private KafkaSupport kafka;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void setUp(TestInfo info) throws IOException {
        http = new LoopbackHttpServer();
        kafka = new KafkaSupport(info.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT));
        byte[] feed = IngestServiceIT.feed("rss20.xml");
        for (String name : List.of("first", "second")) {
            http.serve("/" + name + ".xml", "application/rss+xml", feed);
        }
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    private IngestConfig config(Map<String, Object> extra) throws IOException {
        Path seed = dir.resolve("sources.yaml");
        Files.writeString(seed, "sources:\n  - id: first\n    kind: feed\n    url: " + http.url("/first.xml") + "\n    interval: 200ms\n");
        return kafka.config(seed, extra);
    }

    private int polls(String name) {
        return http.requestsTo("/" + name + ".xml").size();
    }

    /** Waits until the other source was polled {@code n} more times: a clock that ticks with the service's own polling. */
    private void whilePolled(String other, int n) {
        int target = polls(other) + n;
        await().atMost(SOON).until(() -> polls(other) >= target);
    }

    private static SourceDefinition feed(String id, String url) {
        return new SourceDefinition(id, io.chipwatch.model.SourceKind.FEED, url, null, Duration.ofMillis(200), null, List.of(), false, null, true);
    }

    private void send(String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(kafka.sourcesTopic, key, value)).get();
        }
    }

    private static SourceHealth.Status status(IngestService service, String id) {
        return service.health().stream().filter(h -> h.sourceId().equals(id)).map(SourceHealth::status).findFirst().orElse(null);
    }

    @Test
    void shouldStartStopAndResumePollingAsTheSourcesTopicChangesWithoutRestart() throws Exception {
        IngestConfig config = config(Map.of());
        try (IngestService service = new IngestService(config, metrics); SourceAdmin admin = new SourceAdmin(config)) {
            service.start();
            assertThat(admin.list()).extracting(SourceState::id).as("seeded from sources.yaml").containsExactly("first");
            await().atMost(SOON).until(() -> polls("first") >= 2);
            assertThat(polls("second")).isZero();

            admin.put(List.of(feed("second", http.url("/second.xml"))));
            await().atMost(SOON).untilAsserted(() -> assertThat(kafka.readAll()).filteredOn(r -> r.value().sourceId().equals("second")).hasSize(2));
            assertThat(status(service, "second")).isIn(SourceHealth.Status.HEALTHY, SourceHealth.Status.PENDING);

            admin.setEnabled("first", false);
            await().atMost(SOON).until(() -> status(service, "first") == SourceHealth.Status.DISABLED);
            whilePolled("second", 3); // a poll already under way when the change arrived may still land
            int stopped = polls("first");
            whilePolled("second", 5);
            assertThat(polls("first")).as("a disabled source is not polled").isEqualTo(stopped);

            admin.setEnabled("first", true);
            whilePolled("first", 2);
            assertThat(admin.remove("second")).isTrue();
            await().atMost(SOON).until(() -> status(service, "second") == null);
            whilePolled("first", 3);
            int removed = polls("second");
            whilePolled("first", 5);
            assertThat(polls("second")).as("a removed source is not polled").isEqualTo(removed);
            assertThat(admin.get("second")).isEmpty();
        }
    }

    @Test
    void shouldKeepPollingTheLastValidVersionWhenAGarbageOrInvalidRecordArrivesAndAfterRestart() throws Exception {
        IngestConfig config = config(Map.of());
        try (IngestService service = new IngestService(config, metrics); SourceAdmin admin = new SourceAdmin(config)) {
            service.start();
            whilePolled("first", 2);

            send("first", new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, '{'});
            await().atMost(SOON).until(() -> admin.get("first").orElseThrow().invalid() != null);
            SourceState garbage = admin.get("first").orElseThrow();
            assertThat(garbage.definition()).isEqualTo(feed("first", http.url("/first.xml")));
            assertThat(garbage.invalid().reason()).startsWith("not a source definition");
            whilePolled("first", 3);

            send("first", ("{\"id\":\"first\",\"kind\":\"feed\",\"url\":\"file:///etc/passwd\",\"interval\":\"200ms\"}").getBytes(StandardCharsets.UTF_8));
            await().atMost(SOON).until(() -> admin.get("first").orElseThrow().invalid().reason().contains("http or https"));
            send("first", ("{\"id\":\"other\",\"kind\":\"feed\",\"url\":\"https://x.example/\"}").getBytes(StandardCharsets.UTF_8));
            await().atMost(SOON).until(() -> admin.get("first").orElseThrow().invalid().reason().contains("differs from source id 'other'"));
            await().atMost(SOON).until(() -> metrics.counter(SourceFollower.INVALID_RECORDS).count() == 3.0);
            whilePolled("first", 3);
            assertThat(status(service, "first")).isEqualTo(SourceHealth.Status.HEALTHY);
        }
        int before = polls("first");
        try (IngestService restarted = new IngestService(config, new SimpleMeterRegistry())) {
            restarted.start();
            await("after a restart the topic's last valid version is polled").atMost(SOON).until(() -> polls("first") >= before + 2);
        }

        // Compaction can leave only the bad record on the topic: the definition the service accepted last (on its state
        // topic) is polled. A fresh sources topic holding nothing but garbage for 'first' stands for that.
        String compacted = kafka.sourcesTopic + "-compacted";
        TopicProvisioner.ensure(kafka.bootstrap, List.of(Topics.SOURCES.renamed(compacted, "test")), 0);
        IngestConfig afterCompaction = config(Map.of(IngestConfig.TOPIC_SOURCES, compacted));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(compacted, "first", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        int beforeCompacted = polls("first");
        try (IngestService restarted = new IngestService(afterCompaction, new SimpleMeterRegistry());
             SourceAdmin admin = new SourceAdmin(afterCompaction)) {
            restarted.start();
            await().atMost(SOON).until(() -> polls("first") >= beforeCompacted + 2);
            SourceState shown = admin.get("first").orElseThrow();
            assertThat(shown.definition()).as("sources list shows what ingest polls").isEqualTo(feed("first", http.url("/first.xml")));
            assertThat(shown.invalid()).isNotNull();
        }
    }
}
