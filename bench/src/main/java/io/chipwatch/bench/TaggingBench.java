package io.chipwatch.bench;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.internal.EntityTagger;
import io.chipwatch.enrich.internal.EventClassifier;
import io.chipwatch.enrich.internal.EventRules;
import io.chipwatch.enrich.internal.Gazetteer;
import io.chipwatch.enrich.internal.Text;
import io.chipwatch.model.RawArticle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Entity tagging, event classification and whole-article enrichment of generated articles
 * (2-5 KB each; one op = one article, taken in turn from 100: MB/s = ops/s x the mean size printed at setup). Tagging runs with
 * the seeds gazetteer and with 5,000 synthetic companies added (over 15,000 aliases), beside a
 * naive loop of one java.util.regex per alias.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TaggingBench {
    static final int SYNTHETIC = 5_000;

    private List<String> titles;
    private List<String> texts;
    private List<RawArticle> raw;
    private EntityTagger seedsTagger;
    private EntityTagger bigTagger;
    private List<Pattern> seedsRegexes;
    private List<Pattern> bigRegexes;
    private EventClassifier classifier;
    private List<EntityTagger.Result> tags;
    private Enricher enricher;

    @Setup
    public void setUp() {
        raw = Corpus.articles();
        titles = raw.stream().map(a -> Text.normalize(a.title())).toList();
        texts = raw.stream().map(a -> Text.normalize(a.text())).toList();
        Gazetteer seeds = Gazetteer.load(Corpus.seeds().resolve(Enricher.ENTITIES_FILE));
        Gazetteer big = Corpus.withSynthetic(seeds, SYNTHETIC);
        seedsTagger = new EntityTagger(seeds);
        bigTagger = new EntityTagger(big);
        seedsRegexes = regexes(Corpus.aliases(seeds));
        bigRegexes = regexes(Corpus.aliases(big));
        classifier = new EventClassifier(EventRules.load(Corpus.seeds().resolve(Enricher.EVENTS_FILE)));
        tags = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            tags.add(seedsTagger.tag(titles.get(i), texts.get(i)));
        }
        enricher = Enricher.fromSeeds(Corpus.seeds());
        System.err.printf("tagging: %d articles, mean %d chars per op; seeds tagger %d patterns, synthetic tagger %d patterns (%d aliases)%n",
                texts.size(), Corpus.bytes(raw) / texts.size(), seedsTagger.patternCount(), bigTagger.patternCount(), bigRegexes.size());
    }

    private static List<Pattern> regexes(List<String> aliases) {
        return aliases.stream().map(a -> Pattern.compile("(?<![\\p{L}\\p{Nd}])" + Pattern.quote(a) + "(?![\\p{L}\\p{Nd}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)).toList();
    }

    private int next;

    private int nextIndex() {
        next = (next + 1) % texts.size();
        return next;
    }

    private int tagAll(EntityTagger t) {
        int i = nextIndex();
        return t.tag(titles.get(i), texts.get(i)).matches().size();
    }

    private int regexAll(List<Pattern> patterns) {
        int n = 0;
        int i = nextIndex();
        {
            for (Pattern p : patterns) {
                Matcher m = p.matcher(texts.get(i));
                while (m.find()) {
                    n++;
                }
                m = p.matcher(titles.get(i));
                while (m.find()) {
                    n++;
                }
            }
        }
        return n;
    }

    @Benchmark
    public int tagSeedsGazetteer() {
        return tagAll(seedsTagger);
    }

    @Benchmark
    public int tagSynthetic5000() {
        return tagAll(bigTagger);
    }

    @Benchmark
    public int baselineRegexPerAliasSeeds() {
        return regexAll(seedsRegexes);
    }

    @Benchmark
    public int baselineRegexPerAliasSynthetic5000() {
        return regexAll(bigRegexes);
    }

    @Benchmark
    public int classifyEvents() {
        int i = nextIndex();
        return classifier.classify(titles.get(i), texts.get(i), tags.get(i).matches()).size();
    }

    @Benchmark
    public int enrichWholeArticle() {
        return enricher.enrich(raw.get(nextIndex())).entities().size();
    }
}
