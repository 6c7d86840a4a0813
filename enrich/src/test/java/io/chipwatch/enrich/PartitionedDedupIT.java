package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.enrich.internal.StoryProcessor;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Story dedup has no single-partition step: the same input (originals, then exact copies, rewrites,
 * unrelated articles and the look-alike wire items of the dedup fixtures, from three input partitions)
 * through one enrich instance and through three instances of another application gives every article
 * the same story, the same as the offline {@link StoryAssigner} in publishing order; and each of the
 * three instances holds about a third of the story state one instance holds.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PartitionedDedupIT {
    private static final int PARTITIONS = 3;
    private static final int ORIGINALS = 45;

    @TempDir
    Path state;

    @Test
    void shouldGiveTheSameStoriesWithOneAndWithThreeInstancesAndSpreadTheStateOverThem() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<?, ?> raw = Topics.ARTICLES_RAW.renamed("it-pdedup-raw-" + run, "it");
        TopicProvisioner.ensure(bootstrap, List.of(raw), PARTITIONS);
        Enricher enricher = Enricher.fromSeeds(Fixtures.seedsDir()).withClock(Fixtures.CLOCK);
        List<List<RawArticle>> waves = waves(new Random(3));
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            Map<String, String> oneInstance;
            Map<String, String> threeInstances;
            long bytesOne;
            long[] bytesThree = new long[3];
            String appOne = "it-pdedup-one-" + run;
            String appThree = "it-pdedup-three-" + run;
            Topic<?, ?> outOne = output(bootstrap, "one-" + run);
            Topic<?, ?> outThree = output(bootstrap, "three-" + run);
            List<EnrichService> services = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> readOne = consumer(bootstrap, outOne.name());
                 KafkaConsumer<byte[], byte[]> readThree = consumer(bootstrap, outThree.name())) {
                services.add(new EnrichService(config(bootstrap, appOne, state.resolve("one"), raw, outOne, run), enricher));
                for (int i = 0; i < 3; i++) {
                    services.add(new EnrichService(config(bootstrap, appThree, state.resolve("three-" + i), raw, outThree, run), enricher));
                }
                services.forEach(EnrichService::start);
                await().atMost(Duration.ofSeconds(120)).until(() -> services.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
                Map<String, EnrichedArticle> seenOne = new LinkedHashMap<>();
                Map<String, EnrichedArticle> seenThree = new LinkedHashMap<>();
                int sent = 0;
                // One wave at a time: a wave's duplicates meet an earlier wave's articles that are decided
                // (the semantics within a few commit intervals are StoryPartitionTest's).
                for (List<RawArticle> wave : waves) {
                    for (RawArticle a : wave) {
                        send(producer, raw.name(), a);
                    }
                    sent += wave.size();
                    drainUntil(readOne, seenOne, sent);
                    drainUntil(readThree, seenThree, sent);
                }
                oneInstance = stories(seenOne);
                threeInstances = stories(seenThree);
                bytesOne = storeBytes(services.get(0));
                for (int i = 0; i < 3; i++) {
                    bytesThree[i] = storeBytes(services.get(1 + i));
                }
            } finally {
                services.forEach(EnrichService::close);
            }
            List<EnrichedArticle> all = new ArrayList<>();
            waves.forEach(w -> w.forEach(a -> all.add(enricher.enrich(a))));
            Map<String, String> offline = stories(new LinkedHashMap<>());
            for (EnrichedArticle a : new StoryAssigner(Duration.ofDays(7), 0.3).assignAll(all)) {
                offline.put(a.id(), a.storyId());
            }
            assertThat(oneInstance).as("one instance").hasSize(all.size()).isEqualTo(offline);
            assertThat(threeInstances).as("three instances").isEqualTo(oneInstance);
            assertThat(oneInstance.values().stream().distinct().count()).as("stories").isLessThan(all.size()).isGreaterThan(ORIGINALS);
            assertThat(oneInstance.get("bis-b")).as("look-alike wire item").isEqualTo("bis-b");
            assertThat(oneInstance.get("bis-a-rewrite")).as("rewrite of the wire item").isEqualTo("bis-a");
            long sumThree = bytesThree[0] + bytesThree[1] + bytesThree[2];
            System.out.printf("PartitionedDedupIT: %d articles, %d stories; story store bytes: one instance %d, three instances %s%n",
                    all.size(), oneInstance.values().stream().distinct().count(), bytesOne, java.util.Arrays.toString(bytesThree));
            for (long b : bytesThree) {
                assertThat(b).as("one of three instances against one alone (%d)", bytesOne).isLessThan(bytesOne / 2).isPositive();
            }
            assertThat(sumThree).as("the three together hold what one holds").isBetween(bytesOne * 9 / 10, bytesOne * 11 / 10);
        }
    }

    /** Three waves: originals (and the first wire item), then copies, rewrites and unrelated articles, then the look-alikes. */
    private static List<List<RawArticle>> waves(Random random) throws Exception {
        List<RawArticle> originals = new ArrayList<>();
        List<RawArticle> followers = new ArrayList<>();
        Instant t = Fixtures.T0;
        for (int i = 0; i < ORIGINALS; i++) {
            String title = "Dispatch " + i + " " + words(random, 4);
            String text = words(random, 150) + ".";
            originals.add(Fixtures.article("o" + i, "wire", title, text, t.plusSeconds(60L * i)));
            Instant later = t.plusSeconds(7200 + 60L * i);
            followers.add(switch (i % 3) {
                case 0 -> Fixtures.article("c" + i, "syndicator", title, text, later);
                case 1 -> Fixtures.article("r" + i, "rewriter", title, text + " " + words(random, 10) + ".", later);
                default -> Fixtures.article("u" + i, "other", "Other " + words(random, 4), words(random, 150) + ".", later);
            });
        }
        originals.add(fixture("bis-a", "wire", "bis-wire-a.txt"));
        List<RawArticle> lookAlikes = List.of(fixture("bis-b", "wire", "bis-wire-b.txt"),
                fixture("bis-a-rewrite", "syndicator", "bis-wire-a-rewrite.txt"));
        return List.of(originals, followers, lookAlikes);
    }

    private static String words(Random r, int n) {
        String[] vocabulary = ("river orchard lantern copper meadow harbour falcon granite willow ember quarry saffron "
                + "tundra velvet canyon beacon marble thistle cobalt juniper prairie glacier hollow summit cedar").split(" ");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(vocabulary[r.nextInt(vocabulary.length)]).append(r.nextInt(60));
        }
        return sb.toString();
    }

    private static RawArticle fixture(String id, String source, String name) throws Exception {
        try (var in = PartitionedDedupIT.class.getResourceAsStream("/dedup/" + name)) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = s.split("\n\n", 2);
            Instant published = parts[0].lines().filter(l -> l.startsWith("Published:")).findFirst()
                    .map(l -> Instant.parse(l.substring(10).strip())).orElseThrow();
            return Fixtures.article(id, source, parts[0].lines().findFirst().orElseThrow(), parts[1], published);
        }
    }

    private static Map<String, String> stories(Map<String, EnrichedArticle> seen) {
        Map<String, String> out = new LinkedHashMap<>();
        seen.forEach((id, a) -> out.put(id, a.storyId()));
        return out;
    }

    /** Bytes of keys and values in the instance's local story stores (all its tasks). */
    private static long storeBytes(EnrichService service) {
        ReadOnlyKeyValueStore<String, byte[]> store = service.streams().store(
                StoreQueryParameters.fromNameAndType(StoryProcessor.STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        long bytes = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                bytes += kv.key.length() + kv.value.length;
            }
        }
        return bytes;
    }

    private static Topic<?, ?> output(String bootstrap, String suffix) {
        Topic<?, ?> out = Topics.ARTICLES_ENRICHED.renamed("it-pdedup-enriched-" + suffix, "it");
        TopicProvisioner.ensure(bootstrap, List.of(out, Topics.ARTICLES_DLQ.renamed("it-pdedup-dlq-" + suffix, "it"),
                Topics.ENTITY_TRENDS.renamed("it-pdedup-trends-" + suffix, "it")), PARTITIONS);
        return out;
    }

    private static EnrichConfig config(String bootstrap, String appId, Path state, Topic<?, ?> raw, Topic<?, ?> out, String run) {
        String suffix = out.name().substring("it-pdedup-enriched-".length());
        Map<String, Object> p = new HashMap<>();
        p.put(EnrichConfig.BOOTSTRAP_SERVERS, bootstrap);
        p.put(EnrichConfig.APPLICATION_ID, appId);
        p.put(EnrichConfig.STATE_DIR, state.toString());
        p.put(EnrichConfig.TOPIC_INPUT, raw.name());
        p.put(EnrichConfig.TOPIC_OUTPUT, out.name());
        p.put(EnrichConfig.TOPIC_DLQ, "it-pdedup-dlq-" + suffix);
        p.put(EnrichConfig.TOPIC_TRENDS, "it-pdedup-trends-" + suffix);
        p.put(EnrichConfig.DEDUP_PARTITIONED, "true");
        p.put(EnrichConfig.DEDUP_PARTITIONS, Integer.toString(PARTITIONS));
        return new EnrichConfig(p);
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
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-pdedup-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static void drainUntil(KafkaConsumer<byte[], byte[]> c, Map<String, EnrichedArticle> seen, int count) {
        JsonSerde<EnrichedArticle> serde = new JsonSerde<>(EnrichedArticle.class);
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ZERO).until(() -> {
            c.poll(Duration.ofMillis(200)).forEach(r -> seen.put(new String(r.key(), StandardCharsets.UTF_8),
                    serde.deserialize("t", r.value())));
            return seen.size() >= count;
        });
    }
}
