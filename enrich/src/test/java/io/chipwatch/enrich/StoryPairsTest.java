package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.enrich.internal.MinHash;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pairs through the offline story API (the topology's decision code): look-alike items that share an
 * agency's or an exchange's boilerplate but name other parties, amounts and dates stay apart, although
 * MinHash alone would merge them; syndicated rewrites (reworded, reordered) still fold, in our own fixtures
 * ({@code src/test/resources/dedup}), the project's samples and the development set's labelled pairs.
 */
class StoryPairsTest {
    private static final double THRESHOLD = new EnrichConfig(java.util.Map.of(EnrichConfig.BOOTSTRAP_SERVERS, "x:1"))
            .dedupSimilarityThreshold();
    private static final Enricher ENRICHER = Enricher.fromSeeds(Fixtures.seedsDir()).withClock(Fixtures.CLOCK);

    static EnrichedArticle fixture(String name, String source) throws Exception {
        try (InputStream in = StoryPairsTest.class.getResourceAsStream("/dedup/" + name)) {
            return parse(name, source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** An archive .txt article: headline, "Published:" line, blank line, body. */
    static EnrichedArticle parse(String id, String source, String s) {
        String[] parts = s.split("\n\n", 2);
        String title = parts[0].lines().findFirst().orElse("");
        Instant published = parts[0].lines().filter(l -> l.startsWith("Published:")).findFirst()
                .map(l -> Instant.parse(l.substring(10).strip())).orElse(Fixtures.T0);
        RawArticle raw = Fixtures.article(id, source, title, parts.length > 1 ? parts[1] : "", published);
        return ENRICHER.enrich(raw);
    }

    private static double similarity(EnrichedArticle a, EnrichedArticle b) {
        return MinHash.similarity(MinHash.signature(a.title() + "\n" + a.text()), MinHash.signature(b.title() + "\n" + b.text()));
    }

    private static List<EnrichedArticle> assign(EnrichedArticle... articles) {
        return StoryAssigner.withDefaults().assignAll(List.of(articles));
    }

    @Test
    void shouldKeepTwoEntityListWireItemsWithTheSameBoilerplateApart() throws Exception {
        EnrichedArticle a = fixture("bis-wire-a.txt", "wire");
        EnrichedArticle b = fixture("bis-wire-b.txt", "wire");
        assertThat(similarity(a, b)).as("MinHash alone would merge them").isGreaterThanOrEqualTo(THRESHOLD);
        List<EnrichedArticle> out = assign(a, b);
        assertThat(out.get(1).firstInStory()).isTrue();
        assertThat(out.get(1).duplicateOf()).isNull();
    }

    @Test
    void shouldFoldARewordedAndReorderedRewriteOfTheSameWireItem() throws Exception {
        EnrichedArticle a = fixture("bis-wire-a.txt", "wire");
        EnrichedArticle b = fixture("bis-wire-b.txt", "wire");
        EnrichedArticle rewrite = fixture("bis-wire-a-rewrite.txt", "syndicator");
        List<EnrichedArticle> out = assign(a, b, rewrite);
        assertThat(out.get(2).firstInStory()).isFalse();
        assertThat(out.get(2).duplicateOf()).isEqualTo(a.id());
    }

    @Test
    void shouldKeepTwoIpoFilingsOnTheSameBoardApart() throws Exception {
        EnrichedArticle a = fixture("ipo-star-a.txt", "wire");
        EnrichedArticle b = fixture("ipo-star-b.txt", "wire");
        assertThat(similarity(a, b)).as("MinHash alone would merge them").isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(assign(a, b).get(1).firstInStory()).isTrue();
    }

    @Test
    void shouldKeepTwoChineseUnreliableEntityListNoticesApart() throws Exception {
        EnrichedArticle a = fixture("mofcom-zh-a.txt", "wire");
        EnrichedArticle b = fixture("mofcom-zh-b.txt", "wire");
        assertThat(similarity(a, b)).as("MinHash alone would merge them").isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(assign(a, b).get(1).firstInStory()).isTrue();
    }

    @Test
    void shouldStillFoldTheSyndicatedSamplePairs() throws Exception {
        String[][] pairs = {
            {"en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt", "en/2026-04-29-ascend-950-demand-syndicated.html"},
            {"zh/2026-04-30-deepseek-v4-ascend-950-demand.txt", "zh/2026-04-30-deepseek-v4-ascend-950-demand-repost.html"},
        };
        for (String[] pair : pairs) {
            List<EnrichedArticle> out = StoryAssigner.withDefaults().assignAll(List.of(
                    ENRICHER.enrich(sample(pair[0], 0)), ENRICHER.enrich(sample(pair[1], 1))));
            assertThat(out.get(1).duplicateOf()).as(pair[1]).isEqualTo(out.get(0).id());
        }
    }

    private static RawArticle sample(String relative, int hour) throws Exception {
        RawArticle r = SeedsTest.read(Fixtures.seedsDir().resolve("articles").resolve(relative));
        return Fixtures.article(r.id(), "source-" + hour, r.title(), r.text(), Fixtures.T0.plusSeconds(3600L * hour));
    }

    /** Every duplicateOf pair of the development set folds and every distinctFrom pair stays apart. */
    @Test
    void shouldDecideTheLabelledPairsOfTheDevelopmentSet() throws Exception {
        Path dir = Fixtures.seedsDir().resolve("eval").resolve("dev");
        JsonNode root = Json.YAML.readTree(dir.resolve("labels.yaml").toFile());
        List<String> wrong = new ArrayList<>();
        int pairs = 0;
        for (JsonNode n : root.get("articles")) {
            for (String kind : List.of("duplicateOf", "distinctFrom")) {
                String other = n.path(kind).isTextual() ? n.path(kind).asText() : null;
                if (other == null || other.isBlank()) {
                    continue;
                }
                pairs++;
                EnrichedArticle first = devArticle(dir, other, "first-source");
                EnrichedArticle second = devArticle(dir, n.path("file").asText(), "second-source");
                EnrichedArticle decided = assign(first, second).get(1);
                boolean folded = first.id().equals(decided.duplicateOf());
                if (folded != kind.equals("duplicateOf")) {
                    wrong.add(kind + " " + n.path("file").asText() + " vs " + other + " (similarity "
                            + String.format(java.util.Locale.ROOT, "%.2f", similarity(first, second)) + ")");
                }
            }
        }
        System.err.println("development-set story pairs: " + pairs + ", wrong: " + wrong);
        assertThat(pairs).isGreaterThan(0);
        assertThat(wrong).isEmpty();
    }

    private static EnrichedArticle devArticle(Path dir, String file, String source) throws Exception {
        return parse(file, source, Files.readString(dir.resolve(file), StandardCharsets.UTF_8));
    }
}
