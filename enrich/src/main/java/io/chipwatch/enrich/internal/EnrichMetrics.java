package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.topic.DeadLetterHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meters of the enrich topology; every one has a description (Prometheus {@code # HELP}). Counted as
 * records are processed: a transaction aborted by a crash is processed again, so after a crash a
 * counter may run a little ahead of the committed output.
 */
public final class EnrichMetrics {
    public static final String ARTICLES = "chipwatch.enrich.articles";
    public static final String DURATION = "chipwatch.enrich.duration";
    public static final String LATENCY = "chipwatch.enrich.latency";
    public static final String EVENTS = "chipwatch.enrich.events";
    public static final String STORIES = "chipwatch.enrich.stories";
    public static final String DEDUP_INDEX = "chipwatch.enrich.dedup.index.articles";

    private final MeterRegistry registry;
    private final Counter enriched;
    private final Counter deadLettered;
    private final Timer duration;
    private final Timer latency;
    private final Counter firstInStory;
    private final Counter duplicate;
    private final AtomicLong indexed = new AtomicLong();

    public EnrichMetrics(MeterRegistry registry) {
        this.registry = registry;
        String articles = "Raw articles processed by enrichment, by outcome (enriched or dead_lettered)";
        enriched = Counter.builder(ARTICLES).description(articles).tag("outcome", "enriched").register(registry);
        deadLettered = Counter.builder(ARTICLES).description(articles).tag("outcome", "dead_lettered").register(registry);
        duration = Timer.builder(DURATION).description("Time to enrich one article: normalise, detect language, tag entities, classify events")
                .register(registry);
        latency = Timer.builder(LATENCY).description("Time from an article's fetch or replay (fetchedAt) until it was enriched")
                .register(registry);
        String stories = "Articles assigned to stories by dedup, by whether they start a new story (first=true) or repeat one";
        firstInStory = Counter.builder(STORIES).description(stories).tag("first", "true").register(registry);
        duplicate = Counter.builder(STORIES).description(stories).tag("first", "false").register(registry);
        Gauge.builder(DEDUP_INDEX, indexed, AtomicLong::get).description("Articles in the in-memory near-duplicate index "
                + "of this instance, summed over its dedup tasks (each bounded by enrich.dedup.memory.max.articles)").register(registry);
    }

    public void enriched(EnrichedArticle a, Duration took, Instant now) {
        enriched.increment();
        duration.record(took);
        if (a.fetchedAt() != null && !a.fetchedAt().isAfter(now)) {
            latency.record(Duration.between(a.fetchedAt(), now));
        }
        a.events().forEach(e -> Counter.builder(EVENTS).description("Events classified in enriched articles, by type")
                .tag("type", e.type().name()).register(registry).increment());
    }

    public void deadLettered(String stage) {
        deadLettered.increment();
        Counter.builder(DeadLetterHeaders.METRIC).description(DeadLetterHeaders.METRIC_DESCRIPTION).tag("stage", stage)
                .register(registry).increment();
    }

    public void story(boolean first) {
        (first ? firstInStory : duplicate).increment();
    }

    /** The single-partition index holds {@code articles} (dedup.partitioned=false: one task, so the gauge is its size). */
    public void indexed(long articles) {
        indexed.set(articles);
    }

    /** The near-duplicate index of one dedup task grew (or shrank) by {@code articles}; the gauge sums the tasks. */
    public void indexedChange(long articles) {
        indexed.addAndGet(articles);
    }
}
