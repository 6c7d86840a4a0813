package io.chipwatch.model.topic;

import io.chipwatch.model.Alert;
import io.chipwatch.model.Delivery;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.RetryRequest;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every chipwatch topic. The JSON on these topics is a public contract documented in the README.
 * Retention defaults keep 90 days of articles so history can be replayed and back-tested.
 */
public final class Topics {
    /** Largest record we accept: real HTML-derived articles with long text fit comfortably. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /**
     * Dead-letter topics take 1 MiB more than the inputs: a dead letter is the original record plus
     * {@code chipwatch.dlq.*} headers, and one that does not fit would fail its stream thread on every
     * retry, stopping the pipeline on one poison record.
     */
    public static final int MAX_DEAD_LETTER_BYTES = MAX_MESSAGE_BYTES + 1024 * 1024;
    /** {@code max.request.size} for every producer that may write an article or a dead letter. */
    public static final int PRODUCER_MAX_REQUEST_BYTES = MAX_DEAD_LETTER_BYTES + 64 * 1024;
    /** Size kept per partition of article and alert topics (about a million typical articles). */
    public static final long ARTICLE_RETENTION_BYTES = 4L * 1024 * 1024 * 1024;

    public static final Serde<String> STRING = Serdes.String();
    public static final Serde<byte[]> BYTES = Serdes.ByteArray();

