package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.internal.MinHash;
import io.chipwatch.model.EnrichedArticle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The project's syndicated sample pairs are near-duplicates at the default threshold; different stories are not. */
class SyndicationTest {
    private static final double DEFAULT_THRESHOLD =
            new EnrichConfig(java.util.Map.of(EnrichConfig.BOOTSTRAP_SERVERS, "x:1")).dedupSimilarityThreshold();

    private static EnrichedArticle article(String relative) throws Exception {
        Path p = Fixtures.seedsDir().resolve("articles").resolve(relative);
        return Fixtures.enricher().enrich(SeedsTest.read(p));
    }

    private static int[] sig(String relative) throws Exception {
        EnrichedArticle a = article(relative);
        return MinHash.signature(a.title() + "\n" + a.text());
    }

    @Test
    void shouldTreatSyndicatedSampleArticlesAsOneStory() throws Exception {
        double en = MinHash.similarity(sig("en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt"),
                sig("en/2026-04-29-ascend-950-demand-syndicated.html"));
        double zh = MinHash.similarity(sig("zh/2026-04-30-deepseek-v4-ascend-950-demand.txt"),
                sig("zh/2026-04-30-deepseek-v4-ascend-950-demand-repost.html"));
        double different = MinHash.similarity(sig("en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt"),
                sig("en/2026-04-24-deepseek-v4-built-for-ascend.html"));
        System.err.printf("syndication similarity: en %.2f, zh %.2f, related-but-different %.2f%n", en, zh, different);
        assertThat(en).isGreaterThanOrEqualTo(DEFAULT_THRESHOLD);
        assertThat(zh).isGreaterThanOrEqualTo(DEFAULT_THRESHOLD);
        assertThat(different).isLessThan(en).isLessThan(zh);
    }

    /** Content words of two stories on one subject overlap near the threshold; what their leads name keeps them apart. */
    @Test
    void shouldKeepARelatedButDifferentSampleStoryApart() throws Exception {
        EnrichedArticle earlier = article("en/2026-04-24-deepseek-v4-built-for-ascend.html");
        EnrichedArticle later = article("en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt");
        java.util.List<EnrichedArticle> out = StoryAssigner.withDefaults().assignAll(java.util.List.of(earlier, later));
        assertThat(out.get(1).firstInStory()).isTrue();
    }
}
