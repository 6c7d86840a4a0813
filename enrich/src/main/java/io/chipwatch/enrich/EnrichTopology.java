package io.chipwatch.enrich;

import io.chipwatch.enrich.internal.EnrichMetrics;
import io.chipwatch.enrich.internal.EnrichProcessor;
import io.chipwatch.enrich.internal.Routed;
import io.chipwatch.enrich.internal.StoryDedupProcessor;
import io.chipwatch.enrich.internal.StoryEntry;
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
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The {@code chipwatch-enrich} topology.
 *
 * <pre>
 * topic.input  (articles.raw)       key: article id (bytes, not trusted)  value: RawArticle JSON (bytes, parsed inside)
 *   -> enrich: normalise, detect language, tag entities, classify events (parallel per input partition)
 *      unreadable / failing records -> topic.dlq (articles.dlq)  key, value: original bytes; headers: DeadLetterHeaders
 *   -> repartition "story" (internal, ONE partition, key: article id)
 *   -> dedup: assign storyId / firstInStory / duplicateOf (state store chipwatch-story-fingerprints, changelogged)
 *   -> topic.output (articles.enriched)    key: article id  value: EnrichedArticle JSON  timestamp: event time
 *   -> first-in-story only, per entity: repartition "trend-mentions" (internal, ONE partition, key: entity id)
 *      -> tumbling event-time windows with grace (store chipwatch-trend-counts, cached, changelogged)
 *   -> topic.trends (entity.trends)        key: entity id   value: EntityTrend JSON (latest count per entity and
 *                                          window, at most once per commit interval: the store's record cache
 *                                          coalesces the per-article updates)
 * </pre>
 *
 * <p>Why one partition for dedup: a duplicate may arrive on any input partition (it has another id,
 * hence another key), so the dedup step must see every article. Repartitioning by LSH band would
 * spread the load but a story then lives in up to 40 partitions and needs a second pass to agree on
 * one story id; at news volume (thousands of articles a day) one partition is far from a bottleneck,
 * while the expensive enrichment still runs in parallel before it.
 *
 * <p>Why one partition for trend counting too: it is cheap (a few counter updates per article), and
 * with exactly-once every partition a transaction writes to costs a commit marker; spreading eight
 * tiny records per article over three repartition and three changelog partitions made each commit
 * of the enrich application write twice as many markers as the article path itself.
 */
public final class EnrichTopology {
    /** Name of the single-partition story repartition topic (prefixed with the application id). */
    public static final String STORY_REPARTITION = "story";
    /** Internal single-partition topic of per-article entity mention counts (prefixed with the application id). */
    public static final String TREND_REPARTITION = "trend-mentions";
    public static final String TRENDS_STORE = "chipwatch-trend-counts";

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();
    private static final Serde<String> STRING = Serdes.String();

    private final EnrichConfig config;
    private final Enricher enricher;
    private final EnrichMetrics metrics;

    public EnrichTopology(EnrichConfig config, Enricher enricher) {
        this(config, enricher, new SimpleMeterRegistry());
    }

    public EnrichTopology(EnrichConfig config, Enricher enricher, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.enricher = Objects.requireNonNull(enricher, "enricher");
        this.metrics = new EnrichMetrics(registry);
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoryDedupProcessor.STORE),
                STRING, new JsonSerde<>(StoryEntry.class)));
        JsonSerde<EnrichedArticle> enrichedSerde = new JsonSerde<>(EnrichedArticle.class);

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

        KStream<String, EnrichedArticle> stories = routes.get("route-enriched")
                .mapValues(v -> ((Routed.Enriched) v).article(), Named.as("unwrap"))
                .repartition(Repartitioned.<String, EnrichedArticle>as(STORY_REPARTITION)
                        .withKeySerde(STRING).withValueSerde(enrichedSerde).withNumberOfPartitions(1))
                .process(() -> new StoryDedupProcessor(config.dedupWindow(), config.dedupSimilarityThreshold(),
                                config.dedupMemoryMaxArticles(), metrics),
                        Named.as("dedup"), StoryDedupProcessor.STORE);

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
