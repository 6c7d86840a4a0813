package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.topic.DeadLetterHeaders;
import io.chipwatch.model.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison records on every input topic (articles.raw, articles.enriched, entity.trends, watches):
 * undecodable bytes, wrong JSON, a tombstone, deeply nested JSON and values near the topic's size
 * limit each land in the matching dead-letter topic with a reason header, and a good record sent
 * after them still flows all the way to a file channel.
 */
@Tag("integration")
@Timeout(300)
class PoisonRecordsIT {
    /** Largest value the input topics accept, minus room for the record batch overhead. */
    private static final int NEAR_LIMIT = Topics.MAX_MESSAGE_BYTES - 512;

    @Test
    void shouldDeadLetterPoisonOnEveryInputTopicWithAReasonAndKeepProcessing(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0); // as KafkaEnvironment does before 'run' starts the services
            KafkaOptions options = new KafkaOptions();
            options.bootstrapServers = bootstrap;
            options.dataDir = dir.resolve("data");
            options.seeds = SamplesExpectations.SEEDS;
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            try (Pipeline pipeline = Pipeline.builder(options, bootstrap).services(EnumSet.allOf(Pipeline.Service.class)).poll(false)
                    .console(new PrintStream(console, true, StandardCharsets.UTF_8)).start();
                 KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                pipeline.awaitRunning(Duration.ofSeconds(120));

                Map<String, byte[]> poison = poison();
                int rawPoison = sendToEveryPartition(producer, Topics.ARTICLES_RAW.name(), rawPoison(), true);
                int enrichedPoison = sendToEveryPartition(producer, Topics.ARTICLES_ENRICHED.name(), poison, false);
                int trendPoison = sendToEveryPartition(producer, Topics.ENTITY_TRENDS.name(), poison, false);
                Map<String, byte[]> badWatches = new LinkedHashMap<>(poison);
                badWatches.put("key-differs", watchJson("another-id", "\"Ascend 950\"", dir).getBytes(StandardCharsets.UTF_8));
                badWatches.put("bad-query", watchJson("bad-query", "\"Ascend 950\" AND (", dir).getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, byte[]> e : badWatches.entrySet()) {
                    send(producer, Topics.WATCHES.name(), null, e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
                }

                // Good records after the poison: a watch with a file channel, then an article it matches.
                Path alertsFile = dir.resolve("poison-alerts.jsonl");
                java.nio.file.Files.writeString(dir.resolve("good.yaml"), SyntheticArticles.watchYaml(alertsFile));
                CliRunner.Result added = CliRunner.run("watches", "add", dir.resolve("good.yaml").toString(),
                        "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve("cli").toString(),
                        "--seeds", SamplesExpectations.SEEDS.toString());
                assertThat(added.code()).as(added.out()).isZero();
                SyntheticArticles.Generated good = SyntheticArticles.generate(99, 1, 1);
                RawArticle article = good.articles().get(0);
                send(producer, Topics.ARTICLES_RAW.name(), null, article.id().getBytes(StandardCharsets.UTF_8),
                        Topics.ARTICLES_RAW.valueSerde().serializer().serialize("articles.raw", article));

                await("the good article alerts after the poison").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(CrashRecoveryIT.fileAlertIds(alertsFile)).hasSize(1));

                await("dead letters").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<ConsumerRecord<byte[], byte[]>> articlesDlq = TopicContents.readAll(bootstrap, Topics.ARTICLES_DLQ.name());
                    assertThat(fromTopic(articlesDlq, "articles.raw")).hasSize(rawPoison);
                    List<ConsumerRecord<byte[], byte[]>> alertsDlq = TopicContents.readAll(bootstrap, Topics.ALERTS_DLQ.name());
                    assertThat(fromTopic(alertsDlq, "articles.enriched")).hasSize(enrichedPoison);
                    assertThat(fromTopic(alertsDlq, "entity.trends")).hasSize(trendPoison);
                    assertThat(fromTopic(alertsDlq, "watches")).hasSize(badWatches.size());
                    for (ConsumerRecord<byte[], byte[]> r : concat(articlesDlq, alertsDlq)) {
                        assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON)).as("reason header").isNotBlank();
                        assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.STAGE)).as("stage header").isNotBlank();
                        assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
                    }
                });
                List<ConsumerRecord<byte[], byte[]>> articlesDlq = TopicContents.readAll(bootstrap, Topics.ARTICLES_DLQ.name());
                assertThat(articlesDlq).as("the near-limit value is kept whole in the DLQ")
                        .anySatisfy(r -> assertThat(r.value()).hasSize(poison.get("oversized").length))
                        .anySatisfy(r -> assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON))
                                .contains("too large"));
                pipeline.awaitRunning(Duration.ofSeconds(30)); // throws unless every Streams app is still RUNNING
            }
        }
    }

    /** The poison kinds, by name: each value is what a broken or hostile producer could write. */
    private static Map<String, byte[]> poison() {
        Map<String, byte[]> p = new LinkedHashMap<>();
        p.put("undecodable", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28, (byte) 0x80});
        p.put("not-json", "this is not JSON at all".getBytes(StandardCharsets.UTF_8));
        p.put("wrong-json", "{\"id\": 42, \"title\": [\"wrong\"], \"fetchedAt\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8));
        p.put("json-array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        p.put("deeply-nested", ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        StringBuilder big = new StringBuilder(NEAR_LIMIT).append("{\"sourceId\":\"x\",\"text\":\"");
        while (big.length() < NEAR_LIMIT - 2) {
            big.append("word ");
        }
        big.setLength(NEAR_LIMIT - 2);
        p.put("oversized", big.append("\"}").toString().getBytes(StandardCharsets.UTF_8));
        return p;
    }

    /** The poison kinds plus, for articles.raw, a well-formed article too large to enrich. */
    private static Map<String, byte[]> rawPoison() {
        Map<String, byte[]> p = poison();
        // A well-formed article near the limit: its enriched form would not fit articles.enriched.
        RawArticle huge = new RawArticle("huge", "synthetic", null, "Huge", "word ".repeat((NEAR_LIMIT - 400) / 5), null, "en",
                null, Instant.parse("2026-03-01T00:00:00Z"), List.of(), null);
        p.put("oversized-valid", Topics.ARTICLES_RAW.valueSerde().serializer().serialize("articles.raw", huge));
        assertThat(p.get("oversized-valid").length).isBetween(NEAR_LIMIT - 1024, NEAR_LIMIT);
        return p;
    }

    private static int sendToEveryPartition(KafkaProducer<byte[], byte[]> producer, String topic, Map<String, byte[]> poison,
                                            boolean tombstone) throws Exception {
        int n = 0;
        int partitions = producer.partitionsFor(topic).size();
        for (int partition = 0; partition < partitions; partition++) {
            for (Map.Entry<String, byte[]> e : poison.entrySet()) {
                send(producer, topic, partition, e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
                n++;
            }
            if (tombstone) {
                send(producer, topic, partition, "tombstone".getBytes(StandardCharsets.UTF_8), null);
                n++;
            }
        }
        return n;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Integer partition, byte[] key, byte[] value)
            throws Exception {
        Future<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, partition, key, value));
        f.get();
    }

    private static String watchJson(String id, String query, Path dir) {
        return "{\"id\":\"" + id + "\",\"name\":\"x\",\"query\":" + io.chipwatch.model.json.Json.toJson(query)
                + ",\"channels\":[{\"type\":\"file\",\"path\":" + io.chipwatch.model.json.Json.toJson(dir.resolve(id + ".jsonl").toString())
                + "}]}";
    }

    private static List<ConsumerRecord<byte[], byte[]>> fromTopic(List<ConsumerRecord<byte[], byte[]>> dlq, String topic) {
        return dlq.stream().filter(r -> topic.equals(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_TOPIC))).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> concat(List<ConsumerRecord<byte[], byte[]>> a, List<ConsumerRecord<byte[], byte[]>> b) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES + 64 * 1024);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
