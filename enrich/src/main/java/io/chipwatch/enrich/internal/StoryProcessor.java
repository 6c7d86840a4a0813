package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One partition of the story topic in the Streams topology: {@link StoryPartition}'s decisions over
 * the changelogged store {@link #STORE}, plus the record plumbing and expiry. Messages for other
 * partitions (and for this one) go back to the story topic; decided articles go downstream.
 */
public final class StoryProcessor implements Processor<String, StoryMessage, String, StoryOut> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoryProcessor.class);
    public static final String STORE = "chipwatch-story-partitions";

    private final int partitions;
    private final Duration window;
    private final double threshold;
    private final int maxArticles;
    private final EnrichMetrics metrics;
    private ProcessorContext<String, StoryOut> context;
    private StoryPartition story;
    private StageCpuSensor cpu = StageCpuSensor.none();
    private long timestamp;
    /** (wall clock, stream time) samples, one per punctuation, oldest first. */
    private final ArrayDeque<long[]> streamTimeSamples = new ArrayDeque<>();

    /**
     * @param maxArticles most articles this task's in-memory band index holds ({@code dedup.memory.max.articles})
     * @param metrics     index size and story decisions, or null
     */
    public StoryProcessor(int partitions, Duration window, double threshold, int maxArticles, EnrichMetrics metrics) {
        this.partitions = partitions;
        this.window = window;
        this.threshold = threshold;
        this.maxArticles = maxArticles;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, StoryOut> context) {
        this.context = context;
        this.cpu = StageCpuSensor.dedup(context);
        KeyValueStore<String, byte[]> kv = context.getStateStore(STORE);
        StoryPartition.Output output = new StoryPartition.Output() {
            @Override
            public void send(StoryMessage message) {
                context.forward(new Record<>(key(message), new StoryOut.Send(message), timestamp));
            }

            @Override
            public void emit(EnrichedArticle article, long t) {
                context.forward(new Record<>(article.id(), new StoryOut.Emit(article), t));
            }
        };
        this.story = new StoryPartition(context.taskId().partition(), partitions, window, threshold, store(kv), output,
                maxArticles, metrics);
        story.rebuild();
        long every = Math.max(60_000L, Math.min(Duration.ofHours(1).toMillis(), window.toMillis() / 4));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expireByWallClock);
    }

    @Override
    public void process(Record<String, StoryMessage> record) {
        long t0 = cpu.start();
        timestamp = record.timestamp();
        try {
            story.handle(record.value());
        } catch (RuntimeException e) {
            // A failure of the decision must not lose the article: it then goes out as its own story.
            if (record.value() instanceof StoryMessage.Article a) {
                LOG.warn("story dedup failed for article {}; emitting it as its own story", a.article().id(), e);
                context.forward(new Record<>(a.article().id(), new StoryOut.Emit(a.article()), a.t()));
            } else {
                LOG.error("story dedup failed on {} for {}; skipped", record.value().getClass().getSimpleName(),
                        key(record.value()), e);
            }
        }
        cpu.stop(t0);
    }

    @Override
    public void close() {
        if (story != null) {
            story.close();
        }
    }

    private static String key(StoryMessage m) {
        if (m instanceof StoryMessage.Lookup l) {
            return l.id();
        } else if (m instanceof StoryMessage.Article a) {
            return a.article().id();
        } else if (m instanceof StoryMessage.Candidates c) {
            return c.id();
        } else if (m instanceof StoryMessage.Score s) {
            return s.askerId();
        }
        return ((StoryMessage.Reply) m).askerId();
    }

    /**
     * Expiry must not follow stream time directly: a replayed archive arrives out of event-time order,
     * and one late-dated article would push stream time past entries that older articles of the same
     * replay still need. An entry is purged once stream time had already passed it by the window a full
     * window of wall-clock time ago, so entries live at least one window of processing time.
     */
    private void expireByWallClock(long wallClockMs) {
        streamTimeSamples.addLast(new long[] {wallClockMs, context.currentStreamTimeMs()});
        long[] usable = null;
        while (!streamTimeSamples.isEmpty() && streamTimeSamples.peekFirst()[0] <= wallClockMs - window.toMillis()) {
            usable = streamTimeSamples.pollFirst();
        }
        if (usable != null) {
            streamTimeSamples.addFirst(usable);
            story.expire(usable[1]);
        }
    }

    static StoryPartition.Store store(KeyValueStore<String, byte[]> kv) {
        return new StoryPartition.Store() {
            @Override
            public byte[] get(String key) {
                return kv.get(key);
            }

            @Override
            public void put(String key, byte[] value) {
                kv.put(key, value);
            }

            @Override
            public void delete(String key) {
                kv.delete(key);
            }

            @Override
            public void forEach(BiConsumer<String, byte[]> action) {
                try (KeyValueIterator<String, byte[]> it = kv.all()) {
                    while (it.hasNext()) {
                        KeyValue<String, byte[]> kvp = it.next();
                        action.accept(kvp.key, kvp.value);
                    }
                }
            }
        };
    }
}
