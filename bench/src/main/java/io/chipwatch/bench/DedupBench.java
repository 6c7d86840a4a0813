package io.chipwatch.bench;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.internal.MinHash;
import io.chipwatch.enrich.internal.StoryFeatures;
import io.chipwatch.enrich.StoryAssigner;
import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Story dedup per article, without Kafka: the decision the topology runs ({@link StoryAssigner#assign}, the
 * topology's {@code StoryPartition} on one partition: exact key, MinHash signature, LSH lookup, candidate check,
 * distinguishing features, and the binary messages between the roles) over an in-memory store, on the
 * generated bench articles ({@value #RESET} of them, each its own story, as in {@code chipwatch bench}), every op
 * the next one a minute later; the index starts afresh after all of them so memory stays flat. Beside it, the
 * parts: the signature alone and the features alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DedupBench {
    static final int RESET = 5_000;

    private List<EnrichedArticle> articles;
    private StoryAssigner index;
    private long n;

    @Setup
    public void setUp() {
        Enricher enricher = Enricher.fromSeeds(Corpus.seeds());
        io.chipwatch.app.BenchArticles generator = io.chipwatch.app.BenchArticles.fromSeeds(Corpus.seeds(), 42);
        articles = new ArrayList<>();
        for (int i = 0; i < RESET; i++) {
            articles.add(enricher.enrich(generator.article(i, false, java.time.Instant.parse("2026-01-01T00:00:00Z"))));
        }
        index = newIndex();
    }

    private static StoryAssigner newIndex() {
        return new StoryAssigner(Duration.ofDays(7), 0.3);
    }

    private EnrichedArticle next() {
        EnrichedArticle a = articles.get((int) (n % articles.size()));
        String id = a.id() + "-" + n;
        return new EnrichedArticle(id, id, true, null, a.sourceId(), a.url(), a.title(), a.text(), a.language(),
                a.tags(), a.publishedAt(), a.fetchedAt(), a.enrichedAt(), a.entities(), a.events());
    }

    @Benchmark
    public boolean dedupAssign() {
        if (++n % RESET == 0) {
            index = newIndex();
        }
        return index.assign(next()).firstInStory();
    }

    @Benchmark
    public int signature() {
        EnrichedArticle a = articles.get((int) (++n % articles.size()));
        return MinHash.signature(a.title() + "\n" + a.text())[0];
    }

    @Benchmark
    public int storyFeatures() {
        return StoryFeatures.of(articles.get((int) (++n % articles.size()))).numbers().length;
    }
}
