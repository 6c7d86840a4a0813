package io.chipwatch.ingest;

import io.chipwatch.ingest.internal.IngestState;
import io.chipwatch.ingest.internal.SourceTable;
import io.chipwatch.ingest.internal.TopicReads;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source administration over the compacted {@code sources} topic, the source of truth at run time:
 * {@code chipwatch sources list | add | remove | enable | disable | import | export}, and seeding it from
 * {@code sources.yaml} at first start. A running ingest service follows the topic and applies a change within
 * seconds. Every write is a validated {@link SourceDefinition} (key = its id) or a tombstone.
 */
public final class SourceAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceAdmin.class);

    private final IngestConfig config;
    private final KafkaProducer<String, byte[]> producer;

    public SourceAdmin(IngestConfig config) {
        this.config = config;
        Properties p = config.kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Every source id on the topic, by id, with the definition in service and the refused latest record if any. When
     * the topic's history of a key holds no valid version any more (compaction), the definition the ingest service
     * last accepted (kept on its state topic) is shown, since that is what it polls.
     */
    public List<SourceState> list() {
        SourceTable table = read();
        if (table.states().stream().anyMatch(s -> s.definition() == null)) {
            acceptedByIngest().forEach(table::restore);
        }
        return table.states();
    }

    public Optional<SourceState> get(String id) {
        return list().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Writes (adds or replaces) these sources, each already validated by its constructor. */
    public void put(Collection<SourceDefinition> sources) {
        List<Future<?>> sent = new ArrayList<>();
        for (SourceDefinition s : sources) {
            sent.add(producer.send(new ProducerRecord<>(config.sourcesTopic(), s.id(), Json.toJson(s).getBytes(StandardCharsets.UTF_8))));
        }
        await(sent);
    }

    /** Removes a source (tombstone); its state (validators, ids seen) stays. @return whether it existed */
    public boolean remove(String id) {
        boolean existed = get(id).isPresent();
        if (existed) {
            await(List.of(producer.send(new ProducerRecord<>(config.sourcesTopic(), id, null))));
        }
        return existed;
    }

    /**
     * Enables or disables a source.
     *
     * @return the definition written
     * @throws IllegalArgumentException when there is no such source, or no valid version of it to change
     */
    public SourceDefinition setEnabled(String id, boolean enabled) {
        SourceState s = get(id).orElseThrow(() -> new IllegalArgumentException("no source with id '" + id + "' (see 'chipwatch sources list')"));
        if (s.definition() == null) {
            throw new IllegalArgumentException("source '" + id + "' has no valid version to " + (enabled ? "enable" : "disable")
                    + " (" + s.invalid().reason() + "); add it again with 'chipwatch sources add'");
        }
        SourceDefinition changed = s.definition().withEnabled(enabled);
        put(List.of(changed));
        return changed;
    }

    /** Writes the sources of {@code sources.file} if the topic has never held a record. @return how many were written */
    public int seedDefaults() {
        ensureTopic();
        if (!neverWritten()) {
            return 0;
        }
        List<SourceDefinition> defaults;
        try {
            defaults = SourcesFile.load(config.sourcesFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sources file " + config.sourcesFile() + ": " + e.getMessage(), e);
        }
        put(defaults);
        LOG.info("Seeded {} sources from {} into {}", defaults.size(), config.sourcesFile(), config.sourcesTopic());
        return defaults.size();
    }

    private boolean neverWritten() {
        try (KafkaConsumer<byte[], byte[]> c = TopicReads.fromBeginning(config.kafkaProperties(), config.sourcesTopic(),
                config.stateLoadTimeout())) {
            return TopicReads.neverWritten(c, config.stateLoadTimeout());
        }
    }

    /** Creates the sources topic when it is missing and waits until the broker serves it (records sent at once can be lost, KAFKA-15591). */
    public void ensureTopic() {
        long timeout = config.stateLoadTimeout().toMillis();
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            if (admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS).contains(config.sourcesTopic())) {
                return;
            }
            try {
                admin.createTopics(List.of(new NewTopic(config.sourcesTopic(), Optional.of(Topics.SOURCES.partitions()), Optional.empty())
                        .configs(Topics.SOURCES.configs()))).all().get(timeout, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + config.sourcesTopic() + ": " + e.getCause().getMessage(), e);
                }
            }
            TopicPartition first = new TopicPartition(config.sourcesTopic(), 0);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            while (true) {
                try {
                    admin.listOffsets(Map.of(first, OffsetSpec.latest())).all().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("topic " + config.sourcesTopic() + " is not served by the broker within " + timeout + " ms", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + config.sourcesTopic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics: " + e.getMessage(), e);
        }
    }

    private SourceTable read() {
        SourceTable table = new SourceTable();
        try (KafkaConsumer<byte[], byte[]> c = TopicReads.fromBeginning(config.kafkaProperties(), config.sourcesTopic(),
                config.stateLoadTimeout())) {
            TopicReads.readToEnd(c, config.stateLoadTimeout(), r -> table.apply(SourceTable.key(r.key()), r.value(), r.topic(),
                    r.partition(), r.offset(), r.timestamp()));
        }
        return table;
    }

    /** The definitions the ingest service last accepted, from its state topic. */
    private List<SourceDefinition> acceptedByIngest() {
        java.util.Map<String, SourceDefinition> accepted = new java.util.HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = TopicReads.fromBeginning(config.kafkaProperties(), config.stateTopic(),
                config.stateLoadTimeout())) {
            TopicReads.readToEnd(c, config.stateLoadTimeout(), r -> {
                String key = SourceTable.key(r.key());
                if (key == null || !key.startsWith(IngestState.SOURCE)) {
                    return;
                }
                String id = key.substring(IngestState.SOURCE.length());
                if (r.value() == null) {
                    accepted.remove(id);
                    return;
                }
                try {
                    accepted.put(id, Json.MAPPER.readValue(r.value(), SourceDefinition.class));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("unreadable accepted source {}: {}", id, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the sources ingest last accepted from {}: {}", config.stateTopic(), e.getMessage());
        }
        return List.copyOf(accepted.values());
    }

    private static void await(List<Future<?>> futures) {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing sources", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write sources: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
