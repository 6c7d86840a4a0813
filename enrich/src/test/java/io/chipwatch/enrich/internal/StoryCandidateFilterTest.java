package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.Fixtures;
import io.chipwatch.enrich.StoryAssigner;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The band partitions forward only the candidates that match (issue 15): the same stories as the path that forwards
 * every article sharing a band (what a lookup without a signature, as the previous version published it, still gets)
 * and as the single-partition {@link StoryAssigner}, on every article of the eval sets ({@code seeds/eval/*}) and on a
 * few hundred generated look-alikes (originals sharing a boilerplate paragraph, copies, rewrites, unrelated), both
 * one article at a time and with many in flight together. Prints the story-topic and store bytes per article of both.
 */
class StoryCandidateFilterTest {
    private static final Duration WINDOW = Duration.ofDays(7);
    private static List<EnrichedArticle> evalArticles;
    private static List<EnrichedArticle> lookAlikes;

    @BeforeAll
    static void load() throws IOException {
        Enricher enricher = Enricher.fromSeeds(Fixtures.seedsDir()).withClock(Fixtures.CLOCK);
        List<EnrichedArticle> eval = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Fixtures.seedsDir().resolve("eval"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String id = Fixtures.seedsDir().resolve("eval").relativize(f).toString().replace('/', '-');
                eval.add(enricher.enrich(parse(id, Files.readString(f, StandardCharsets.UTF_8))));
            }
        }
        evalArticles = inPublishingOrder(eval);
        lookAlikes = inPublishingOrder(StoryPartitionTest.corpus(new Random(23), 150));
    }

    @Test
    void shouldDecideAsTheUnfilteredPathAndTheSingleIndexOnTheEvalSets() {
        assertThat(evalArticles).hasSizeGreaterThan(600);
        compare("eval sets", evalArticles, false);
    }

    @Test
    void shouldDecideAsTheUnfilteredPathAndTheSingleIndexOnGeneratedLookAlikes() {
        assertThat(lookAlikes).hasSize(300);
        compare("look-alikes", lookAlikes, true);
    }

    /**
     * @param lookAlikesShareBands whether most articles share bands with dozens of earlier ones that are not their
     *                             duplicates, where the candidate lists were most of the story topic; eval articles share
     *                             few, and there the signature the lookups now carry nearly offsets what is saved
     */
    private static void compare(String what, List<EnrichedArticle> articles, boolean lookAlikesShareBands) {
        List<Tuple> expected = new StoryAssigner(WINDOW, 0.3).assignAll(articles).stream().map(StoryCandidateFilterTest::story).toList();
        assertThat(expected.stream().filter(t -> !(Boolean) t.toArray()[2]).count()).as("%s: some join a story", what).isPositive();
        for (boolean inFlight : new boolean[] {false, true}) {
            StoryPartitionTest.Cluster unfiltered = run(articles, true, inFlight);
            StoryPartitionTest.Cluster filtered = run(articles, false, inFlight);
            String mode = inFlight ? "8 articles a round" : "one at a time";
            assertThat(unfiltered.decided.values()).as("%s, %s, unfiltered", what, mode)
                    .extracting(StoryCandidateFilterTest::story).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(filtered.decided.values()).as("%s, %s, filtered", what, mode)
                    .extracting(StoryCandidateFilterTest::story).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(filtered.waiting()).isEmpty();
            long before = topicBytes(unfiltered);
            long after = topicBytes(filtered);
            System.err.printf("%s, %s, 3 partitions, %d articles: story messages %,d -> %,d bytes per article %s -> %s;"
                            + " store writes %,d -> %,d bytes per article%n", what, mode, articles.size(),
                    before / articles.size(), after / articles.size(), unfiltered.messageBytes, filtered.messageBytes,
                    unfiltered.changelogBytes / articles.size(), filtered.changelogBytes / articles.size());
            assertThat(roundBytes(filtered)).as("%s, %s: candidate lists, score requests and replies", what, mode)
                    .isLessThan(roundBytes(unfiltered) / (lookAlikesShareBands ? 10 : 2));
            assertThat(after).as("%s, %s: story-topic bytes in all", what, mode).isLessThan(before);
        }
    }

    private static StoryPartitionTest.Cluster run(List<EnrichedArticle> articles, boolean legacyLookups, boolean inFlight) {
        StoryPartitionTest.Cluster cluster = new StoryPartitionTest.Cluster(3);
        cluster.legacyLookups = legacyLookups;
        int next = 0;
        while (next < articles.size() || !cluster.idle()) {
            for (int k = 0; k < (inFlight ? 8 : 1) && next < articles.size(); k++, next++) {
                EnrichedArticle a = articles.get(next);
                cluster.publish(a, EventTime.of(a.publishedAt(), a.fetchedAt()));
            }
            if (inFlight) {
                cluster.round();
            } else {
                cluster.drain();
            }
        }
        return cluster;
    }

    private static long topicBytes(StoryPartitionTest.Cluster c) {
        return c.messageBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The bytes of the candidate lists, score requests and replies (the round the band filter shortens). */
    private static long roundBytes(StoryPartitionTest.Cluster c) {
        return c.messageBytes.getOrDefault("Candidates", 0L) + c.messageBytes.getOrDefault("Score", 0L)
                + c.messageBytes.getOrDefault("Reply", 0L);
    }

    private static Tuple story(EnrichedArticle e) {
        return Tuple.tuple(e.id(), e.storyId(), e.firstInStory());
    }

    /** By (event time, id), the order in which one sequential index and the partitioned path decide alike. */
    private static List<EnrichedArticle> inPublishingOrder(List<EnrichedArticle> articles) {
        return articles.stream()
                .sorted(Comparator.<EnrichedArticle>comparingLong(a -> EventTime.of(a.publishedAt(), a.fetchedAt()))
                        .thenComparing(EnrichedArticle::id))
                .toList();
    }

    /** An eval .txt article: headline, header lines ("Published:", "Source:", ...), blank line, body. */
    private static RawArticle parse(String id, String s) {
        String[] parts = s.split("\n\n", 2);
        List<String> head = parts[0].lines().toList();
        Instant published = head.stream().filter(l -> l.startsWith("Published:")).findFirst()
                .map(l -> Instant.parse(l.substring(10).strip())).orElse(Fixtures.T0);
        String source = head.stream().filter(l -> l.startsWith("Source:")).findFirst().map(l -> l.substring(7).strip())
                .orElse("eval");
        return Fixtures.article(id, source, head.isEmpty() ? "" : head.get(0), parts.length > 1 ? parts[1] : "", published);
    }
}
