package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.TopicAdmin;
import io.chipwatch.model.Watch;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import io.chipwatch.model.topic.DeadLetterHeaders;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alerts service: creates its topics (and one per watch), starts the
 * {@code chipwatch-alerts} Streams app and, unless {@code notify.enabled=false}, the {@link Notifier}.
 * A background reader of the watches topic creates per-watch topics for watches that appear at run
 * time without {@link WatchAdmin} (which creates them itself before writing a watch).
 */
public final class AlertsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertsService.class);
    private static final JsonSerde<Watch> WATCH_SERDE = new JsonSerde<>(Watch.class);

    private final AlertsConfig config;
    private final PrintStream console;
    private final Secrets secrets;
    private final MeterRegistry registry;
    /** Ids of live watches whose per-watch topic exists (removed watches are dropped, so it stays as small as the watch list). */
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    private final KafkaStreams streams;
    private Admin admin;
    private Notifier notifier;
    private KafkaConsumer<String, byte[]> watchReader;
    private Thread watchThread;
    private KafkaProducer<byte[], byte[]> dlqProducer;
    /** Per partition of the watches topic: offsets below this were already checked (and dead-lettered). */
    private final Map<Integer, Long> audited = new ConcurrentHashMap<>();
    /**
     * Per partition of the watches topic: the end offset at start. Records below it are history: the
     * watches alive at start were provisioned from the topic's current state, and an older record of a
     * watch removed since must not bring its topic back (reprocess deletes replay topics and would see
     * them recreated for watches that no longer exist).
     */
    private final Map<Integer, Long> historyEnd = new ConcurrentHashMap<>();
    private volatile boolean running;

    public AlertsService(AlertsConfig config, PrintStream console, Secrets secrets) {
        this(config, console, secrets, new SimpleMeterRegistry());
    }

    /** Meters of the topology and the notifier go to {@code registry}. */
    public AlertsService(AlertsConfig config, PrintStream console, Secrets secrets, MeterRegistry registry) {
        this.config = config;
        this.console = console;
        this.secrets = secrets;
        this.registry = registry;
        this.streams = new KafkaStreams(new AlertsTopology(config, registry).build(), config.streamsProperties());
    }

    /** The Streams instance of the alert-decision topology (listeners may be added before {@link #start()}). */
    public KafkaStreams streams() {
        return streams;
    }

    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("alerts service already started");
        }
        running = true;
        admin = Admin.create(config.kafkaProperties());
        if (config.createTopics()) {
            ensureTopics();
            try (WatchAdmin watches = new WatchAdmin(config)) {
                List<Watch> current = watches.list();
                watches.ensureTopics(current);
                current.forEach(w -> provisioned.add(w.id()));
            }
            startWatchReader();
        }
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Alerts stream thread failed: {}", e.toString(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        if (config.notifyEnabled()) {
            notifier = new Notifier(config, console, secrets, registry);
            notifier.start();
        }
        LOG.info("Alerts service started: {} -> {} (notify {})", config.inputTopic(), config.alertsTopic(),
                config.notifyEnabled() ? "on" : "off");
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True when the Streams app is running and the notifier (if enabled) has loaded its delivery log. */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING && (notifier == null || notifier.isReady());
    }

    /** Deliveries ended since start, or null when the notifier is off. */
    public Notifier.Outcomes deliveryOutcomes() {
        return notifier == null ? null : notifier.outcomes();
    }

    private void ensureTopics() {
        List<Topic<?, ?>> topics = new ArrayList<>();
        topics.add(Topics.ARTICLES_ENRICHED.renamed(config.inputTopic(), Topics.ARTICLES_ENRICHED.description()));
        topics.add(Topics.ALERTS.renamed(config.alertsTopic(), Topics.ALERTS.description()));
        topics.add(Topics.WATCHES.renamed(config.watchesTopic(), Topics.WATCHES.description()));
        topics.add(Topics.ENTITY_TRENDS.renamed(config.trendsTopic(), Topics.ENTITY_TRENDS.description()));
        topics.add(Topics.ALERTS_DLQ.renamed(config.dlqTopic(), Topics.ALERTS_DLQ.description()));
        topics.add(Topics.ALERTS_DELIVERED.renamed(config.deliveredTopic(), Topics.ALERTS_DELIVERED.description()));
        topics.add(Topics.ALERTS_RETRY.renamed(config.retryTopic(), Topics.ALERTS_RETRY.description()));
        TopicAdmin.ensure(admin, topics, config.topicPartitions(), config.topicReadyTimeout());
    }

    private void startWatchReader() {
        Properties p = config.kafkaProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The group only remembers how far invalid watches were dead-lettered; partitions are assigned, not subscribed.
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId() + "-watch-audit");
        watchReader = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = watchReader.partitionsFor(config.watchesTopic(), config.topicReadyTimeout()).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        watchReader.assign(parts);
        watchReader.committed(Set.copyOf(parts), config.topicReadyTimeout()).forEach((tp, o) -> {
            if (o != null) {
                audited.put(tp.partition(), o.offset());
            }
        });
        watchReader.seekToBeginning(parts);
        watchReader.endOffsets(parts).forEach((tp, end) -> historyEnd.put(tp.partition(), end));
        Properties pp = config.kafkaProperties();
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.PRODUCER_MAX_REQUEST_BYTES);
        dlqProducer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
        watchThread = new Thread(this::readWatches, "chipwatch-alerts-watch-topics");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    private void readWatches() {
        try {
            while (running) {
                var records = watchReader.poll(Duration.ofMillis(500));
                boolean deadLettered = false;
                Map<String, Watch> latest = new java.util.LinkedHashMap<>(); // the batch's net effect, per watch id
                for (ConsumerRecord<String, byte[]> r : records) {
                    boolean history = r.offset() < historyEnd.getOrDefault(r.partition(), 0L);
                    if (r.value() == null) {
                        if (!history && r.key() != null) {
                            latest.put(r.key(), null); // a tombstone removes a watch
                        }
                        if (r.key() != null) {
                            provisioned.remove(r.key());
                        }
                        continue;
                    }
                    Watch w = validWatch(r);
                    if (w == null) {
                        deadLettered |= r.offset() >= audited.getOrDefault(r.partition(), 0L);
                    } else if (!history) {
                        latest.put(w.id(), w);
                    }
                }
                latest.values().stream().filter(w -> w != null && !provisioned.contains(w.id())).forEach(this::provision);
                if (deadLettered) {
                    dlqProducer.flush();
                    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                    for (TopicPartition tp : watchReader.assignment()) {
                        done.put(tp, new OffsetAndMetadata(watchReader.position(tp)));
                        audited.put(tp.partition(), watchReader.position(tp));
                    }
                    watchReader.commitSync(done);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Watch topic reader stopped: {}", e.toString(), e);
        } finally {
            watchReader.close();
            dlqProducer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Parses and validates a watch record as the topology will; an invalid one (undecodable, wrong
     * JSON, key differing from its id, bad query) is ignored by the topology and, the first time it
     * is seen, copied to {@code topic.dlq} with the reason, so an operator can see why the watch is
     * not active.
     */
    private Watch validWatch(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.key() == null) {
                throw new IllegalArgumentException("watch record without key (the key must be the watch id)");
            }
            Watch w = WATCH_SERDE.deserialize(r.topic(), r.value());
            if (!w.id().equals(r.key())) {
                throw new IllegalArgumentException("record key '" + r.key() + "' differs from watch id '" + w.id() + "'");
            }
            WatchMatcher.validate(w);
            return w;
        } catch (RuntimeException e) {
            if (r.offset() >= audited.getOrDefault(r.partition(), 0L)) {
                String reason = "invalid watch: " + e.getMessage();
                LOG.warn("Dead-lettering record {}-{}@{} of the watches topic: {}", r.topic(), r.partition(), r.offset(), reason);
                RecordHeaders headers = new RecordHeaders();
                DeadLetterHeaders.add(headers, "watches", reason, r.topic(), r.partition(), r.offset(), e);
                new io.chipwatch.alerts.internal.AlertMetrics(registry).deadLetter("watches");
                dlqProducer.send(new ProducerRecord<>(config.dlqTopic(), null, r.timestamp(),
                        r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value(), headers));
            }
            return null;
        }
    }

    private void provision(Watch w) {
        try {
            TopicAdmin.ensure(admin, List.of(Topics.alertsFor(w.id()).renamed(config.perWatchTopic(w.id()),
                    "Alerts of watch " + w.id() + "; key = alert id.")), config.topicPartitions(), config.topicReadyTimeout());
            provisioned.add(w.id());
        } catch (RuntimeException e) {
            LOG.warn("Cannot create the topic of watch '{}': {}", w.id(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (notifier != null) {
            notifier.close();
        }
        if (streams.state() != KafkaStreams.State.CREATED) {
            // Leaving the group hands the partitions to another instance at once; a crash keeps them (static
            // membership) until this instance restarts or its session times out.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } else {
            streams.close(Duration.ZERO);
        }
        if (watchReader != null) {
            watchReader.wakeup();
            try {
                watchThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close();
        }
    }
}
