package io.chipwatch.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;

/**
 * The index must find exactly the queries Lucene finds when it runs every query on the article: its
 * candidate selection may never drop a true match, and what it decides itself (terms, exact phrases,
 * boolean operators) must be decided as Lucene does.
 */
class QueryIndexTest {

    private static final List<String> SHAPES = List.of(
            "ascend", "Ascend", "chips", "chip", "\"ascend 950\"", "\"950 ascend\"", "\"Huawei Ascend 950\"",
            "\"demand jumped\"", "\"demand jumped\"~5", "\"jumped demand\"~1", "\"jumped demand\"~3",
            "deepseek AND (tencent OR baidu)", "deepseek OR nvidia", "deepseek nvidia", "deepseek NOT bytedance",
            "deepseek AND NOT tencent", "-tencent", "NOT tencent", "tencent -(-deepseek)", "ascend AND (-nothing)",
            "(demand AND ascend) OR (-tencent)", "+ascend +950 -nvidia", "ascend || nvidia && deepseek",
            "accelerat*", "accelerat* AND NOT \"no evidence\"", "smuggl* NOT \"no evidence\"", "a?cend", "as*d",
            "title:tencent", "text:tencent", "title:ascend AND text:tencent", "title:\"ascend 950\"", "text:\"ascend 950\"",
            "title:(deepseek OR nvidia)", "title:h*", "text:[a TO c]", "[x TO z]", "ascend~", "acsend~1", "/asc.*/",
            "\"华为昇腾\"", "华为", "昇腾", "\"昇腾 华为\"", "华为 AND ascend", "ascend^2", "ascend^0 AND 950",
            "(ascend OR nvidia)^3 AND tencent^0.5", "\"ascend 950\"^4", "*:*", "foo:ascend", "ascend AND foo:bar",
            "ascend NOT title:tencent", "ascend -text:[s TO u]", "ascend AND NOT title:\"tencent buys\"",
            ".", "\"\"", "the AND ascend", "\"the ascend\"", "h200 OR h20", "title:\"\" OR ascend", "licences", "license*");

    private static final List<String[]> ARTICLES = List.of(
            new String[] {"DeepSeek V4 lifts demand for Huawei's Ascend 950",
                "Demand for the Ascend 950 jumped after DeepSeek released V4. Alibaba, Tencent and ByteDance rushed to "
                        + "line up supply of Huawei accelerators."},
            new String[] {"华为昇腾需求激增", "DeepSeek 发布后，华为昇腾 950 的需求大增。Nvidia H20 licences were revoked."},
            new String[] {"Tencent buys chips", "Smuggling of Nvidia H200 chips: no evidence was found, officials said."},
            new String[] {"", "ascend ascend 950 950 ascend"},
            new String[] {"Zebra crossing", "x y z"});

    @Test
    void findsExactlyWhatLuceneFindsForEveryQueryShape() throws ParseException {
        try (QueryIndex index = new QueryIndex()) {
            Map<String, Query> queries = new LinkedHashMap<>();
            for (int i = 0; i < SHAPES.size(); i++) {
                index.put("q" + i, SHAPES.get(i));
                queries.put("q" + i, QueryIndex.parse(SHAPES.get(i)));
            }
            for (String[] a : ARTICLES) {
                assertThat(new TreeSet<>(index.match(a[0], a[1]))).as("%s", (Object) a)
                        .isEqualTo(bruteForce(queries, a[0], a[1]));
            }
        }
    }

    @Test
    void eachShapeAloneIsFoundAsLuceneFindsIt() throws ParseException {
        // alone, a query is filed under its own terms with no competition: another path through the keys
        for (String shape : SHAPES) {
            try (QueryIndex index = new QueryIndex()) {
                index.put("q", shape);
                for (String[] a : ARTICLES) {
                    assertThat(index.match(a[0], a[1])).as("%s on %s", shape, a[0])
                            .isEqualTo(bruteForce(Map.of("q", QueryIndex.parse(shape)), a[0], a[1]));
                }
            }
        }
    }

    @Property(tries = 400)
    void randomQueriesAreFoundAsLuceneFindsThem(@ForAll("queries") List<String> shapes, @ForAll("texts") String title,
                                                @ForAll("texts") String text) {
        try (QueryIndex index = new QueryIndex()) {
            Map<String, Query> queries = new LinkedHashMap<>();
            for (int i = 0; i < shapes.size(); i++) {
                try {
                    queries.put("q" + i, QueryIndex.parse(shapes.get(i)));
                    index.put("q" + i, shapes.get(i));
                } catch (ParseException | RuntimeException unparsable) {
                    queries.remove("q" + i);
                }
            }
            assertThat(new TreeSet<>(index.match(title, text))).isEqualTo(bruteForce(queries, title, text));
        }
    }

