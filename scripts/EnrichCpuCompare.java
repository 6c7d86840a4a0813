import io.chipwatch.app.BenchArticles;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.internal.EntityTagger;
import io.chipwatch.enrich.internal.EventClassifier;
import io.chipwatch.enrich.internal.EventRules;
import io.chipwatch.enrich.internal.Gazetteer;
import io.chipwatch.enrich.internal.Text;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The enrichment CPU comparison of scripts/enrich-cpu-compare.sh, run in Java's source-file mode against one
 * commit's bench jar ({@code java -cp benchmarks.jar scripts/EnrichCpuCompare.java ...}), so the same harness
 * times old and new code. It uses only API that exists on both sides of issue 11 and reaches the story dedup
 * of either version by reflection (before: {@code StoryDedupProcessor}'s private decision over a map-backed
 * store; after: {@code StoryAssigner}, the same decision over its in-memory store).
 *
 * <p>{@code dump SEEDS N OUT}: writes N generated bench articles (BenchArticles, seed 42, as TaggingBench and
 * DedupBench use) as JSON lines, so both versions time the very same articles even though their seeds differ.
 *
 * <p>{@code run SEEDS BENCH_JSONL EVAL_DIR...}: ops per CPU-second of this thread (the CpuTime method: warm up,
 * then loop until the measured CPU time is spent) of enrichment, event classification and story dedup, on the
 * first 100 bench articles (dedup: all of them) and on the articles of the eval directories' en/ and zh/ text files.
 */
