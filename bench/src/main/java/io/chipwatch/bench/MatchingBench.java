package io.chipwatch.bench;

import io.chipwatch.alerts.WatchMatcher;
import io.chipwatch.alerts.internal.QueryIndex;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.Watch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.Query;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Watch matching of one article (ops/s = articles/s) against 10,000 free-text watches: the
 * {@link WatchMatcher} (Lucene Monitor with its presearcher) beside a naive loop that indexes the
 * article once in a MemoryIndex and runs every watch's query on it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchingBench {
    static final int WATCHES = 10_000;
    private static final String[] WORDS = {"export", "licence", "shortage", "demand", "ban", "rule", "entity", "list",
        "sanction", "tariff", "subsidy", "fab", "capacity", "hbm", "memory", "gpu", "accelerator", "smuggling", "ipo", "orders"};

    private List<EnrichedArticle> articles;
    private WatchMatcher matcher;
    private List<Query> queries;
    private final StandardAnalyzer analyzer = new StandardAnalyzer();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Enricher enricher = Enricher.fromSeeds(Corpus.seeds());
        articles = new ArrayList<>();
        for (RawArticle a : Corpus.articles()) {
            articles.add(enricher.enrich(a));
        }
        List<String> names = new ArrayList<>();
        io.chipwatch.enrich.internal.Gazetteer.load(Corpus.seeds().resolve(Enricher.ENTITIES_FILE)).entries().stream()
                .map(e -> e.name()).filter(n -> n.chars().allMatch(c -> c < 0x2E80) && !n.contains("\"")).forEach(names::add);
        SplittableRandom r = new SplittableRandom(11);
        List<Watch> watches = new ArrayList<>();
        queries = new ArrayList<>();
        for (int i = 0; i < WATCHES; i++) {
            String q = switch (i % 3) {
                case 0 -> "\"" + names.get(r.nextInt(names.size())) + "\" AND " + WORDS[r.nextInt(WORDS.length)];
                case 1 -> "\"" + names.get(r.nextInt(names.size())) + "\" AND (" + WORDS[r.nextInt(WORDS.length)] + " OR "
                        + WORDS[r.nextInt(WORDS.length)] + ")";
                default -> WORDS[r.nextInt(WORDS.length)] + " AND " + WORDS[r.nextInt(WORDS.length)] + " AND w" + i;
            };
            watches.add(new Watch("w" + i, null, null, null, null, null, null, q, null, null, null, null, null, null, null));
            queries.add(QueryIndex.parse(q));
        }
        matcher = new WatchMatcher(watches);
        int fired = 0;
        for (EnrichedArticle a : articles) {
            fired += matcher.match(a).size();
        }
        System.err.printf("matching: %d watches, %d articles, %.1f alerts per article%n", WATCHES, articles.size(),
                fired / (double) articles.size());
    }

    @TearDown
    public void tearDown() {
        matcher.close();
    }

    private EnrichedArticle nextArticle() {
        next = (next + 1) % articles.size();
        return articles.get(next);
    }

    @Benchmark
    public int watchMatcher10k() {
        return matcher.match(nextArticle()).size();
    }

    @Benchmark
    public int baselineEveryQuery10k() {
        EnrichedArticle a = nextArticle();
        MemoryIndex index = new MemoryIndex();
        index.addField(QueryIndex.ALL, a.title() + "\n" + a.text(), analyzer);
        int hits = 0;
        for (Query q : queries) {
            if (index.search(q) > 0) {
                hits++;
            }
        }
        return hits;
    }
}