    /**
     * Record time is the article's published time (event time), so a replayed archive carries old
     * timestamps, and Kafka's time retention is measured on record timestamps: with a 90-day
     * {@code retention.ms} every replayed article older than 90 days would be deleted within minutes
     * of its replay, and back-tests over it would find nothing. Article topics are therefore kept by
     * size by default ({@link #ARTICLE_RETENTION_BYTES} per partition, oldest segments first);
     * {@code chipwatch --set topics.retention.ms=7776000000} restores 90 days counted on published time.
     */
    private static final Map<String, String> ARTICLE_CONFIGS = Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "-1",
            "retention.bytes", Long.toString(ARTICLE_RETENTION_BYTES),
            "segment.bytes", Integer.toString(64 * 1024 * 1024),
            "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES),
            "message.timestamp.type", "CreateTime");
    /** Dead letters keep the failed record's timestamp, often an old published time: keep them by size too. */
    private static final Map<String, String> DLQ_CONFIGS = Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "-1",
            "retention.bytes", Long.toString(1024L * 1024 * 1024),
            "max.message.bytes", Integer.toString(MAX_DEAD_LETTER_BYTES));
    private static final Map<String, String> COMPACTED = Map.of(
            "cleanup.policy", "compact",
            "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));

    public static final Topic<String, RawArticle> ARTICLES_RAW = new Topic<>("articles.raw", STRING,
            new JsonSerde<>(RawArticle.class), 3, ARTICLE_CONFIGS,
            "Articles as ingested; key = article id, timestamp = published time.");
    public static final Topic<String, EnrichedArticle> ARTICLES_ENRICHED = new Topic<>("articles.enriched", STRING,
            new JsonSerde<>(EnrichedArticle.class), 3, ARTICLE_CONFIGS,
            "Articles with story id, entities and events; key = article id.");
    public static final Topic<byte[], byte[]> ARTICLES_DLQ = new Topic<>("articles.dlq", BYTES, BYTES, 1, DLQ_CONFIGS,
            "Raw records enrichment could not read or process; original bytes, reason in headers.");
    public static final Topic<String, Watch> WATCHES = new Topic<>("watches", STRING,
            new JsonSerde<>(Watch.class), 1, COMPACTED,
            "Watch definitions (compacted); key = watch id, null value removes it.");
    public static final Topic<String, Alert> ALERTS = new Topic<>("alerts", STRING,
            new JsonSerde<>(Alert.class), 3, ARTICLE_CONFIGS,
            "Every alert; key = watch id.");
    public static final Topic<byte[], byte[]> ALERTS_DLQ = new Topic<>("alerts.dlq", BYTES, BYTES, 1, DLQ_CONFIGS,
            "Alerts or inputs that could not be decided or delivered; reason in headers.");
    public static final Topic<String, Delivery> ALERTS_DELIVERED = new Topic<>("alerts.delivered", STRING,
            new JsonSerde<>(Delivery.class), 1, COMPACTED,
            "Delivery log (compacted); key = channel|alertId.");
    public static final Topic<String, EntityTrend> ENTITY_TRENDS = new Topic<>("entity.trends", STRING,
            new JsonSerde<>(EntityTrend.class), 3, ARTICLE_CONFIGS,
            "Hourly mention counts per entity (event time); key = entity id.");
    /**
     * Requests to resend a dead-lettered delivery (key = the delivery-log key {@code <channelKey>|<alertId>},
     * value JSON {@code {"alertId", "channel", "requestedAt", "requestedBy"}}), written by the web service's
     * retry button and consumed by the notifier.
     */
    public static final Topic<String, RetryRequest> ALERTS_RETRY = new Topic<>("alerts.retry", STRING,
            new JsonSerde<>(RetryRequest.class), 1, DLQ_CONFIGS,
            "Resend requests for dead-lettered deliveries; key = channel|alertId.");
    /**
     * Live source definitions (compacted): key = source id, value = JSON {@link SourceDefinition} (a {@code sources.yaml}
     * entry), null removes the source. Seeded from {@code sources.yaml} when empty; the ingest service follows it.
     */
    public static final Topic<String, SourceDefinition> SOURCES = new Topic<>("sources", STRING,
            new JsonSerde<>(SourceDefinition.class), 1, COMPACTED,
            "Source definitions (compacted); key = source id, null value removes it.");
    public static final Topic<byte[], byte[]> INGEST_STATE = new Topic<>("ingest.state", BYTES, BYTES, 1, COMPACTED,
            "Ingest bookkeeping (compacted): per-source HTTP validators and ids already published.");

    /** Prefix of the per-watch alert topics {@code alerts.<watchId>} (key = alert id). */
    public static final String PER_WATCH_PREFIX = "alerts.";
    /** Prefix of topics written by {@code chipwatch reprocess}, so replays notify nobody. */
    public static final String REPLAY_PREFIX = "replay.";

    /** Topics the pipeline needs before it starts. */
    public static final List<Topic<?, ?>> ALL = List.of(ARTICLES_RAW, ARTICLES_ENRICHED, ARTICLES_DLQ, WATCHES, ALERTS,
            ALERTS_DLQ, ALERTS_DELIVERED, ENTITY_TRENDS, INGEST_STATE, ALERTS_RETRY, SOURCES);

    private Topics() {}

    /** The per-watch alert topic, {@code alerts.<watchId>}. */
    public static Topic<String, Alert> alertsFor(String watchId) {
        return ALERTS.renamed(PER_WATCH_PREFIX + watchId, "Alerts of watch " + watchId + "; key = alert id.");
    }

    /**
     * The topic with operator overrides for delete-policy topics (article, alert, trend and DLQ topics),
     * e.g. {@code retention.ms} from {@code --set topics.retention.ms=...}; compacted topics are left alone.
     */
    public static <K, V> Topic<K, V> withOverrides(Topic<K, V> topic, Map<String, String> overrides) {
        if (overrides.isEmpty() || !"delete".equals(topic.configs().get("cleanup.policy"))) {
            return topic;
        }
        Map<String, String> configs = new HashMap<>(topic.configs());
        configs.putAll(overrides);
        return new Topic<>(topic.name(), topic.keySerde(), topic.valueSerde(), topic.partitions(), configs, topic.description());
    }

    /** The replay copy of a topic, {@code replay.<name>}. */
    public static <K, V> Topic<K, V> replayOf(Topic<K, V> topic) {
        return topic.renamed(REPLAY_PREFIX + topic.name(), "Replay of " + topic.name() + " (notifies nobody).");
    }
}
