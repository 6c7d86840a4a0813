package io.chipwatch.alerts;

import io.chipwatch.model.Watch;
import io.chipwatch.model.config.ChipwatchConfig;
import io.chipwatch.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the alerts service: the {@code chipwatch-alerts} Streams app, the notifier, tail,
 * back-testing and watch administration. Every key is declared once in {@link #DEFINITION}.
 * Secrets (SMTP password, webhook keys) are never keys here: keys name the environment variable.
 */
public final class AlertsConfig extends ChipwatchConfig {
    public static final String APPLICATION_ID = "application.id";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String STATE_DIR = "state.dir";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String TOPIC_INPUT = "topic.input";
    public static final String TOPIC_ALERTS = "topic.alerts";
    public static final String TOPIC_WATCHES = "topic.watches";
    public static final String TOPIC_TRENDS = "topic.trends";
    public static final String TOPIC_DLQ = "topic.dlq";
    public static final String TOPIC_DELIVERED = "topic.delivered";
    public static final String TOPIC_RETRY = "topic.retry";
    public static final String TOPIC_PER_WATCH_ENABLED = "topic.per.watch.enabled";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPIC_READY_TIMEOUT_MS = "topic.ready.timeout.ms";
    public static final String NOTIFY_ENABLED = "notify.enabled";
    public static final String NOTIFY_GROUP_ID = "notify.group.id";
    public static final String NOTIFY_MAX_BATCH = "notify.max.batch";
    public static final String NOTIFY_CHANNEL_QUEUE_MAX = "notify.channel.queue.max";
    public static final String NOTIFY_DELIVERY_MEMORY_MAX = "notify.delivery.memory.max";
    public static final String NOTIFY_FILE_MEMORY_MAX = "notify.file.memory.max";
    public static final String INSTANCE_ID = "instance.id";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String DELIVERY_RETRY_INITIAL_MS = "delivery.retry.initial.ms";
    public static final String DELIVERY_RETRY_MAX_MS = "delivery.retry.max.ms";
    public static final String DELIVERY_DEADLINE_MS = "delivery.deadline.ms";
    public static final String DELIVERY_REQUEST_TIMEOUT_MS = "delivery.request.timeout.ms";
    public static final String SMTP_HOST = "smtp.host";
    public static final String SMTP_PORT = "smtp.port";
    public static final String SMTP_USER = "smtp.user";
    public static final String SMTP_PASSWORD_ENV = "smtp.password.env";
    public static final String SMTP_FROM = "smtp.from";
    public static final String SMTP_STARTTLS = "smtp.starttls";
    public static final String THROTTLE_DEFAULT_MAX = "throttle.default.max";
    public static final String THROTTLE_DEFAULT_WINDOW_MS = "throttle.default.window.ms";
    public static final String WINDOW_PUNCTUATE_INTERVAL_MS = "window.punctuate.interval.ms";
    public static final String DEDUP_RETENTION_MS = "dedup.retention.ms";
    public static final String SPIKE_HISTORY_WINDOWS = "spike.history.windows";
    public static final String WATCHES_SEED_FILE = "watches.seed.file";

    public static final String EXACTLY_ONCE_V2 = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;

    public static final ConfigDef DEFINITION = baseDefinition()
            .define(APPLICATION_ID, Type.STRING, "chipwatch-alerts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application.id of the alert-decision topology; also the prefix of its internal topics and consumer group.")
            .define(PROCESSING_GUARANTEE, Type.STRING, EXACTLY_ONCE_V2, ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE), Importance.MEDIUM,
                    "Streams processing guarantee. exactly_once_v2 makes an alert, its dedup entry and the input offset commit atomic.")
            .define(STATE_DIR, Type.STRING, Path.of(System.getProperty("java.io.tmpdir"), "chipwatch", "alerts-state").toString(),
                    new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Directory of the Streams state stores (emitted alert ids, throttle windows, trend history). Put it under the data dir.")
            .define(NUM_STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.LOW,
                    "Stream threads of the alert-decision topology.")
            .define(INSTANCE_ID, Type.STRING, "", Importance.MEDIUM,
                    "Stable id of this instance for static consumer-group membership (Kafka group.instance.id of the Streams "
                            + "consumers and the notifier): a restarted instance takes its partitions back at once instead of "
                            + "waiting for its old session to expire. Empty derives it from the host name and state.dir; 'none' "
                            + "turns static membership off. Must differ between instances of one application.")
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.between(0, 10), Importance.LOW,
                    "Standby replicas of each state store on other instances (Kafka Streams num.standby.replicas): with "
                            + "several instances, one that takes over a task finds its state already built.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.between(1L, 600_000L), Importance.LOW,
                    "Streams commit interval; with exactly_once_v2 alerts become visible to read_committed readers at each commit.")
            .define(TOPIC_INPUT, Type.STRING, Topics.ARTICLES_ENRICHED.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Input topic of enriched articles (key = article id, JSON EnrichedArticle). replay.articles.enriched for a reprocess run.")
            .define(TOPIC_ALERTS, Type.STRING, Topics.ALERTS.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of every alert (key = watch id, JSON Alert); per-watch topics are named <topic.alerts>.<watchId>. "
                            + "replay.alerts for a reprocess run.")
            .define(TOPIC_WATCHES, Type.STRING, Topics.WATCHES.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic of watch definitions (key = watch id, JSON Watch, null value removes). The source of truth at run time.")
            .define(TOPIC_TRENDS, Type.STRING, Topics.ENTITY_TRENDS.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of entity mention counts per window (key = entity id, JSON EntityTrend), consumed by spike watches.")
            .define(TOPIC_DLQ, Type.STRING, Topics.ALERTS_DLQ.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Dead-letter topic for unreadable inputs and undeliverable alerts; original bytes, reason in chipwatch.dlq.* headers.")
            .define(TOPIC_DELIVERED, Type.STRING, Topics.ALERTS_DELIVERED.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted delivery log (key = channel|alertId, JSON Delivery), the truth about deliveries: read at notifier "
                            + "start and followed while running, so nothing is sent twice; a resend is allowed while the latest entry "
                            + "of a key is dead-lettered.")
            .define(TOPIC_RETRY, Type.STRING, Topics.ALERTS_RETRY.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of resend requests for dead-lettered deliveries (key = channel|alertId, JSON RetryRequest), written by "
                            + "'chipwatch deliveries retry' and the web dashboard, consumed by the notifier.")
            .define(TOPIC_PER_WATCH_ENABLED, Type.BOOLEAN, true, Importance.LOW,
                    "Also write each alert to its per-watch topic <topic.alerts>.<watchId> (key = alert id).")
            .define(TOPIC_PARTITIONS, Type.INT, 0, Range.between(0, 1000), Importance.LOW,
                    "Partitions of topics this service creates; 0 keeps each topic's registry default.")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.LOW,
                    "Create missing topics (including per-watch topics) at start and when watches appear. Auto-creation is off on our broker.")
            .define(TOPIC_READY_TIMEOUT_MS, Type.LONG, 60_000L, Range.between(100L, 3_600_000L), Importance.LOW,
                    "How long to wait for created topics to be served by the broker, and for start-up reads of compacted topics.")
            .define(NOTIFY_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                    "Run the notifier (console, webhook, slack, email, file channels). False for replays: alerts are written, nobody is notified.")
            .define(NOTIFY_GROUP_ID, Type.STRING, "chipwatch-notifier", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Consumer group of the notifier (alerts and resend requests); an offset is committed only when every channel of "
                            + "every alert before it delivered or dead-lettered.")
            .define(NOTIFY_MAX_BATCH, Type.INT, 50, Range.between(1, 10_000), Importance.LOW,
                    "Most alerts the notifier takes from Kafka per poll.")
            .define(NOTIFY_CHANNEL_QUEUE_MAX, Type.INT, 1_000, Range.between(1, 1_000_000), Importance.MEDIUM,
                    "Alerts waiting for one channel (each channel has its own queue and worker, so a slow or failing channel "
                            + "delays no other). When a queue holds this many, the notifier stops taking alerts from Kafka until "
                            + "it drains: back-pressure that loses nothing. Memory: up to this many alerts per channel, plus one poll.")
            .define(NOTIFY_DELIVERY_MEMORY_MAX, Type.INT, 100_000, Range.between(100, 10_000_000), Importance.LOW,
                    "Delivery-log entries the notifier keeps in memory (about 200 bytes each): deliveries of alerts whose "
                            + "offsets are not committed yet (what a restart reads again), dead-lettered deliveries and resends. "
                            + "Entries of committed alerts are dropped; beyond this size the oldest go first.")
            .define(NOTIFY_FILE_MEMORY_MAX, Type.INT, 10_000, Range.between(10, 10_000_000), Importance.LOW,
                    "Alert ids a file channel remembers (the newest lines of its file, read once at start), so an alert re-sent "
                            + "after a crash is not appended twice.")
            .define(DELIVERY_RETRY_INITIAL_MS, Type.LONG, 500L, Range.between(1L, 3_600_000L), Importance.MEDIUM,
                    "First retry delay of a failed delivery; doubles with each retry up to delivery.retry.max.ms.")
            .define(DELIVERY_RETRY_MAX_MS, Type.LONG, 30_000L, Range.between(1L, 3_600_000L), Importance.LOW,
                    "Largest retry delay of a failed delivery.")
            .define(DELIVERY_DEADLINE_MS, Type.LONG, 600_000L, Range.between(1L, 86_400_000L), Importance.MEDIUM,
                    "How long a delivery may keep failing, counted from when the notifier took the alert, before it goes to the "
                            + "dead-letter topic with the last error as reason. Each channel has its own queue, so this holds up only "
                            + "that channel's alerts.")
            .define(DELIVERY_REQUEST_TIMEOUT_MS, Type.LONG, 10_000L, Range.between(1L, 600_000L), Importance.LOW,
                    "Timeout of one webhook/slack HTTP request or SMTP connection.")
            .define(SMTP_HOST, Type.STRING, "localhost", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "SMTP server host for email channels.")
            .define(SMTP_PORT, Type.INT, 25, Range.between(1, 65_535), Importance.MEDIUM,
                    "SMTP server port.")
            .define(SMTP_USER, Type.STRING, "", Importance.MEDIUM,
                    "SMTP user name; empty sends without authentication.")
            .define(SMTP_PASSWORD_ENV, Type.STRING, "CHIPWATCH_SMTP_PASSWORD", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Name of the environment variable holding the SMTP password (never the password itself).")
            .define(SMTP_FROM, Type.STRING, "chipwatch@localhost", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "From address of alert emails.")
            .define(SMTP_STARTTLS, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Require STARTTLS on the SMTP connection.")
            .define(THROTTLE_DEFAULT_MAX, Type.INT, 30, Range.between(0, 1_000_000), Importance.LOW,
                    "Throttle of watches that declare none: at most this many alerts per window, the rest folded into one digest "
                            + "alert. 0 leaves such watches unthrottled.")
            .define(THROTTLE_DEFAULT_WINDOW_MS, Type.LONG, Duration.ofHours(1).toMillis(), Range.between(1_000L, Duration.ofDays(7).toMillis()),
                    Importance.LOW, "Window of the default throttle.")
            .define(WINDOW_PUNCTUATE_INTERVAL_MS, Type.LONG, 5_000L, Range.between(10L, 3_600_000L), Importance.LOW,
                    "How often (wall clock) closed throttle windows and hourly/daily digests are checked and their digest alerts emitted.")
            .define(DEDUP_RETENTION_MS, Type.LONG, Duration.ofDays(30).toMillis(), Range.between(60_000L, Duration.ofDays(3650).toMillis()),
                    Importance.LOW, "How long an emitted alert id is remembered, so a story reported again within it alerts once.")
            .define(SPIKE_HISTORY_WINDOWS, Type.INT, 200, Range.between(2, 10_000), Importance.LOW,
                    "Trend windows kept per entity for spike watches (must cover window x (baselineWindows + 1)).")
            .define(WATCHES_SEED_FILE, Type.STRING, "seeds/watches.yaml", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "YAML file of the default watches, written to the watches topic at first start when that topic is empty.");

    public AlertsConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
    }

    public String applicationId() { return getString(APPLICATION_ID); }
    public String inputTopic() { return getString(TOPIC_INPUT); }
    public String alertsTopic() { return getString(TOPIC_ALERTS); }
    public String watchesTopic() { return getString(TOPIC_WATCHES); }
    public String trendsTopic() { return getString(TOPIC_TRENDS); }
    public String dlqTopic() { return getString(TOPIC_DLQ); }
    public String deliveredTopic() { return getString(TOPIC_DELIVERED); }
    public String retryTopic() { return getString(TOPIC_RETRY); }
    public boolean perWatchTopics() { return getBoolean(TOPIC_PER_WATCH_ENABLED); }
    public int topicPartitions() { return getInt(TOPIC_PARTITIONS); }
    public boolean createTopics() { return getBoolean(TOPICS_CREATE); }
    public Duration topicReadyTimeout() { return Duration.ofMillis(getLong(TOPIC_READY_TIMEOUT_MS)); }
    public boolean notifyEnabled() { return getBoolean(NOTIFY_ENABLED); }
    public String notifyGroupId() { return getString(NOTIFY_GROUP_ID); }
    public int notifyMaxBatch() { return getInt(NOTIFY_MAX_BATCH); }
    public int channelQueueMax() { return getInt(NOTIFY_CHANNEL_QUEUE_MAX); }
    public int deliveryMemoryMax() { return getInt(NOTIFY_DELIVERY_MEMORY_MAX); }
    public int fileMemoryMax() { return getInt(NOTIFY_FILE_MEMORY_MAX); }
    public Duration retryInitial() { return Duration.ofMillis(getLong(DELIVERY_RETRY_INITIAL_MS)); }
    public Duration retryMax() { return Duration.ofMillis(getLong(DELIVERY_RETRY_MAX_MS)); }
    public Duration deliveryDeadline() { return Duration.ofMillis(getLong(DELIVERY_DEADLINE_MS)); }
    public Duration requestTimeout() { return Duration.ofMillis(getLong(DELIVERY_REQUEST_TIMEOUT_MS)); }
    public String smtpHost() { return getString(SMTP_HOST); }
    public int smtpPort() { return getInt(SMTP_PORT); }
    public String smtpUser() { return getString(SMTP_USER); }
    public String smtpPasswordEnv() { return getString(SMTP_PASSWORD_ENV); }
    public String smtpFrom() { return getString(SMTP_FROM); }
    public boolean smtpStarttls() { return getBoolean(SMTP_STARTTLS); }
    public Duration punctuateInterval() { return Duration.ofMillis(getLong(WINDOW_PUNCTUATE_INTERVAL_MS)); }
    public Duration dedupRetention() { return Duration.ofMillis(getLong(DEDUP_RETENTION_MS)); }
    public int spikeHistoryWindows() { return getInt(SPIKE_HISTORY_WINDOWS); }
    public Path watchesSeedFile() { return Path.of(getString(WATCHES_SEED_FILE)); }

    /** group.instance.id of this instance's consumers (static membership), or null for dynamic membership. */
    public String groupInstanceId() {
        return groupInstanceId(getString(INSTANCE_ID), Path.of(getString(STATE_DIR)));
    }

    /** The per-watch alert topic of {@code watchId}: {@code <topic.alerts>.<watchId>}. */
    public String perWatchTopic(String watchId) {
        return alertsTopic() + "." + watchId;
    }

    /** The throttle applied to watches that declare none, or null when unthrottled. */
    public Watch.Throttle defaultThrottle() {
        int max = getInt(THROTTLE_DEFAULT_MAX);
        return max == 0 ? null : new Watch.Throttle(max, Duration.ofMillis(getLong(THROTTLE_DEFAULT_WINDOW_MS)));
    }

    /** Properties for {@code KafkaStreams}: client settings plus the Streams keys above. */
    public Properties streamsProperties() {
        Properties p = kafkaProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        p.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS));
        String instance = groupInstanceId();
        if (instance != null) {
            // Streams suffixes it per stream thread; a restarted instance rejoins with its old assignment at once.
            p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
        }
        // Without this a dead letter of a large input (over the 1 MiB default) fails the stream thread on every
        // retry: the alerts pipeline would stop on one oversized poison record.
        p.put(StreamsConfig.producerPrefix("max.request.size"), io.chipwatch.model.topic.Topics.PRODUCER_MAX_REQUEST_BYTES);
        return p;
    }
}
