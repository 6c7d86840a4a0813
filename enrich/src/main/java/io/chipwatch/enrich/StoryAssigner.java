package io.chipwatch.enrich;

import io.chipwatch.enrich.internal.EventTime;
import io.chipwatch.enrich.internal.StoryIndex;
import io.chipwatch.enrich.internal.StoryStore;
import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Story assignment without Kafka: feed it enriched articles (as {@link Enricher#enrich} returns them) in
 * order and it returns each with {@code storyId}, {@code firstInStory} and {@code duplicateOf} set as the
 * {@code chipwatch-enrich} topology would set them for that input order. It runs the topology's own
 * decision code (the same class as the single-partition path, {@code dedup.partitioned=false}, over an
 * in-memory store instead of RocksDB) with the same event time per article (published time, or fetch
 * time when that is missing or over an hour ahead of it). The partitioned path decides alike for
 * articles that are not in flight together ({@code StoryPartitionTest} compares the two).
 *
 * <p>One difference by design: the topology purges entries older than the dedup window a window of
 * wall-clock time after stream time passed them (they can then no longer match by similarity, only by
 * a repeated article id); the assigner keeps every entry, so it suits evaluation sets and batches, not
 * an endless stream. Not thread-safe: one assigner per sequence of articles.
 */
public final class StoryAssigner {
    private final StoryIndex index;

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
        this.index = new StoryIndex(window, threshold, StoryStore.inMemory());
    }

    /** An assigner with the default configuration (7-day window, threshold 0.25). */
    public static StoryAssigner withDefaults() {
        return new StoryAssigner(new EnrichConfig(Map.of(EnrichConfig.BOOTSTRAP_SERVERS, "unused:9092")));
    }

    /** The article with its story assigned; remembers it for the articles that follow. */
    public EnrichedArticle assign(EnrichedArticle article) {
        Objects.requireNonNull(article, "article");
        return index.assign(article, EventTime.of(article.publishedAt(), article.fetchedAt()));
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
