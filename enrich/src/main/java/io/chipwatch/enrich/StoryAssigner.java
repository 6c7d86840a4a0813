package io.chipwatch.enrich;

import io.chipwatch.enrich.internal.EventTime;
import io.chipwatch.enrich.internal.StoryMessage;
import io.chipwatch.enrich.internal.StoryPartition;
import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Story assignment without Kafka: feed it enriched articles (as {@link Enricher#enrich} returns them) in
 * order and it returns each with {@code storyId}, {@code firstInStory} and {@code duplicateOf} set as the
 * {@code chipwatch-enrich} topology would set them for that input order. It runs the topology's own
 * decision code (the same {@link StoryPartition}, over an in-memory store instead of RocksDB, with one
 * partition whose messages are delivered in order until the article is decided) with the same event time
 * per article (published time, or fetch time when that is missing or over an hour ahead of it). The
 * topology decides alike for articles that do not arrive within a few commit intervals of a
 * near-duplicate (see {@link StoryPartition}, "In flight").
 *
 * <p>One difference by design: the topology purges entries older than the dedup window a window of
 * wall-clock time after stream time passed them (they can then no longer match by similarity, only by
 * a repeated article id); the assigner keeps every entry, so it suits evaluation sets and batches, not
 * an endless stream. Not thread-safe: one assigner per sequence of articles.
 */
public final class StoryAssigner {
    private final StoryPartition partition;
    private final ArrayDeque<StoryMessage> queue = new ArrayDeque<>();
    private final List<EnrichedArticle> decided = new ArrayList<>(1);
    private long sequence;

    /** An assigner with the window and threshold of {@code config} ({@code dedup.window.ms}, {@code dedup.similarity.threshold}). */
    public StoryAssigner(EnrichConfig config) {
        this(config.dedupWindow(), config.dedupSimilarityThreshold());
    }

    public StoryAssigner(Duration window, double threshold) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        this.partition = new StoryPartition(0, 1, window, threshold, StoryPartition.Store.inMemory(), new StoryPartition.Output() {
            @Override
            public void send(StoryMessage message) {
                queue.add(message);
            }

            @Override
            public void emit(EnrichedArticle article, long t) {
                decided.add(article);
            }
        });
    }

    /** An assigner with the default configuration (7-day window, threshold 0.3). */
    public static StoryAssigner withDefaults() {
        return new StoryAssigner(new EnrichConfig(Map.of(EnrichConfig.BOOTSTRAP_SERVERS, "unused:9092")));
    }

    /** The article with its story assigned; remembers it for the articles that follow. */
    public EnrichedArticle assign(EnrichedArticle article) {
        Objects.requireNonNull(article, "article");
        long t = EventTime.of(article.publishedAt(), article.fetchedAt());
        queue.addAll(StoryPartition.prepare(article, t, Long.toString(sequence++), 1));
        while (!queue.isEmpty()) {
            partition.handle(queue.poll());
        }
        if (decided.size() != 1) {
            throw new IllegalStateException("story of " + article.id() + " not decided exactly once: " + decided.size());
        }
        EnrichedArticle out = decided.get(0);
        decided.clear();
        return out;
    }

    /** {@link #assign} of each article in list order. */
    public List<EnrichedArticle> assignAll(List<EnrichedArticle> articles) {
        List<EnrichedArticle> out = new ArrayList<>(articles.size());
        for (EnrichedArticle a : articles) {
            out.add(assign(a));
        }
        return out;
    }
}
