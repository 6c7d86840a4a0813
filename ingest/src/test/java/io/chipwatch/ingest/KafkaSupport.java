package io.chipwatch.ingest;

import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Unique topics per test on the shared test broker, and a reader of everything on a topic. */
final class KafkaSupport {
    final String bootstrap = TestKafka.bootstrapServers();
    final String rawTopic;
    final String stateTopic;
    final String sourcesTopic;

    KafkaSupport(String testName) {
        String id = testName + "-" + UUID.randomUUID().toString().substring(0, 8);
        rawTopic = "articles.raw-" + id;
        stateTopic = "ingest.state-" + id;
        sourcesTopic = "sources-" + id;
        TopicProvisioner.ensure(bootstrap, List.of(Topics.ARTICLES_RAW.renamed(rawTopic, "test"),
                Topics.INGEST_STATE.renamed(stateTopic, "test"), Topics.SOURCES.renamed(sourcesTopic, "test")), 0);
    }

    IngestConfig config(Path sourcesFile, Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>();
        m.put(IngestConfig.BOOTSTRAP_SERVERS, bootstrap);
        m.put(IngestConfig.SOURCES_FILE, sourcesFile == null ? "does-not-matter.yaml" : sourcesFile.toString());
        m.put(IngestConfig.TOPIC_RAW, rawTopic);
        m.put(IngestConfig.TOPIC_STATE, stateTopic);
        m.put(IngestConfig.TOPIC_SOURCES, sourcesTopic);
        m.put(IngestConfig.FETCH_ALLOW_PRIVATE_NETWORKS, true);
        m.put(IngestConfig.FETCH_HOST_MIN_DELAY_MS, 0L);
        m.put(IngestConfig.POLL_MIN_INTERVAL_MS, 100L);
        m.put(IngestConfig.BACKOFF_INITIAL_MS, 50L);
        m.put(IngestConfig.BACKOFF_MAX_MS, 400L);
        m.put(IngestConfig.FETCH_REQUEST_TIMEOUT_MS, 2000);
        m.putAll(extra);
        return new IngestConfig(m);
    }

    /** Every record on the raw topic, up to the end offsets at the time of the call. */
    List<ConsumerRecord<String, RawArticle>> readAll() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        List<ConsumerRecord<String, RawArticle>> out = new ArrayList<>();
        try (KafkaConsumer<String, RawArticle> c = new KafkaConsumer<>(p, new StringDeserializer(), new JsonSerde<>(RawArticle.class))) {
            List<TopicPartition> parts = c.partitionsFor(rawTopic).stream().map(i -> new TopicPartition(rawTopic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
