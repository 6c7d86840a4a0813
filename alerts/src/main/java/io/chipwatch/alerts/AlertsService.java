package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.TopicAdmin;
import io.chipwatch.model.Watch;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    private Admin admin;
    private KafkaStreams streams;
    private Notifier notifier;
    private KafkaConsumer<String, byte[]> watchReader;
    private Thread watchThread;
    private volatile boolean running;

    public AlertsService(AlertsConfig config, PrintStream console, Secrets secrets) {
        this.config = config;
        this.console = console;
        this.secrets = secrets;
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
        streams = new KafkaStreams(new AlertsTopology(config).build(), config.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Alerts stream thread failed: {}", e.toString(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        if (config.notifyEnabled()) {
            notifier = new Notifier(config, console, secrets);
            notifier.start();
        }
        LOG.info("Alerts service started: {} -> {} (notify {})", config.inputTopic(), config.alertsTopic(),
                config.notifyEnabled() ? "on" : "off");
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** True when the Streams app is running and the notifier (if enabled) has loaded its delivery log. */
    public boolean isReady() {
        return streams != null && streams.state() == KafkaStreams.State.RUNNING && (notifier == null || notifier.isReady());
    }

    private void ensureTopics() {
        List<Topic<?, ?>> topics = new ArrayList<>();
        topics.add(Topics.ARTICLES_ENRICHED.renamed(config.inputTopic(), Topics.ARTICLES_ENRICHED.description()));
        topics.add(Topics.ALERTS.renamed(config.alertsTopic(), Topics.ALERTS.description()));
        topics.add(Topics.WATCHES.renamed(config.watchesTopic(), Topics.WATCHES.description()));
        topics.add(Topics.ENTITY_TRENDS.renamed(config.trendsTopic(), Topics.ENTITY_TRENDS.description()));
        topics.add(Topics.ALERTS_DLQ.renamed(config.dlqTopic(), Topics.ALERTS_DLQ.description()));
        topics.add(Topics.ALERTS_DELIVERED.renamed(config.deliveredTopic(), Topics.ALERTS_DELIVERED.description()));
        TopicAdmin.ensure(admin, topics, config.topicPartitions(), config.topicReadyTimeout());
    }

    private void startWatchReader() {
        Properties p = config.kafkaProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        watchReader = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = watchReader.partitionsFor(config.watchesTopic(), config.topicReadyTimeout()).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        watchReader.assign(parts);
        watchReader.seekToBeginning(parts);
        watchThread = new Thread(this::readWatches, "chipwatch-alerts-watch-topics");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    private void readWatches() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : watchReader.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.key() != null && !provisioned.contains(r.key())) {
                        provision(r);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            watchReader.close();
        }
    }

    private void provision(ConsumerRecord<String, byte[]> r) {
        try {
            Watch w = WATCH_SERDE.deserialize(r.topic(), r.value());
            TopicAdmin.ensure(admin, List.of(Topics.alertsFor(w.id()).renamed(config.perWatchTopic(w.id()),
                    "Alerts of watch " + w.id() + "; key = alert id.")), config.topicPartitions(), config.topicReadyTimeout());
            provisioned.add(w.id());
        } catch (RuntimeException e) {
            LOG.warn("Cannot create the topic of watch '{}': {}", r.key(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (notifier != null) {
            notifier.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
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
