package io.chipwatch.enrich;

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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the {@code chipwatch-enrich} service. Every key is declared once in
 * {@link #definition()}; {@code kafka.*} keys are passed to Kafka Streams with the prefix stripped
 * and win over the values derived here.
 */
public final class EnrichConfig extends ChipwatchConfig {
    public static final String APPLICATION_ID = "application.id";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String SEEDS_DIR = "seeds.dir";
    public static final String STATE_DIR = "state.dir";
    public static final String TOPIC_INPUT = "topic.input";
    public static final String TOPIC_OUTPUT = "topic.output";
    public static final String TOPIC_DLQ = "topic.dlq";
    public static final String TOPIC_TRENDS = "topic.trends";
    public static final String DEDUP_WINDOW_MS = "dedup.window.ms";
    public static final String DEDUP_SIMILARITY_THRESHOLD = "dedup.similarity.threshold";
    public static final String DEDUP_PARTITIONS = "dedup.partitions";
    public static final String DEDUP_PARTITIONED = "dedup.partitioned";
    /** Default of {@link #DEDUP_PARTITIONED}. */
    public static final boolean DEDUP_PARTITIONED_DEFAULT = false;
    public static final String TRENDS_WINDOW_MS = "trends.window.ms";
    public static final String TRENDS_GRACE_MS = "trends.grace.ms";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    /** linger.ms of the Streams producers unless {@code kafka.producer.linger.ms} says otherwise. */
    public static final int STREAMS_PRODUCER_LINGER_MS = 5;
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String CLOSE_TIMEOUT_MS = "close.timeout.ms";
    public static final String DEDUP_MEMORY_MAX_ARTICLES = "dedup.memory.max.articles";
    public static final String INSTANCE_ID = "instance.id";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String EVENTS_SCORER = "events.scorer";
    public static final String EVENTS_SCORER_THRESHOLD = "events.scorer.threshold";
    public static final String EVENTS_SCORER_PROMOTE = "events.scorer.promote";
    /** Defaults of {@link #EVENTS_SCORER} (true = on) and {@link #EVENTS_SCORER_THRESHOLD}: README, Learned event scorer. */
    public static final boolean EVENTS_SCORER_DEFAULT = false;
    public static final double EVENTS_SCORER_THRESHOLD_DEFAULT = 0.3;
    /** Default of {@link #EVENTS_SCORER_PROMOTE}. */
    public static final double EVENTS_SCORER_PROMOTE_DEFAULT = 0.8;

    private static final ConfigDef DEFINITION = baseDefinition()
            .define(APPLICATION_ID, Type.STRING, "chipwatch-enrich", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group, prefix of internal topics and state. "
                            + "'chipwatch reprocess' uses another one so a replay starts from the beginning.")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
                    "Kafka Streams processing guarantee. exactly_once_v2 needs brokers with transactions "
                            + "(transaction.state.log.replication.factor fitting the cluster).")
            .define(SEEDS_DIR, Type.STRING, "seeds", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Directory holding entities.yaml (the gazetteer) and events.yaml (event rules).")
            .define(STATE_DIR, Type.STRING, "data/streams", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Directory for Kafka Streams local state (RocksDB stores of story fingerprints and trend windows).")
            .define(TOPIC_INPUT, Type.STRING, Topics.ARTICLES_RAW.name(), new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic of raw articles to enrich (RawArticle JSON, key = article id).")
            .define(TOPIC_OUTPUT, Type.STRING, Topics.ARTICLES_ENRICHED.name(), new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Topic for enriched articles (EnrichedArticle JSON, key = article id). "
                            + "'chipwatch reprocess' writes replay.articles.enriched instead.")
            .define(TOPIC_DLQ, Type.STRING, Topics.ARTICLES_DLQ.name(), new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Dead-letter topic for input records that cannot be read or enriched (original bytes, reason in headers).")
            .define(TOPIC_TRENDS, Type.STRING, Topics.ENTITY_TRENDS.name(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Topic for hourly entity mention counts (EntityTrend JSON, key = entity id).")
            .define(DEDUP_WINDOW_MS, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(60_000L), Importance.MEDIUM,
                    "How long (event time) an article can be matched as a duplicate of an earlier one of the same story.")
            .define(DEDUP_SIMILARITY_THRESHOLD, Type.DOUBLE, 0.25, Range.between(0.1, 1.0), Importance.MEDIUM,
                    "Estimated Jaccard similarity (MinHash over content words, or character bigrams for Chinese) at "
                            + "or above which two articles are the same story. Syndicated copies and heavy rewrites "
                            + "score about 0.27-0.5, different stories on the same subject 0.1-0.35. "
                            + "Two articles above it are still different stories when each names in its headline or "
                            + "lead a party, product or number the other does not name at all (look-alike wire items "
                            + "sharing an agency's boilerplate).")
            .define(DEDUP_PARTITIONED, Type.BOOLEAN, DEDUP_PARTITIONED_DEFAULT, Importance.MEDIUM,
                    "Story dedup partitioned over the story topic <application.id>-stories (true: one task per partition, "
                            + "state and CPU spread over the instances) or on one partition of the internal repartition topic "
                            + "'story' (false: one task of the whole group sees every article). Both decide alike for articles "
                            + "that are not in flight together. Switching keeps no story state: the other path starts empty.")
            .define(DEDUP_PARTITIONS, Type.INT, 0, Range.between(0, 10_000), Importance.MEDIUM,
                    "Partitions of the story topic <application.id>-stories when the enrich service creates it; 0 takes "
                            + "the input topic's count. Story dedup runs as one task per partition (each holds its share "
                            + "of the LSH bands and of the articles), so it scales like enrichment. Fixed once the topic "
                            + "exists: the service uses the topic's real count.")
            .define(TRENDS_WINDOW_MS, Type.LONG, Duration.ofHours(1).toMillis(), Range.atLeast(1_000L), Importance.LOW,
                    "Size of the tumbling event-time windows of entity.trends.")
            .define(TRENDS_GRACE_MS, Type.LONG, Duration.ofHours(6).toMillis(), Range.atLeast(0L), Importance.LOW,
                    "How late (event time) an article may arrive and still be counted in its trend window.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1L), Importance.LOW,
                    "Kafka Streams commit interval; with exactly_once_v2 also the latency before output is visible.")
            .define(NUM_STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.LOW,
                    "Kafka Streams threads in this instance.")
            .define(REPLICATION_FACTOR, Type.INT, -1, Range.between(-1, 32767), Importance.LOW,
                    "Replication factor of internal topics (changelogs, repartition topics); -1 uses the broker default.")
            .define(CLOSE_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0L), Importance.LOW,
                    "How long close() waits for Kafka Streams to shut down cleanly.")
            .define(DEDUP_MEMORY_MAX_ARTICLES, Type.INT, 50_000, Range.between(100, 10_000_000), Importance.MEDIUM,
                    "Most articles the near-duplicate index of one dedup task (one partition of the story topic) holds in "
                            + "memory (about 3.5 KB of heap each): the newest within "
                            + "dedup.window.ms. Older ones are still found as exact duplicates (same id or same text, from the "
                            + "state store on disk), but no longer as near duplicates. Bounds the heap however many articles "
                            + "arrive within the window, e.g. when an archive is replayed.")
            .define(INSTANCE_ID, Type.STRING, "", Importance.MEDIUM,
                    "Stable id of this instance for static consumer-group membership (Kafka group.instance.id, suffixed per "
                            + "stream thread): a restarted instance takes its partitions back at once instead of waiting for its "
                            + "old session to expire. Empty derives it from the host name and state.dir; 'none' turns static "
                            + "membership off. Must differ between instances.")
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.between(0, 10), Importance.LOW,
                    "Standby replicas of each state store on other instances (Kafka Streams num.standby.replicas): with "
                            + "several instances, one that takes over a task finds its state already built.")
            .define(EVENTS_SCORER, Type.STRING, EVENTS_SCORER_DEFAULT ? "on" : "off", ValidString.in("on", "off"), Importance.MEDIUM,
                    "The learned event scorer (seeds.dir/event-scorer.json, trained by 'chipwatch train-scorer' on the labelled "
                            + "sets): 'on' demotes a main event to secondary when the model's probability that it is a main event "
                            + "is under events.scorer.threshold, and a secondary one to main when it is over events.scorer.promote (salience "
                            + "reason '...+scorer:P'); 'off', or no model file, leaves "
                            + "the rules' salience as it is. README, Evaluation, Learned event scorer, has the cross-validated figures.")
            .define(EVENTS_SCORER_THRESHOLD, Type.DOUBLE, EVENTS_SCORER_THRESHOLD_DEFAULT, Range.between(0.0, 1.0), Importance.LOW,
                    "With events.scorer on: the probability under which a main event becomes secondary.")
            .define(EVENTS_SCORER_PROMOTE, Type.DOUBLE, EVENTS_SCORER_PROMOTE_DEFAULT, Range.between(0.0, 1.0), Importance.LOW,
                    "With events.scorer on: the probability over which a secondary event becomes main; 1 never promotes.");

    public EnrichConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
        if (topicOutput().equals(topicInput()) || topicDlq().equals(topicInput())) {
            throw invalid(TOPIC_OUTPUT, topicOutput(), "output and dead-letter topics must differ from " + TOPIC_INPUT);
        }
    }

    /** A copy of the definition (for docs and the CLI). */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    public Path seedsDir() {
        return Path.of(getString(SEEDS_DIR));
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR));
    }

    public String topicInput() {
        return getString(TOPIC_INPUT);
    }

    public String topicOutput() {
        return getString(TOPIC_OUTPUT);
    }

    public String topicDlq() {
        return getString(TOPIC_DLQ);
    }

    public String topicTrends() {
        return getString(TOPIC_TRENDS);
    }

    /** {@code dedup.partitions}: 0 means as many as the input topic. */
    public boolean dedupPartitioned() {
        return getBoolean(DEDUP_PARTITIONED);
    }

    public int dedupPartitions() {
        return getInt(DEDUP_PARTITIONS);
    }

    public Duration dedupWindow() {
        return Duration.ofMillis(getLong(DEDUP_WINDOW_MS));
    }

    public double dedupSimilarityThreshold() {
        return getDouble(DEDUP_SIMILARITY_THRESHOLD);
    }

    public Duration trendsWindow() {
        return Duration.ofMillis(getLong(TRENDS_WINDOW_MS));
    }

    public Duration trendsGrace() {
        return Duration.ofMillis(getLong(TRENDS_GRACE_MS));
    }

    public int dedupMemoryMaxArticles() {
        return getInt(DEDUP_MEMORY_MAX_ARTICLES);
    }

    /** group.instance.id of this instance's consumers (static membership), or null for dynamic membership. */
    public String groupInstanceId() {
        return groupInstanceId(getString(INSTANCE_ID), stateDir());
    }

    public Duration closeTimeout() {
        return Duration.ofMillis(getLong(CLOSE_TIMEOUT_MS));
    }

    /** {@code events.scorer} is {@code on}. */
    public boolean eventsScorer() {
        return "on".equals(getString(EVENTS_SCORER));
    }

    public double eventsScorerThreshold() {
        return getDouble(EVENTS_SCORER_THRESHOLD);
    }

    public double eventsScorerPromote() {
        return getDouble(EVENTS_SCORER_PROMOTE);
    }

    /** Kafka Streams properties: derived values, then every {@code kafka.*} key on top. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, getInt(REPLICATION_FACTOR));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS));
        String instance = groupInstanceId();
        if (instance != null) {
            // Streams suffixes it per stream thread; a restarted instance rejoins with its old assignment at once.
            p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
        }
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // Records up to the article topics' max.message.bytes, and their dead letters, must fit through producers.
        p.put(StreamsConfig.producerPrefix("max.request.size"), Topics.PRODUCER_MAX_REQUEST_BYTES);
        // Streams' producers linger 100 ms by default: under exactly-once everything produced since the last
        // commit then waits for the commit's flush, which blocks the stream thread. Sending as records come
        // keeps that flush short (kafka.producer.linger.ms overrides it).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), STREAMS_PRODUCER_LINGER_MS);
        p.putAll(kafkaProperties());
        return p;
    }
}
