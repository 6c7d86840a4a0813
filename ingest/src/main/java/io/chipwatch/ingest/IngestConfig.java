package io.chipwatch.ingest;

import io.chipwatch.model.config.ChipwatchConfig;
import io.chipwatch.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Configuration of the ingest service, the archive replayer and the one-shot fetch tools. Every key is
 * declared once in {@link #DEFINITION} with its type, default, validator, importance and documentation.
 */
public final class IngestConfig extends ChipwatchConfig {
    /** How the keys below are written on the command line ({@code --set ingest.fetch.allow.private.networks=true}). */
    public static final String CLI_PREFIX = "ingest.";
    public static final String SOURCES_FILE = "sources.file";
    public static final String POLL_ENABLED = "poll.enabled";
    public static final String POLL_THREADS = "poll.threads";
    public static final String POLL_MIN_INTERVAL_MS = "poll.min.interval.ms";
    public static final String FETCH_ALLOW_PRIVATE_NETWORKS = "fetch.allow.private.networks";
    public static final String FETCH_ALLOWED_ADDRESSES = "fetch.allowed.addresses";
    public static final String FETCH_MAX_BODY_BYTES = "fetch.max.body.bytes";
    public static final String FETCH_CONNECT_TIMEOUT_MS = "fetch.connect.timeout.ms";
    public static final String FETCH_REQUEST_TIMEOUT_MS = "fetch.request.timeout.ms";
    public static final String FETCH_MAX_REDIRECTS = "fetch.max.redirects";
    public static final String FETCH_HOST_MIN_DELAY_MS = "fetch.host.min.delay.ms";
    public static final String FETCH_USER_AGENT = "fetch.user.agent";
    public static final String BACKOFF_INITIAL_MS = "fetch.backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "fetch.backoff.max.ms";
    public static final String UNHEALTHY_AFTER_FAILURES = "source.unhealthy.after.failures";
    public static final String TOPIC_RAW = "topic.raw";
    public static final String TOPIC_STATE = "topic.state";
    public static final String TOPIC_SOURCES = "topic.sources";
    public static final String STATE_LOAD_TIMEOUT_MS = "state.load.timeout.ms";
    public static final String PUBLISH_TIMEOUT_MS = "publish.timeout.ms";
    public static final String REPLAY_MAX_FILE_BYTES = "replay.max.file.bytes";
    public static final String SEEN_MEMORY_MAX = "seen.memory.max";

    public static final String DEFAULT_USER_AGENT =
            "chipwatch-ingest/0.1 (news monitoring of AI-chip export controls; polite bot, honours 304 and Retry-After)";

    public static final ConfigDef DEFINITION = baseDefinition()
            .define(SOURCES_FILE, Type.STRING, "seeds/sources.yaml", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "YAML file of the default sources (id, kind, url, path, interval, language, tags, fetchFullText, selector, enabled), "
                            + "written to the sources topic at first start when that topic is empty; from then on the topic is the source of truth.")
            .define(POLL_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Whether start() polls the enabled feed and page sources on their schedules. False loads state only "
                            + "(useful for replay-only or check-only runs).")
            .define(POLL_THREADS, Type.INT, 4, Range.between(1, 64), Importance.LOW,
                    "Threads polling sources. Politeness per host still allows one request at a time per host.")
            .define(POLL_MIN_INTERVAL_MS, Type.LONG, 60_000L, Range.between(100L, Duration.ofDays(1).toMillis()), Importance.LOW,
                    "Smallest poll interval a source may declare; shorter intervals are raised to this.")
            .define(FETCH_ALLOW_PRIVATE_NETWORKS, Type.BOOLEAN, false, Importance.HIGH,
                    "Allow fetching loopback, private, link-local and cloud-metadata addresses. Keep false in production: "
                            + "it stops a source, a redirect or a feed link from reaching internal services. Tests turn it on for 127.0.0.1.")
            .define(FETCH_ALLOWED_ADDRESSES, Type.LIST, "", Importance.LOW,
                    "IP addresses (literals, e.g. 10.0.0.5) allowed even when " + "fetch.allow.private.networks"
                            + " is false, for an internal mirror; every other private address stays refused.")
            .define(FETCH_MAX_BODY_BYTES, Type.LONG, 10L * 1024 * 1024, Range.between(1024L, 1024L * 1024 * 1024), Importance.MEDIUM,
                    "Largest response body accepted, counted after decompression, so a gzip bomb stops early.")
            .define(FETCH_CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.between(1, 600_000), Importance.MEDIUM,
                    "TCP/TLS connect timeout per request.")
            .define(FETCH_REQUEST_TIMEOUT_MS, Type.INT, 30_000, Range.between(1, 3_600_000), Importance.MEDIUM,
                    "Total time allowed for one request, from sending it to the last body byte (redirects count separately).")
            .define(FETCH_MAX_REDIRECTS, Type.INT, 5, Range.between(0, 20), Importance.LOW,
                    "Redirects followed per fetch; each target is resolved and checked against the address rules again, and its connection "
                            + "goes to the address that was checked.")
            .define(FETCH_HOST_MIN_DELAY_MS, Type.LONG, 1_000L, Range.between(0L, 3_600_000L), Importance.MEDIUM,
                    "Minimum delay between the end of one request to a host and the start of the next; at most one request "
                            + "per host is in flight at any time.")
            .define(FETCH_USER_AGENT, Type.STRING, DEFAULT_USER_AGENT, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "User-Agent sent with every request; identify yourself and how to reach you.")
            .define(BACKOFF_INITIAL_MS, Type.LONG, 30_000L, Range.between(1L, Duration.ofDays(1).toMillis()), Importance.LOW,
                    "First back-off delay after a failed fetch; doubles with each further failure, with jitter.")
            .define(BACKOFF_MAX_MS, Type.LONG, Duration.ofHours(6).toMillis(), Range.between(1L, Duration.ofDays(7).toMillis()), Importance.LOW,
                    "Largest back-off delay, also the cap on a server's Retry-After and Cache-Control max-age.")
            .define(UNHEALTHY_AFTER_FAILURES, Type.INT, 3, Range.between(1, 1000), Importance.LOW,
                    "Consecutive failures after which a source is reported UNHEALTHY.")
            .define(TOPIC_RAW, Type.STRING, Topics.ARTICLES_RAW.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic the articles are published to (key = article id, JSON RawArticle).")
            .define(TOPIC_STATE, Type.STRING, Topics.INGEST_STATE.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic holding HTTP validators, ids already published and the source definitions last accepted, reloaded at start.")
            .define(TOPIC_SOURCES, Type.STRING, Topics.SOURCES.name(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic of source definitions (key = source id, JSON SourceDefinition, null value removes). The source of "
                            + "truth at run time: the service follows it and starts, stops and reschedules polls within seconds.")
            .define(STATE_LOAD_TIMEOUT_MS, Type.LONG, 60_000L, Range.between(1L, 3_600_000L), Importance.LOW,
                    "How long start-up may take to read the state topic to its end before failing.")
            .define(PUBLISH_TIMEOUT_MS, Type.LONG, 30_000L, Range.between(1L, 600_000L), Importance.LOW,
                    "How long to wait for the broker to acknowledge one published record.")
            .define(REPLAY_MAX_FILE_BYTES, Type.LONG, 256L * 1024 * 1024, Range.between(1024L, 16L * 1024 * 1024 * 1024), Importance.LOW,
                    "Largest archive file replay reads (after decompression); larger files are reported as failed.")
            .define(SEEN_MEMORY_MAX, Type.INT, 100_000, Range.between(100, 100_000_000), Importance.LOW,
                    "Article ids remembered in memory per source as already published (about 100 bytes each), the newest "
                            + "first; the state topic keeps all of them. A feed lists far fewer items than this; an archive "
                            + "larger than this, replayed again, republishes its oldest articles (story dedup then marks "
                            + "them as duplicates, so they do not alert again).");

    public IngestConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
    }

    public Path sourcesFile() {
        return Path.of(getString(SOURCES_FILE));
    }

    public boolean pollEnabled() {
        return getBoolean(POLL_ENABLED);
    }

    public int pollThreads() {
        return getInt(POLL_THREADS);
    }

    public Duration minPollInterval() {
        return Duration.ofMillis(getLong(POLL_MIN_INTERVAL_MS));
    }

    public String rawTopic() {
        return getString(TOPIC_RAW);
    }

    public String stateTopic() {
        return getString(TOPIC_STATE);
    }

    public String sourcesTopic() {
        return getString(TOPIC_SOURCES);
    }

    public Duration backoffInitial() {
        return Duration.ofMillis(getLong(BACKOFF_INITIAL_MS));
    }

    public Duration backoffMax() {
        return Duration.ofMillis(getLong(BACKOFF_MAX_MS));
    }

    public int unhealthyAfterFailures() {
        return getInt(UNHEALTHY_AFTER_FAILURES);
    }

    public Duration stateLoadTimeout() {
        return Duration.ofMillis(getLong(STATE_LOAD_TIMEOUT_MS));
    }

    public Duration publishTimeout() {
        return Duration.ofMillis(getLong(PUBLISH_TIMEOUT_MS));
    }

    public int seenMemoryMax() {
        return getInt(SEEN_MEMORY_MAX);
    }

    public long replayMaxFileBytes() {
        return getLong(REPLAY_MAX_FILE_BYTES);
    }

    /** The fetcher's settings. */
    public SafeHttpFetcher.Options fetchOptions() {
        return new SafeHttpFetcher.Options(getBoolean(FETCH_ALLOW_PRIVATE_NETWORKS), getLong(FETCH_MAX_BODY_BYTES),
                Duration.ofMillis(getInt(FETCH_CONNECT_TIMEOUT_MS)), Duration.ofMillis(getInt(FETCH_REQUEST_TIMEOUT_MS)),
                getInt(FETCH_MAX_REDIRECTS), Duration.ofMillis(getLong(FETCH_HOST_MIN_DELAY_MS)), getString(FETCH_USER_AGENT),
                java.util.Set.copyOf(getList(FETCH_ALLOWED_ADDRESSES)));
    }
}
