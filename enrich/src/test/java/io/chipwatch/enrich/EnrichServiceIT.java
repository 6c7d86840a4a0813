package io.chipwatch.enrich;

import static io.chipwatch.enrich.Fixtures.T0;
import static io.chipwatch.enrich.Fixtures.article;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EnrichServiceIT {
    private static final String TEXT = "Huawei told customers that demand for the Ascend 950 jumped after DeepSeek V4 "
            + "launched, and Alibaba, Tencent and ByteDance rushed to line up supply. The company said it would add "
            + "packaging capacity to shorten delivery times, which now stretch to several months for large orders.";
    private static final String REWRITE = "Huawei has told customers that demand for its Ascend 950 jumped after DeepSeek V4 "
            + "launched, and Alibaba, Tencent and ByteDance rushed to line up supply. The company said it would add "
            + "packaging capacity to shorten delivery times, which now stretch to many months for large orders.";

    @TempDir
    Path stateDir;

    @Test
    void shouldEnrichExactlyOnceAndDeadLetterAPoisonRecordWhileLaterRecordsStillFlow() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<?, ?> raw = Topics.ARTICLES_RAW.renamed("it-raw-" + run, "it");
        Topic<?, ?> out = Topics.ARTICLES_ENRICHED.renamed("it-enriched-" + run, "it");
        Topic<?, ?> dlq = Topics.ARTICLES_DLQ.renamed("it-dlq-" + run, "it");
        Topic<?, ?> trends = Topics.ENTITY_TRENDS.renamed("it-trends-" + run, "it");
        TopicProvisioner.ensure(bootstrap, List.of(raw, out, dlq, trends), 0);

        Map<String, Object> p = new HashMap<>();
        p.put(EnrichConfig.BOOTSTRAP_SERVERS, bootstrap);
        p.put(EnrichConfig.APPLICATION_ID, "it-enrich-" + run);
        p.put(EnrichConfig.STATE_DIR, stateDir.toString());
        p.put(EnrichConfig.TOPIC_INPUT, raw.name());
        p.put(EnrichConfig.TOPIC_OUTPUT, out.name());
        p.put(EnrichConfig.TOPIC_DLQ, dlq.name());
        p.put(EnrichConfig.TOPIC_TRENDS, trends.name());
        EnrichConfig config = new EnrichConfig(p);
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");

        try (EnrichService service = new EnrichService(config, Fixtures.enricher());
             KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            service.start();
            JsonSerde<RawArticle> serde = new JsonSerde<>(RawArticle.class);
            send(producer, raw.name(), "a1", serde.serialize("t", article("a1", "s1", "Ascend 950 demand jumps", TEXT, T0)));
            send(producer, raw.name(), "poison", "\u0000\u0001 definitely not json".getBytes(StandardCharsets.UTF_8));
            send(producer, raw.name(), "a2", serde.serialize("t",
                    article("a2", "s2", "Demand for Ascend 950 jumps", REWRITE, T0.plusSeconds(300))));
            send(producer, raw.name(), "a3", serde.serialize("t", article("a3", "s3", "SMIC adds capacity",
                    "SMIC will build a new production line in Shanghai and expects volume production next year.",
                    T0.plusSeconds(600))));

            List<ConsumerRecord<byte[], byte[]>> enriched = drain(bootstrap, out.name(), 3);
            List<ConsumerRecord<byte[], byte[]>> dead = drain(bootstrap, dlq.name(), 1);
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);

            JsonSerde<EnrichedArticle> outSerde = new JsonSerde<>(EnrichedArticle.class);
            Map<String, EnrichedArticle> byId = new HashMap<>();
            enriched.forEach(r -> byId.put(new String(r.key(), StandardCharsets.UTF_8), outSerde.deserialize("t", r.value())));
            assertThat(byId).containsOnlyKeys("a1", "a2", "a3");
            assertThat(byId.get("a1").firstInStory()).isTrue();
            assertThat(byId.get("a2").duplicateOf()).isEqualTo("a1");
            assertThat(byId.get("a3").storyId()).isEqualTo("a3");
            assertThat(byId.get("a1").events()).extracting(e -> e.type().name()).contains("DEMAND_SURGE");

            ConsumerRecord<byte[], byte[]> poison = dead.get(0);
            assertThat(new String(poison.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
            assertThat(DeadLetterHeaders.get(poison.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(raw.name());
            assertThat(DeadLetterHeaders.get(poison.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isNotNull();
            assertThat(DeadLetterHeaders.get(poison.headers(), DeadLetterHeaders.REASON)).contains("RawArticle");
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        // Same partition for all, so the poison record sits between good ones in one partition's order.
        producer.send(new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
    }

    /** Reads committed records until {@code count} arrived (exactly-once: no duplicates, nothing uncommitted). */
    private static List<ConsumerRecord<byte[], byte[]>> drain(String bootstrap, String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ZERO).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= count;
            });
            // nothing more may arrive: exactly once
            c.poll(Duration.ofMillis(500)).forEach(got::add);
        }
        assertThat(got).hasSize(count);
        return got;
    }
}
