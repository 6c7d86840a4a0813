package io.chipwatch.enrich;

import static io.chipwatch.enrich.Fixtures.T0;
import static io.chipwatch.enrich.Fixtures.article;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out: two instances of the enrich service (one application id, separate state dirs) share the
 * partitions of the raw topic, and when one stops mid-stream the other takes its partitions over;
 * every article still comes out exactly once (read_committed).
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScaleOutIT {
    private static final int PARTITIONS = 4;
    private static final int ARTICLES = 240;

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void shouldShareInputPartitionsAndEmitEveryArticleExactlyOnceWhenOneInstanceStopsMidStream() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<?, ?> raw = Topics.ARTICLES_RAW.renamed("so-raw-" + run, "it");
        Topic<?, ?> out = Topics.ARTICLES_ENRICHED.renamed("so-enriched-" + run, "it");
        Topic<?, ?> dlq = Topics.ARTICLES_DLQ.renamed("so-dlq-" + run, "it");
        Topic<?, ?> trends = Topics.ENTITY_TRENDS.renamed("so-trends-" + run, "it");
        TopicProvisioner.ensure(bootstrap, List.of(raw, out, dlq, trends), PARTITIONS);
        String appId = "it-scale-out-" + run;

        try (EnrichService a = new EnrichService(config(bootstrap, appId, stateA, raw, out, dlq, trends), Fixtures.enricher());
             KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            EnrichService b = new EnrichService(config(bootstrap, appId, stateB, raw, out, dlq, trends), Fixtures.enricher());
            try {
                a.start();
                b.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> !inputPartitions(a, raw.name()).isEmpty()
                        && !inputPartitions(b, raw.name()).isEmpty()
                        && inputPartitions(a, raw.name()).size() + inputPartitions(b, raw.name()).size() == PARTITIONS);

                sendRange(producer, raw.name(), 0, ARTICLES / 2);
                try (KafkaConsumer<byte[], byte[]> reader = reader(bootstrap, out.name())) {
                    Map<String, Integer> seen = new HashMap<>();
                    drainUntil(reader, seen, ARTICLES / 4); // both instances are working
                    b.close(); // stops mid-stream, while the second half is on its way
                    sendRange(producer, raw.name(), ARTICLES / 2, ARTICLES);
                    await().atMost(Duration.ofSeconds(90)).until(() -> inputPartitions(a, raw.name()).size() == PARTITIONS);
                    drainUntil(reader, seen, ARTICLES);
                    reader.poll(Duration.ofSeconds(1)).forEach(r -> count(seen, r)); // nothing more may arrive
                    assertThat(seen).hasSize(ARTICLES);
                    assertThat(seen.values()).as("every article exactly once").allMatch(n -> n == 1);
                    assertThat(a.state()).isEqualTo(KafkaStreams.State.RUNNING);
                }
            } finally {
                b.close();
            }
        }
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
        p.put(EnrichConfig.CLOSE_TIMEOUT_MS, "20000");
        return new EnrichConfig(p);
    }

    /** Partitions of the input topic this instance processes now (its active tasks). */
    private static Set<TopicPartition> inputPartitions(EnrichService s, String topic) {
        Set<TopicPartition> out = new HashSet<>();
        if (s.state() != KafkaStreams.State.RUNNING) {
            return out;
        }
        for (ThreadMetadata t : s.streams().metadataForLocalThreads()) {
            for (TaskMetadata task : t.activeTasks()) {
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).forEach(out::add);
            }
        }
        return out;
    }

    private static void sendRange(KafkaProducer<byte[], byte[]> producer, String topic, int from, int to) throws Exception {
        JsonSerde<RawArticle> serde = new JsonSerde<>(RawArticle.class);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String id = "so-" + i;
            // Distinct wording per article, so each is its own story and nothing is mistaken for a duplicate.
            String text = "Report " + i + ": SMIC shipped " + (i * 7 + 3) + " wafers to customer " + Integer.toHexString(i * 7919)
                    + " in week " + (i % 52) + ", and Huawei ordered Ascend 950 parts batch " + (i * 31 + 11) + ".";
            RawArticle a = article(id, "src-" + (i % 5), "Story number " + i, text, T0.plusSeconds(i));
            sent.add(producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), serde.serialize(topic, a))));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static void drainUntil(KafkaConsumer<byte[], byte[]> reader, Map<String, Integer> seen, int count) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).until(() -> {
            reader.poll(Duration.ofMillis(200)).forEach(r -> count(seen, r));
            return seen.size() >= count;
        });
    }

    private static void count(Map<String, Integer> seen, ConsumerRecord<byte[], byte[]> r) {
        seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> reader(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }
}
