package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story decision depends on state (each article's signature and distinguishing features in the dedup
 * store): through the real topology on a real broker, an Entity List wire item is stored, the service stops
 * and its local state is lost, a new instance restores the store from its changelog, and then a look-alike
 * item about other parties starts a story of its own while a rewrite of the first still folds into it.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoryDedupIT {
    @TempDir
    Path stateBefore;
    @TempDir
    Path stateAfter;

    @Test
    void shouldKeepLookAlikeItemsApartAndFoldRewritesAfterTheStoreIsRestoredFromItsChangelog() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<?, ?> raw = Topics.ARTICLES_RAW.renamed("it-dedup-raw-" + run, "it");
        Topic<?, ?> out = Topics.ARTICLES_ENRICHED.renamed("it-dedup-enriched-" + run, "it");
        Topic<?, ?> dlq = Topics.ARTICLES_DLQ.renamed("it-dedup-dlq-" + run, "it");
        Topic<?, ?> trends = Topics.ENTITY_TRENDS.renamed("it-dedup-trends-" + run, "it");
        TopicProvisioner.ensure(bootstrap, List.of(raw, out, dlq, trends), 0);
        String appId = "it-dedup-" + run;
        Enricher enricher = Enricher.fromSeeds(Fixtures.seedsDir()).withClock(Fixtures.CLOCK);
        Map<String, EnrichedArticle> seen = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
             KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, out.name())) {
            try (EnrichService first = new EnrichService(config(bootstrap, appId, stateBefore, raw, out, dlq, trends), enricher)) {
                first.start();
                send(producer, raw.name(), fixture("a", "wire", "bis-wire-a.txt"));
                drainUntil(consumer, seen, 1);
            }
            try (EnrichService second = new EnrichService(config(bootstrap, appId, stateAfter, raw, out, dlq, trends), enricher)) {
                second.start();
                send(producer, raw.name(), fixture("b", "wire", "bis-wire-b.txt"));
                send(producer, raw.name(), fixture("a-rewrite", "syndicator", "bis-wire-a-rewrite.txt"));
                drainUntil(consumer, seen, 3);
            }
        }
        assertThat(seen.get("a").firstInStory()).isTrue();
        assertThat(seen.get("b").firstInStory()).as("a look-alike about other parties").isTrue();
        assertThat(seen.get("b").duplicateOf()).isNull();
        assertThat(seen.get("a-rewrite").duplicateOf()).as("a rewrite of the first item").isEqualTo("a");
    }

    private static EnrichConfig config(String bootstrap, String appId, Path state, Topic<?, ?> raw, Topic<?, ?> out,
                                       Topic<?, ?> dlq, Topic<?, ?> trends) {
        Map<String, Object> p = new HashMap<>();
        p.put(EnrichConfig.BOOTSTRAP_SERVERS, bootstrap);
        p.put(EnrichConfig.APPLICATION_ID, appId);
        p.put(EnrichConfig.STATE_DIR, state.toString());
        p.put(EnrichConfig.TOPIC_INPUT, raw.name());
        p.put(EnrichConfig.TOPIC_OUTPUT, out.name());
        p.put(EnrichConfig.TOPIC_DLQ, dlq.name());
        p.put(EnrichConfig.TOPIC_TRENDS, trends.name());
        // the stopped instance does not leave the group: let the broker drop it quickly for the next one
        p.put("kafka.session.timeout.ms", "6000");
        p.put("kafka.heartbeat.interval.ms", "1000");
        return new EnrichConfig(p);
    }

    private static RawArticle fixture(String id, String source, String name) throws Exception {
        try (InputStream in = StoryDedupIT.class.getResourceAsStream("/dedup/" + name)) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = s.split("\n\n", 2);
            Instant published = parts[0].lines().filter(l -> l.startsWith("Published:")).findFirst()
                    .map(l -> Instant.parse(l.substring(10).strip())).orElseThrow();
            return Fixtures.article(id, source, parts[0].lines().findFirst().orElseThrow(), parts[1], published);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, RawArticle a) throws Exception {
        byte[] value = new JsonSerde<>(RawArticle.class).serialize(topic, a);
        producer.send(new ProducerRecord<>(topic, null, a.eventTime().toEpochMilli(), a.id().getBytes(StandardCharsets.UTF_8),
                value)).get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dedup-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static void drainUntil(KafkaConsumer<byte[], byte[]> c, Map<String, EnrichedArticle> seen, int count) {
        JsonSerde<EnrichedArticle> serde = new JsonSerde<>(EnrichedArticle.class);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).until(() -> {
            c.poll(Duration.ofMillis(200)).forEach(r -> seen.put(new String(r.key(), StandardCharsets.UTF_8),
                    serde.deserialize("t", r.value())));
            return seen.size() >= count;
        });
    }
}
