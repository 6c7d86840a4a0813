package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.KafkaReads;
import io.chipwatch.alerts.internal.TopicAdmin;
import io.chipwatch.alerts.internal.WatchRecords;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch administration over the compacted watches topic, the source of truth at run time:
 * {@code chipwatch watches list | add FILE | remove ID | show ID}, and seeding the defaults at first start.
 * A change reaches the running topology within seconds (it reads the topic as a global store).
 * Adding a watch creates its per-watch alert topic first, so the topology can route to it at once.
 */
public final class WatchAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchAdmin.class);
    private static final JsonSerde<Watch> SERDE = new JsonSerde<>(Watch.class);

    private final AlertsConfig config;
    private final Admin admin;
    private final KafkaProducer<String, Watch> producer;

    public WatchAdmin(AlertsConfig config) {
        this.config = config;
        this.admin = Admin.create(config.kafkaProperties());
        Properties p = config.kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), SERDE);
    }

    /** Current watches in service, by id: each key's last valid version (a refused record never removes a watch). */
    public List<Watch> list() {
        return states().stream().map(WatchState::watch).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Every watch id on the topic, by id, folded as the running topology folds it: the last valid version, and the latest
     * record when it was refused (unreadable, invalid, key differing from the id). Only a tombstone removes a watch.
     */
    public List<WatchState> states() {
        Map<String, WatchState> states = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            KafkaReads.readAll(c, config.watchesTopic(), config.topicReadyTimeout(), r -> {
                if (r.value() == null) {
                    states.remove(r.key());
                    return;
                }
                try {
                    states.put(r.key(), new WatchState(r.key(), WatchRecords.parse(r.key(), r.value()), null));
                } catch (IllegalArgumentException e) {
                    if (r.key() == null) {
                        return;
                    }
                    WatchState old = states.get(r.key());
                    states.put(r.key(), new WatchState(r.key(), old == null ? null : old.watch(),
                            WatchRecords.refusal(e.getMessage(), r.topic(), r.partition(), r.offset(), r.timestamp())));
                }
            });
        }
        return List.copyOf(states.values());
    }

    public Optional<WatchState> state(String id) {
        return states().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** The version of a watch in service, if any. */
    public Optional<Watch> show(String id) {
        return state(id).map(WatchState::watch);
    }

    /** Reads, validates and adds (or replaces) the watches in a YAML or JSON file. */
    public List<Watch> add(Path file) {
        return add(WatchFiles.read(file));
    }

    /** Validates all, creates their per-watch topics, then writes them; nothing is written when one is invalid. */
    public List<Watch> add(Collection<Watch> watches) {
        watches.forEach(WatchMatcher::validate);
        ensureTopics(watches);
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Watch w : watches) {
            sent.add(producer.send(new ProducerRecord<>(config.watchesTopic(), w.id(), w)));
        }
        await(sent);
        return List.copyOf(watches);
    }

    /** Removes a watch (tombstone). Its per-watch topic and alerts stay. @return whether it existed */
    public boolean remove(String id) {
        boolean existed = state(id).isPresent();
        if (existed) {
            await(List.of(producer.send(new ProducerRecord<>(config.watchesTopic(), id, null))));
        }
        return existed;
    }

    /** Writes the default watches of {@code watches.seed.file} if the watches topic has never held a record. */
    public int seedDefaults() {
        return seedDefaults(WatchFiles.read(config.watchesSeedFile()));
    }

    public int seedDefaults(List<Watch> defaults) {
        ensureTopics(List.of());
        if (!topicEmpty()) {
            return 0;
        }
        add(defaults);
        LOG.info("Seeded {} default watches into {}", defaults.size(), config.watchesTopic());
        return defaults.size();
    }

    private boolean topicEmpty() {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> parts = KafkaReads.partitions(c, config.watchesTopic(), config.topicReadyTimeout());
            return c.endOffsets(parts).values().stream().allMatch(o -> o == 0L);
        }
    }

    /** Creates the watches topic and the per-watch alert topics of these watches when missing. */
    public void ensureTopics(Collection<Watch> watches) {
        if (!config.createTopics()) {
            return;
        }
        List<Topic<?, ?>> topics = new ArrayList<>();
        topics.add(Topics.WATCHES.renamed(config.watchesTopic(), Topics.WATCHES.description()));
        if (config.perWatchTopics()) {
            watches.forEach(w -> topics.add(Topics.alertsFor(w.id()).renamed(config.perWatchTopic(w.id()),
                    "Alerts of watch " + w.id() + "; key = alert id.")));
        }
        TopicAdmin.ensure(admin, topics, config.topicPartitions(), config.topicReadyTimeout());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void await(List<java.util.concurrent.Future<?>> futures) {
        try {
            for (var f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing watches", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write watches: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