public final class EnrichCpuCompare {
    static final long WARMUP_NS = Long.getLong("warmup.s", 4) * 1_000_000_000L;
    static final long MEASURE_NS = Long.getLong("measure.s", 6) * 1_000_000_000L;
    static final Instant BENCH_TIME = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        if (args[0].equals("dump")) {
            dump(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else if (args[0].equals("outputs")) {
            outputs(Path.of(args[1]), Path.of(args[2]), Stream.of(args).skip(3).map(Path::of).toList());
        } else {
            List<Path> evalDirs = Stream.of(args).skip(3).map(Path::of).toList();
            run(Path.of(args[1]), Path.of(args[2]), evalDirs, System.getProperty("ops", "all"));
        }
    }

    static void dump(Path seeds, int n, Path out) throws Exception {
        BenchArticles g = BenchArticles.fromSeeds(seeds, 42);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                w.write(Json.MAPPER.writeValueAsString(g.article(i, false, BENCH_TIME)));
                w.newLine();
            }
        }
    }

    /**
     * {@code outputs SEEDS BENCH_JSONL EVAL_DIR...}: every article enriched (fixed clock) and story-assigned, one
     * JSON line each, to diff what two versions produce: a speed-up must not change a byte of it.
     */
    static void outputs(Path seeds, Path benchJsonl, List<Path> evalDirs) throws Exception {
        Enricher enricher = Enricher.fromSeeds(seeds).withClock(java.time.Clock.fixed(BENCH_TIME, java.time.ZoneOffset.UTC));
        for (List<RawArticle> articles : List.of(readBench(benchJsonl), readEval(evalDirs))) {
            StoryDecision stories = StoryDecision.fresh();
            for (RawArticle a : articles) {
                EnrichedArticle e = enricher.enrich(a);
                System.out.println(Json.MAPPER.writeValueAsString(e) + "\tfirstInStory=" + stories.assign(e));
            }
        }
    }

    static List<RawArticle> readBench(Path benchJsonl) throws Exception {
        List<RawArticle> bench = new ArrayList<>();
        for (String line : Files.readAllLines(benchJsonl, StandardCharsets.UTF_8)) {
            bench.add(Json.MAPPER.readValue(line, RawArticle.class));
        }
        return bench;
    }

    static List<RawArticle> readEval(List<Path> evalDirs) throws Exception {
        List<RawArticle> eval = new ArrayList<>();
        for (Path dir : evalDirs) {
            for (String lang : List.of("en", "zh")) {
                try (Stream<Path> files = Files.list(dir.resolve(lang))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                        eval.add(readTxt(f, dir.getFileName() + "/" + lang + "/" + f.getFileName()));
                    }
                }
            }
        }
        return eval;
    }

    static void run(Path seeds, Path benchJsonl, List<Path> evalDirs, String ops) throws Exception {
        List<RawArticle> bench = readBench(benchJsonl);
        List<RawArticle> eval = readEval(evalDirs);
        Enricher enricher = Enricher.fromSeeds(seeds);
        Gazetteer gazetteer = Gazetteer.load(seeds.resolve(Enricher.ENTITIES_FILE));
        EntityTagger tagger = new EntityTagger(gazetteer);
        EventClassifier classifier = new EventClassifier(EventRules.load(seeds.resolve(Enricher.EVENTS_FILE)));
        List<RawArticle> bench100 = bench.subList(0, Math.min(100, bench.size()));
        System.err.printf("articles: bench %d (first %d for enrich/classify, mean %d chars), eval %d (mean %d chars)%n",
                bench.size(), bench100.size(), meanChars(bench100), eval.size(), meanChars(eval));

        Map<String, IntSupplier> all = new java.util.LinkedHashMap<>();
        all.put("enrichWholeArticle", cycling(bench100, a -> enricher.enrich(a).entities().size()));
        all.put("classifyEvents", classifying(bench100, tagger, classifier));
        all.put("dedupAssign", deduplicating(bench, enricher));
        all.put("evalEnrichWholeArticle", cycling(eval, a -> enricher.enrich(a).entities().size()));
        all.put("evalClassifyEvents", classifying(eval, tagger, classifier));
        all.put("evalDedupAssign", deduplicating(eval, enricher));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, IntSupplier> op : all.entrySet()) {
            if (!ops.equals("all") && !List.of(ops.split(",")).contains(op.getKey())) {
                continue;
            }
            long sink = 0;
            long warm = threads.getCurrentThreadCpuTime() + WARMUP_NS;
            while (threads.getCurrentThreadCpuTime() < warm) {
                sink += op.getValue().getAsInt();
            }
            long n = 0;
            long t0 = threads.getCurrentThreadCpuTime();
            while (threads.getCurrentThreadCpuTime() < t0 + MEASURE_NS) {
                sink += op.getValue().getAsInt();
                n++;
            }
            double s = (threads.getCurrentThreadCpuTime() - t0) / 1e9;
            System.out.printf("%s\t%.2f\t(sink %d)%n", op.getKey(), n / s, sink);
        }
    }

    static long meanChars(List<RawArticle> articles) {
        return articles.stream().mapToLong(a -> a.title().length() + a.text().length()).sum() / Math.max(1, articles.size());
    }

    interface ToInt<T> {
        int apply(T t) throws Exception;
    }

    static <T> IntSupplier cycling(List<T> items, ToInt<T> f) {
        int[] next = {0};
        return () -> {
            next[0] = (next[0] + 1) % items.size();
            try {
                return f.apply(items.get(next[0]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Classification alone, tags precomputed, as TaggingBench.classifyEvents. */
    static IntSupplier classifying(List<RawArticle> articles, EntityTagger tagger, EventClassifier classifier) {
        List<String[]> texts = new ArrayList<>();
        List<List<EntityTagger.Match>> matches = new ArrayList<>();
        for (RawArticle a : articles) {
            String title = Text.normalize(a.title());
            String text = Text.normalize(a.text());
            texts.add(new String[] {title, text});
            matches.add(tagger.tag(title, text).matches());
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            indices.add(i);
        }
        return cycling(indices, i -> classifier.classify(texts.get(i)[0], texts.get(i)[1], matches.get(i)).size());
    }

    /**
     * The story decision for one new article, as DedupBench.dedupAssign: every article enriched first, then
     * assigned in turn under a fresh id, the index starting afresh after all of them.
     */
    static IntSupplier deduplicating(List<RawArticle> raw, Enricher enricher) throws Exception {
        List<EnrichedArticle> articles = new ArrayList<>();
        for (RawArticle a : raw) {
            articles.add(enricher.enrich(a));
        }
        StoryDecision[] index = {StoryDecision.fresh()};
        long[] n = {0};
        return () -> {
            if (++n[0] % articles.size() == 0) {
                index[0] = StoryDecision.fresh();
            }
            EnrichedArticle a = articles.get((int) (n[0] % articles.size()));
            String id = a.id() + "-" + n[0];
            EnrichedArticle copy = new EnrichedArticle(id, id, true, null, a.sourceId(), a.url(), a.title(), a.text(),
                    a.language(), a.tags(), a.publishedAt(), a.fetchedAt(), a.enrichedAt(), a.entities(), a.events());
            return index[0].assign(copy) ? 1 : 0;
        };
    }

    /** Either version's story decision over an in-memory store (7-day window, threshold 0.3 as DedupBench). */
    interface StoryDecision {
        boolean assign(EnrichedArticle a);

        static StoryDecision fresh() {
            try {
                Class<?> assigner = Class.forName("io.chipwatch.enrich.StoryAssigner");
                Object index = assigner.getConstructor(Duration.class, double.class).newInstance(Duration.ofDays(7), 0.3);
                Method assign = assigner.getMethod("assign", EnrichedArticle.class);
                return a -> firstInStory(invoke(assign, index, a));
            } catch (ClassNotFoundException before) {
                return beforeIssue11();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** StoryDedupProcessor of before issue 11: its private assign(article, t) over a HashMap store. */
        private static StoryDecision beforeIssue11() {
            try {
                Class<?> type = Class.forName("io.chipwatch.enrich.internal.StoryDedupProcessor");
                Constructor<?> c = type.getConstructor(Duration.class, double.class);
                Object processor = c.newInstance(Duration.ofDays(7), 0.3);
                Field store = type.getDeclaredField("store");
                store.setAccessible(true);
                store.set(processor, mapStore(store.getType()));
                Method assign = type.getDeclaredMethod("assign", EnrichedArticle.class, long.class);
                assign.setAccessible(true);
                return a -> firstInStory(invoke(assign, processor, a,
                        (a.publishedAt() != null ? a.publishedAt() : a.fetchedAt()).toEpochMilli()));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object mapStore(Class<?> storeType) {
            Map<Object, Object> map = new HashMap<>();
            return Proxy.newProxyInstance(storeType.getClassLoader(), new Class<?>[] {storeType}, (p, m, args) -> switch (m.getName()) {
                case "get" -> map.get(args[0]);
                case "put" -> map.put(args[0], args[1]);
                case "delete" -> map.remove(args[0]);
                case "name" -> "in-memory";
                default -> throw new UnsupportedOperationException(m.getName());
            });
        }

        private static Object invoke(Method m, Object target, Object... args) {
            try {
                return m.invoke(target, args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static boolean firstInStory(Object enriched) {
            return ((EnrichedArticle) enriched).firstInStory();
        }
    }

    /** An archive .txt article (seeds/README.md): headline, Key: value lines, blank line, body. */
    static RawArticle readTxt(Path file, String id) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String title = lines.get(0).strip();
        Map<String, String> headers = new HashMap<>();
        int i = 1;
        for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
            int colon = lines.get(i).indexOf(':');
            if (colon > 0) {
                headers.put(lines.get(i).substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), lines.get(i).substring(colon + 1).strip());
            }
        }
        String text = String.join("\n", lines.subList(Math.min(i + 1, lines.size()), lines.size())).strip();
        Instant published = headers.containsKey("published") ? Instant.parse(headers.get("published")) : BENCH_TIME;
        return new RawArticle(id, headers.getOrDefault("source", "eval"), headers.getOrDefault("url", "https://eval.example.com/" + id),
                title, text, headers.get("author"), headers.get("language"), published, published, List.of(), "text/plain");
    }
}
