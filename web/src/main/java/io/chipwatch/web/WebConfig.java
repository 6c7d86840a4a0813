package io.chipwatch.web;

import io.chipwatch.model.config.ChipwatchConfig;
import io.chipwatch.model.topic.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Configuration of the web service: where it listens, where its read model lives, which topics it
 * follows and what it accepts. Every key is declared once in {@link #DEFINITION}. The API token is
 * never a key: it comes from {@code CHIPWATCH_WEB_TOKEN} or from the file {@code token.file} names.
 */
public final class WebConfig extends ChipwatchConfig {
    public static final String BIND_ADDRESS = "bind.address";
    public static final String PORT = "port";
    public static final String INDEX_DIR = "index.dir";
    public static final String TOKEN_FILE = "token.file";
    public static final String MAX_BODY_BYTES = "max.body.bytes";
    public static final String COMMIT_INTERVAL_MS = "index.commit.interval.ms";
    public static final String SSE_KEEPALIVE_MS = "sse.keepalive.ms";
    public static final String BACKTEST_MAX_ARTICLES = "backtest.max.articles";
    public static final String TOTAL_EXACT_MAX = "total.exact.max";
    public static final String TOPIC_ARTICLES = "topic.articles";
    public static final String TOPIC_ALERTS = "topic.alerts";
    public static final String TOPIC_TRENDS = "topic.trends";
    public static final String TOPIC_WATCHES = "topic.watches";
    public static final String TOPIC_STATE = "topic.state";
    public static final String TOPIC_ARTICLES_DLQ = "topic.articles.dlq";
    public static final String TOPIC_ALERTS_DLQ = "topic.alerts.dlq";
    public static final String TOPIC_SOURCES = "topic.sources";
    public static final String TOPIC_ALERTS_RETRY = "topic.alerts.retry";
    public static final String TOPIC_READY_TIMEOUT_MS = "topic.ready.timeout.ms";

    /**
     * Compacted topic of live source definitions (key = source id, value = JSON SourceDefinition, null removes),
     * which the ingest service follows.
     */
    public static final String SOURCES_TOPIC = io.chipwatch.model.topic.Topics.SOURCES.name();

    public static final ConfigDef DEFINITION = baseDefinition()
            .define(BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Address the web server binds to. Any address other than loopback (127.0.0.0/8, ::1) requires an API token "
                            + "(CHIPWATCH_WEB_TOKEN or token.file) for every page and API call; the service refuses to start without one.")
            .define(PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
                    "TCP port of the web server; 0 picks a free port (the CLI's --web-port 0 turns the web service off instead).")
            .define(INDEX_DIR, Type.STRING, "data/web", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Directory of the read model (a Lucene index of articles, alerts, trends, watches, source health and dead letters, "
                            + "with the topic offsets it has read in its commit data); the CLI puts it at <data-dir>/web. Delete it, or start "
                            + "with --rebuild, to rebuild from the topics.")
            .define(TOKEN_FILE, Type.STRING, "", Importance.HIGH,
                    "File holding the API token (first line). Empty: the token comes from the environment variable CHIPWATCH_WEB_TOKEN, "
                            + "if set. Never put the token itself on the command line.")
            .define(MAX_BODY_BYTES, Type.INT, 65_536, Range.between(1024, 8 * 1024 * 1024), Importance.LOW,
                    "Largest request body accepted (watches, sources, back-tests); larger bodies get 413.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 2_000L, Range.between(10L, 600_000L), Importance.LOW,
                    "How often the read model commits its index and the offsets it has read; a restart resumes from the last commit.")
            .define(SSE_KEEPALIVE_MS, Type.LONG, 15_000L, Range.between(100L, 600_000L), Importance.LOW,
                    "Interval of keep-alive comments on the alert stream, so proxies keep it open and dead clients are found.")
            .define(BACKTEST_MAX_ARTICLES, Type.INT, 200_000, Range.between(1, 10_000_000), Importance.LOW,
                    "Most first-in-story articles of the read model one back-test preview runs over (newest first).")
            .define(TOTAL_EXACT_MAX, Type.INT, 1_000, Range.between(1, Integer.MAX_VALUE), Importance.LOW,
                    "Up to how many matches the total of a list (alerts, articles, dead letters) is counted exactly. Beyond it the "
                            + "search stops counting once the page is certain, so total is a lower bound and totalRelation is gte; "
                            + "2147483647 always counts exactly (slow with many matches).")
            .define(TOPIC_ARTICLES, Type.STRING, Topics.ARTICLES_ENRICHED.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of enriched articles (key = article id, JSON EnrichedArticle), read with read_committed.")
            .define(TOPIC_ALERTS, Type.STRING, Topics.ALERTS.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of every alert (key = watch id, JSON Alert), read with read_committed.")
            .define(TOPIC_TRENDS, Type.STRING, Topics.ENTITY_TRENDS.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of entity mention counts per window (key = entity id, JSON EntityTrend).")
            .define(TOPIC_WATCHES, Type.STRING, Topics.WATCHES.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic of watch definitions (key = watch id, JSON Watch, null removes); the watch editor writes here.")
            .define(TOPIC_STATE, Type.STRING, Topics.INGEST_STATE.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted ingest state topic; its health|<sourceId> records (JSON) are the source health shown.")
            .define(TOPIC_ARTICLES_DLQ, Type.STRING, Topics.ARTICLES_DLQ.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Dead-letter topic of enrichment (original bytes, chipwatch.dlq.* headers).")
            .define(TOPIC_ALERTS_DLQ, Type.STRING, Topics.ALERTS_DLQ.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Dead-letter topic of alert decisions and deliveries (original bytes, chipwatch.dlq.* headers).")
            .define(TOPIC_SOURCES, Type.STRING, SOURCES_TOPIC, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic of live source definitions (key = source id, JSON of a sources.yaml entry); POST /api/v1/sources writes here.")
            .define(TOPIC_ALERTS_RETRY, Type.STRING, Topics.ALERTS_RETRY.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of resend requests for dead-lettered deliveries (key = channel|alertId); POST /api/v1/dlq/{id}/retry writes here.")
            .define(TOPIC_READY_TIMEOUT_MS, Type.LONG, 30_000L, Range.between(100L, 3_600_000L), Importance.LOW,
                    "How long a write (watch, source, resend request) waits for the broker's acknowledgement and for a topic it creates.");

    public WebConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
    }

    public String bindAddress() {
        return getString(BIND_ADDRESS);
    }

    public int port() {
        return getInt(PORT);
    }

    public Path indexDir() {
        return Path.of(getString(INDEX_DIR));
    }

    public String tokenFile() {
        return getString(TOKEN_FILE);
    }

    public int maxBodyBytes() {
        return getInt(MAX_BODY_BYTES);
    }

    public Duration commitInterval() {
        return Duration.ofMillis(getLong(COMMIT_INTERVAL_MS));
    }

    public Duration sseKeepAlive() {
        return Duration.ofMillis(getLong(SSE_KEEPALIVE_MS));
    }

    public int backtestMaxArticles() {
        return getInt(BACKTEST_MAX_ARTICLES);
    }

    public int totalExactMax() {
        return getInt(TOTAL_EXACT_MAX);
    }

    public Duration topicReadyTimeout() {
        return Duration.ofMillis(getLong(TOPIC_READY_TIMEOUT_MS));
    }

    public String topic(String key) {
        return getString(key);
    }

    /** The topics the read model follows. */
    public List<String> followedTopics() {
        return List.of(topic(TOPIC_ARTICLES), topic(TOPIC_ALERTS), topic(TOPIC_TRENDS), topic(TOPIC_WATCHES), topic(TOPIC_STATE),
                topic(TOPIC_ARTICLES_DLQ), topic(TOPIC_ALERTS_DLQ));
    }

    /** True for 127.0.0.0/8, ::1 and {@code localhost}: the only binds that may run without a token. */
    public static boolean isLoopback(String address) {
        if ("localhost".equalsIgnoreCase(address)) {
            return true;
        }
        try {
            // Literals only: a host name could resolve to anything later.
            return address.matches("[0-9.:\\[\\]a-fA-F]+") && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
