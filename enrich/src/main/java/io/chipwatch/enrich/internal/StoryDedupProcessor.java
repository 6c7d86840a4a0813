package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Assigns stories in the Streams topology: the decision is {@link StoryIndex}'s (the same code as the
 * offline {@link io.chipwatch.enrich.StoryAssigner}), over the changelogged store {@link #STORE}; this
 * class adds the record plumbing and expiry. Entries are purged by a wall-clock punctuator, see
 * expireByWallClock. It must see every article, so it runs behind a single-partition repartition topic
 * ({@code enrich.dedup.partitioned=false}; the partitioned path is {@link StoryProcessor}).
 */
public final class StoryDedupProcessor implements Processor<String, EnrichedArticle, String, EnrichedArticle> {
    public static final String STORE = "chipwatch-story-fingerprints";

    private final Duration window;
    private final double threshold;
    private final EnrichMetrics metrics;
    private ProcessorContext<String, EnrichedArticle> context;
    private StoryIndex index;
    private StageCpuSensor cpu = StageCpuSensor.none();
    /** (wall clock, stream time) samples, one per punctuation, oldest first. */
    private final ArrayDeque<long[]> streamTimeSamples = new ArrayDeque<>();

    private final int maxArticles;

    public StoryDedupProcessor(Duration window, double threshold, int maxArticles, EnrichMetrics metrics) {
        this.window = window;
        this.threshold = threshold;
        this.maxArticles = maxArticles;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, EnrichedArticle> context) {
        this.context = context;
        this.cpu = StageCpuSensor.dedup(context);
        this.index = new StoryIndex(window, threshold, StoryStore.of(context.getStateStore(STORE)), maxArticles, metrics);
        index.rebuild();
        long windowMs = window.toMillis();
        long every = Math.max(60_000L, Math.min(Duration.ofHours(1).toMillis(), windowMs / 4));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expireByWallClock);
    }

    @Override
    public void process(Record<String, EnrichedArticle> record) {
        long t0 = cpu.start();
        EnrichedArticle out = index.assign(record.value(), record.timestamp());
        cpu.stop(t0);
        context.forward(record.withKey(out.id()).withValue(out));
    }

    /**
     * Expiry must not follow stream time directly: a replayed archive arrives out of event-time order,
     * and one late-dated article would push stream time past entries that older articles of the same
     * replay still need (a syndicated copy would then start a story of its own). Instead an entry is
     * purged once stream time had already passed it by the window a full window of wall-clock time
     * ago, so entries live at least one window of processing time, and about two windows when live.
     */
    private void expireByWallClock(long wallClockMs) {
        streamTimeSamples.addLast(new long[] {wallClockMs, context.currentStreamTimeMs()});
        long[] usable = null;
        while (!streamTimeSamples.isEmpty() && streamTimeSamples.peekFirst()[0] <= wallClockMs - window.toMillis()) {
            usable = streamTimeSamples.pollFirst();
        }
        if (usable != null) {
            streamTimeSamples.addFirst(usable); // still the newest sample a window old at the next punctuation
            index.expire(usable[1]);
        }
    }
}