    @Test
    void replacedAndRemovedQueriesNoLongerMatch() throws ParseException {
        try (QueryIndex index = new QueryIndex()) {
            index.put("a", "title:ascend");
            index.put("b", "nvidia");
            assertThat(index.match("Ascend 950", "Nvidia too")).containsExactlyInAnyOrder("a", "b");
            index.put("a", "text:ascend");
            assertThat(index.match("Ascend 950", "Nvidia too")).containsExactly("b");
            assertThat(index.match("Nvidia", "ascend")).containsExactlyInAnyOrder("a", "b");
            index.remove("a");
            index.remove("never-added");
            assertThat(index.match("Nvidia", "ascend")).containsExactly("b");
            assertThat(index.size()).isEqualTo(1);
            index.remove("b");
            assertThat(index.match("Nvidia", "ascend")).isEmpty();
        }
    }

    @Test
    void aCommonWordDoesNotMakeEveryQueryACandidate() throws ParseException {
        try (QueryIndex index = new QueryIndex()) {
            for (int i = 0; i < 2000; i++) {
                index.put("w" + i, i % 2 == 0 ? "demand AND the AND w" + i : "\"the demand\" AND (w" + i + " OR x" + i + ")");
            }
            index.put("wild", "deman*");
            String text = "The demand for the chips jumped; w7 and w8 were quoted.";
            assertThat(index.candidateCount("Demand", text)).as("w7, w8 and the wildcard").isEqualTo(3);
            assertThat(index.match("Demand", text)).containsExactlyInAnyOrder("w7", "w8", "wild");
        }
    }

    /** What the Lucene Monitor did: the article in title, text and all, every query run on it, scores ignored. */
    private static Set<String> bruteForce(Map<String, Query> queries, String title, String text) {
        MemoryIndex index = new MemoryIndex();
        index.addField(QueryIndex.TITLE, title, QueryIndex.ANALYZER);
        index.addField(QueryIndex.TEXT, text, QueryIndex.ANALYZER);
        index.addField(QueryIndex.ALL, title, QueryIndex.ANALYZER);
        index.addField(QueryIndex.ALL, text, QueryIndex.ANALYZER);
        IndexSearcher searcher = index.createSearcher();
        Set<String> ids = new TreeSet<>();
        try {
            for (Map.Entry<String, Query> q : queries.entrySet()) {
                if (searcher.count(q.getValue()) > 0) {
                    ids.add(q.getKey());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static final List<String> WORDS = List.of("ascend", "950", "huawei", "demand", "chips", "chip", "the", "a",
            "export", "licence", "licenses", "华", "为", "昇", "腾", "smuggling", "no", "evidence", "nvidia", "h200");

    @Provide
    Arbitrary<List<String>> queries() {
        return expression(0).list().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(WORDS),
                Arbitraries.of(WORDS).map(w -> w.toUpperCase(java.util.Locale.ROOT)),
                Arbitraries.of(WORDS).map(w -> w + "."), Arbitraries.of(WORDS).map(w -> w + "s"));
        return token.list().ofMaxSize(40).map(l -> String.join(" ", l));
    }

    private Arbitrary<String> expression(int depth) {
        Arbitrary<String> op = Arbitraries.of(" AND ", " OR ", " NOT ", " ", " || ", " && ", " -", " +");
        return Combinators.combine(clause(depth).list().ofMinSize(1).ofMaxSize(3), op.list().ofSize(2))
                .as((clauses, ops) -> {
                    StringBuilder sb = new StringBuilder(clauses.get(0));
                    for (int i = 1; i < clauses.size(); i++) {
                        sb.append(ops.get(i - 1)).append(clauses.get(i));
                    }
                    return sb.toString();
                });
    }

    private Arbitrary<String> clause(int depth) {
        Arbitrary<String> w = Arbitraries.of(WORDS);
        List<Arbitrary<String>> shapes = new ArrayList<>(List.of(
                w, w, w,
                Combinators.combine(w, w).as((a, b) -> "\"" + a + " " + b + "\""),
                Combinators.combine(w, w, w).as((a, b, c) -> "\"" + a + " " + b + " " + c + "\""),
                Combinators.combine(w, w, Arbitraries.integers().between(0, 3)).as((a, b, s) -> "\"" + a + " " + b + "\"~" + s),
                Combinators.combine(w, Arbitraries.integers().between(1, 3))
                        .as((a, n) -> a.substring(0, Math.min(n, a.length())) + "*"),
                Combinators.combine(Arbitraries.of("title:", "text:", "all:", "foo:"), w).as((f, a) -> f + a),
                Combinators.combine(Arbitraries.of("title:", "text:"), w, w).as((f, a, b) -> f + "\"" + a + " " + b + "\""),
                Combinators.combine(w, Arbitraries.of("^0", "^2", "^0.5", "~1", "~")).as((a, s) -> a + s),
                Arbitraries.of("\"华为昇腾\"", "华为", "[a TO d]", "*:*", "/h2.*/", "a?cend", "title:[a TO z]", "text:h*",
                        "title:/h2.*/", "text:ascend~1", "title:\"ascend 950\"~2")));
        if (depth < 2) {
            shapes.add(Arbitraries.lazy(() -> expression(depth + 1)).map(e -> "(" + e + ")"));
        }
        return Arbitraries.oneOf(shapes);
    }
}
