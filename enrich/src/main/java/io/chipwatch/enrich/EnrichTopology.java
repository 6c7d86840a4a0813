package io.chipwatch.enrich;

import io.chipwatch.enrich.internal.EnrichMetrics;
import io.chipwatch.enrich.internal.EnrichProcessor;
import io.chipwatch.enrich.internal.Routed;
import io.chipwatch.enrich.internal.StoryCodec;
import io.chipwatch.enrich.internal.StoryDedupProcessor;
import io.chipwatch.enrich.internal.StoryEntry;
import io.chipwatch.enrich.internal.StoryMessage;
import io.chipwatch.enrich.internal.StoryOut;
import io.chipwatch.enrich.internal.StoryPartition;
import io.chipwatch.enrich.internal.StoryPrepareProcessor;
import io.chipwatch.enrich.internal.StoryProcessor;
import io.chipwatch.enrich.internal.TrendCount;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.TaggedEntity;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The {@code chipwatch-enrich} topology.
 *
 * <pre>
 * topic.input  (articles.raw)       key: article id (bytes, not trusted)  value: RawArticle JSON (bytes, parsed inside)
 *   -> enrich: normalise, detect language, tag entities, classify events (parallel per input partition)
 *      unreadable / failing records -> topic.dlq (articles.dlq)  key, value: original bytes; headers: DeadLetterHeaders
 *   -> story-prepare: MinHash signature, LSH bands, exact-text key, features (parallel per input partition)
 *   -> &lt;application.id&gt;-stories (internal, P partitions, binary StoryMessage; see {@link #storyTopic})
 *      -> dedup: one task per partition, each the band index of its share of the LSH bands and the home of
 *         its share of the articles; candidate lists, score requests and replies go round the same topic
 *         (store chipwatch-story-partitions, changelogged)
 *   -> topic.output (articles.enriched)    key: article id  value: EnrichedArticle JSON  timestamp: event time
 *   -> first-in-story only, per entity: repartition "trend-mentions" (internal, ONE partition, key: entity id)
 *      -> tumbling event-time windows with grace (store chipwatch-trend-counts, cached, changelogged)
 *   -> topic.trends (entity.trends)        key: entity id   value: EntityTrend JSON (latest count per entity and
 *                                          window, at most once per commit interval: the store's record cache
 *                                          coalesces the per-article updates)
 * </pre>
 *
 * <p>Story dedup has no single-partition step (see {@link StoryPartition}): two articles that share an
 * LSH band meet on that band's partition, the candidates found there go back to the article's home
 * partition, and the decision is made there from them. So dedup state and CPU spread over as many
 * tasks as the story topic has partitions. The story topic is a plain topic the enrich service creates
 * ({@link EnrichService}), not a Streams repartition topic, because the candidates flow back into the
 * step that sent them: a loop, which Streams' repartition topics cannot express.
 *
 * <p>Why one partition for trend counting: it is cheap (a few counter updates per article), and
 * with exactly-once every partition a transaction writes to costs a commit marker; spreading eight
 * tiny records per article over three repartition and three changelog partitions made each commit
 * of the enrich application write twice as many markers as the article path itself.
 */
public final class EnrichTopology {
    /** Internal single-partition topic of the story step when {@code dedup.partitioned=false} (prefixed with the application id). */
    public static final String STORY_REPARTITION = "story";
    /** Suffix of the story topic, after the application id. */
    public static final String STORY_TOPIC_SUFFIX = "-stories";
    /** Internal single-partition topic of per-article entity mention counts (prefixed with the application id). */
    public static final String TREND_REPARTITION = "trend-mentions";
    public static final String TRENDS_STORE = "chipwatch-trend-counts";

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();
    private static final Serde<String> STRING = Serdes.String();

    private final EnrichConfig config;
    private final Enricher enricher;
    private final int storyPartitions;
    private final EnrichMetrics metrics;

    /** A topology whose story topic has as many partitions as {@code dedup.partitions} says (1 when it says 0). */
    public EnrichTopology(EnrichConfig config, Enricher enricher) {
        this(config, enricher, Math.max(1, config.dedupPartitions()), new SimpleMeterRegistry());
    }

    /** As {@link #EnrichTopology(EnrichConfig, Enricher)}, with the topology's meters in {@code registry}. */
    public EnrichTopology(EnrichConfig config, Enricher enricher, MeterRegistry registry) {
        this(config, enricher, Math.max(1, config.dedupPartitions()), registry);
    }

    /** A topology whose story topic has {@code storyPartitions} partitions (the service passes the topic's real count). */
    public EnrichTopology(EnrichConfig config, Enricher enricher, int storyPartitions) {
        this(config, enricher, storyPartitions, new SimpleMeterRegistry());
    }

    public EnrichTopology(EnrichConfig config, Enricher enricher, int storyPartitions, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.enricher = Objects.requireNonNull(enricher, "enricher");
        if (storyPartitions < 1) {
            throw new IllegalArgumentException("storyPartitions must be >= 1, was " + storyPartitions);
        }
        this.storyPartitions = storyPartitions;
        this.metrics = new EnrichMetrics(registry);
    }

    /** The story topic of an application id. */
    public static String storyTopic(String applicationId) {
        return applicationId + STORY_TOPIC_SUFFIX;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        JsonSerde<EnrichedArticle> enrichedSerde = new JsonSerde<>(EnrichedArticle.class);
        Serde<StoryMessage> storySerde = StoryCodec.serde();
        String storyTopic = storyTopic(config.applicationId());
        int partitions = storyPartitions;
        StreamPartitioner<String, StoryMessage> byTarget = (topic, key, m, n) -> {
            if (n != partitions) {
                throw new IllegalStateException("topic " + topic + " has " + n + " partitions, the topology was built for "
                        + partitions + " (restart the enrich service)");
            }
            return Optional.of(Set.of(m.partition(n)));
        };

        Map<String, KStream<String, Routed>> routes = builder
                .stream(config.topicInput(), Consumed.with(BYTES, BYTES).withName("raw-articles"))
                .process(() -> new EnrichProcessor(enricher, metrics), Named.as("enrich"))
                .split(Named.as("route-"))
                .branch((k, v) -> v instanceof Routed.DeadLetter, Branched.as("dead"))
                .defaultBranch(Branched.as("enriched"));

        routes.get("route-dead")
                .map((k, v) -> KeyValue.pair(((Routed.DeadLetter) v).key(), ((Routed.DeadLetter) v).value()),
                        Named.as("dead-letter-bytes"))
                .to(config.topicDlq(), Produced.with(BYTES, BYTES).withName("dead-letters"));

        KStream<String, EnrichedArticle> enriched = routes.get("route-enriched")
                .mapValues(v -> ((Routed.Enriched) v).article(), Named.as("unwrap"));
        KStream<String, EnrichedArticle> stories;
        if (!config.dedupPartitioned()) {
            // dedup.partitioned=false: one task of the whole group sees every article (the single-partition path)
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoryDedupProcessor.STORE),
                    STRING, new JsonSerde<>(StoryEntry.class)));
            stories = enriched
                    .repartition(Repartitioned.<String, EnrichedArticle>as(STORY_REPARTITION)
                            .withKeySerde(STRING).withValueSerde(enrichedSerde).withNumberOfPartitions(1))
                    .process(() -> new StoryDedupProcessor(config.dedupWindow(), config.dedupSimilarityThreshold(),
                                    config.dedupMemoryMaxArticles(), metrics),
                            Named.as("dedup"), StoryDedupProcessor.STORE);
        } else {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoryProcessor.STORE), STRING, BYTES));
            enriched.process(() -> new StoryPrepareProcessor(partitions), Named.as("story-prepare"))
                    .to(storyTopic, Produced.with(STRING, storySerde).withStreamPartitioner(byTarget).withName("story-requests"));

            Map<String, KStream<String, StoryOut>> story = builder
                    .stream(storyTopic, Consumed.with(STRING, storySerde).withName("story-messages"))
                    .process(() -> new StoryProcessor(partitions, config.dedupWindow(), config.dedupSimilarityThreshold(),
                                    config.dedupMemoryMaxArticles(), metrics),
                            Named.as("dedup"), StoryProcessor.STORE)
                    .split(Named.as("story-"))
                    .branch((k, v) -> v instanceof StoryOut.Send, Branched.as("send"))
                    .defaultBranch(Branched.as("decided"));

            story.get("story-send")
                    .mapValues(v -> ((StoryOut.Send) v).message(), Named.as("story-message"))
                    .to(storyTopic, Produced.with(STRING, storySerde).withStreamPartitioner(byTarget).withName("story-replies"));

            stories = story.get("story-decided")
                    .mapValues(v -> ((StoryOut.Emit) v).article(), Named.as("story-article"));
        }

        stories.to(config.topicOutput(), Produced.with(STRING, enrichedSerde).withName("enriched-articles"));

        stories.filter((k, a) -> a.firstInStory(), Named.as("first-in-story"))
                .flatMap((k, a) -> mentionCounts(a), Named.as("entity-mentions"))
                .repartition(Repartitioned.<String, Long>as(TREND_REPARTITION).withKeySerde(STRING)
                        .withValueSerde(Serdes.Long()).withNumberOfPartitions(1))
                .groupByKey(Grouped.with(STRING, Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.trendsWindow(), config.trendsGrace()))
                .aggregate(() -> TrendCount.ZERO, (entity, mentions, agg) -> agg.plus(mentions),
                        Named.as("count-mentions"),
                        Materialized.<String, TrendCount, WindowStore<Bytes, byte[]>>as(TRENDS_STORE)
                                .withKeySerde(STRING).withValueSerde(new JsonSerde<>(TrendCount.class))
                                // Cached: a busy entity's count changes with every article; downstream (spike
                                // watches) needs only the latest count, so updates are coalesced until the next
                                // commit, which also coalesces the store's changelog writes.
                                .withCachingEnabled()
                                .withRetention(config.trendsWindow().plus(config.trendsGrace()).plusHours(1)))
                .toStream(Named.as("trend-updates"))
                .map((wk, c) -> KeyValue.pair(wk.key(), new EntityTrend(wk.key(), wk.window().startTime(),
                        wk.window().endTime(), c.articles(), c.mentions())), Named.as("to-entity-trend"))
                .to(config.topicTrends(), Produced.with(STRING, Topics.ENTITY_TRENDS.valueSerde()).withName("entity-trends"));
        return builder.build();
    }

    private static List<KeyValue<String, Long>> mentionCounts(EnrichedArticle a) {
        return a.entities().stream().map((TaggedEntity e) -> KeyValue.pair(e.id(), (long) e.count())).toList();
    }
}
