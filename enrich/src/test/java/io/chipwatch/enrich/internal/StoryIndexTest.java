package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link StoryIndex}'s candidate scan (identity stamps, a counting sort on the score, features tried a group of
 * equal score and time at a time) decides exactly as the map-and-sort it replaced ({@code byMap}), including
 * the order of ties: look-alike articles from a small vocabulary, many near-copies, parties and numbers that
 * conflict or not, few distinct event times (ties in score and time), a bounded index, expiry, and a store
 * that loses entries (an id indexed twice).
 */
class StoryIndexTest {
    private static final String[] WORDS = ("export controls chips tools lithography advanced memory wafer foundry plant "
            + "capacity licence rules agency officials market demand supply shipments revenue quarter sales customers "
            + "investment subsidy factory node packaging equipment orders outlook prices margin").split(" ");
    private static final String[] PARTIES = {"Nvidia", "TSMC", "SMIC", "Huawei", "ASML", "Intel", "Samsung", "Micron",
        "Applied Materials", "Tokyo Electron"};

    @Test
    void decidesAsTheMapAndSortItReplaced() {
        for (long seed = 1; seed <= 6; seed++) {
            List<EnrichedArticle> articles = articles(new Random(seed), 700);
            for (double threshold : new double[] {0.2, 0.3, 0.5}) {
                for (int maxArticles : new int[] {Integer.MAX_VALUE, 150}) {
                    assertSame(articles, threshold, maxArticles, seed, null);
                }
            }
        }
        assertThat(tieOrdersInAll).as("decisions that needed the map's order of a tie").isGreaterThan(20);
    }

    @Test
    void decidesAsTheMapAndSortWhenTheStoreLosesEntriesAndAfterExpiry() {
        List<EnrichedArticle> articles = articles(new Random(7), 500);
        // about every 4th article's entry is lost (a transaction that aborted): it comes again and is indexed twice
        assertSame(articles, 0.3, Integer.MAX_VALUE, 7, (store, a) -> {
            if (Math.floorMod(a.id().hashCode() * 31, 4) == 0) {
                store.delete("a:" + a.id());
            }
        });
    }

    private static int tieOrders;
    private static int tieOrdersInAll;

    private static void assertSame(List<EnrichedArticle> articles, double threshold, int maxArticles, long seed,
                                   BiConsumer<StoryStore, EnrichedArticle> afterEach) {
        List<String> expected = decisions(articles, threshold, maxArticles, true, afterEach);
        tieOrders = 0;
        List<String> actual = decisions(articles, threshold, maxArticles, false, afterEach);
        tieOrdersInAll += tieOrders;
        assertThat(actual).as("seed %d, threshold %s, max %d", seed, threshold, maxArticles).isEqualTo(expected);
        assertThat(expected.stream().filter(d -> d.contains("dup")).count()).as("some duplicates").isGreaterThan(20);
    }

    private static List<String> decisions(List<EnrichedArticle> articles, double threshold, int maxArticles,
                                          boolean byMap, BiConsumer<StoryStore, EnrichedArticle> afterEach) {
        StoryStore store = StoryStore.inMemory();
        StoryIndex index = new StoryIndex(Duration.ofDays(2), threshold, store, maxArticles, null);
        index.byMap = byMap;
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < articles.size(); i++) {
            EnrichedArticle a = articles.get(i);
            long t = a.publishedAt().toEpochMilli();
            EnrichedArticle d = index.assign(a, t);
            tieOrders = index.tieOrders;
            out.add(d.id() + " " + d.storyId() + (d.firstInStory() ? "" : " dup " + d.duplicateOf()));
            if (afterEach != null) {
                afterEach.accept(store, a);
                if (seen.merge(a.id(), 1, Integer::sum) == 1 && i % 3 == 0) {
                    EnrichedArticle again = index.assign(a, t); // the replay after the abort
                    tieOrders = index.tieOrders;
                    out.add("again " + again.id() + " " + again.storyId());
                }
            }
            if (i == articles.size() / 2) {
                index.expire(t - Duration.ofHours(30).toMillis());
            }
        }
        return out;
    }

    /** Look-alike articles: a few templates, near-copies of earlier ones, parties and numbers, four event times a day. */
    static List<EnrichedArticle> articles(Random r, int n) {
        List<String[]> texts = new ArrayList<>();
        List<EnrichedArticle> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-03-02T00:00:00Z");
        for (int i = 0; i < n; i++) {
            String title;
            String text;
            if (!texts.isEmpty() && r.nextInt(3) > 0) {
                String[] base = texts.get(r.nextInt(texts.size()));
                title = base[0];
                text = mutate(r, base[1], r.nextBoolean() ? r.nextInt(8) : r.nextInt(30));
            } else {
                title = sentence(r, 6) + " " + PARTIES[r.nextInt(PARTIES.length)];
                StringBuilder sb = new StringBuilder();
                for (int p = 0; p < 3; p++) {
                    for (int s = 0; s < 3; s++) {
                        sb.append(sentence(r, 10)).append(' ');
                        if (r.nextInt(3) == 0) {
                            sb.append(PARTIES[r.nextInt(PARTIES.length)]).append(" said ").append(r.nextInt(40))
                                    .append(" units. ");
                        }
                    }
                    sb.append("\n\n");
                }
                text = sb.toString().strip();
            }
            texts.add(new String[] {title, text});
            Instant published = t0.plus(Duration.ofHours(6L * (i / 40)));
            EnrichedArticle raw = Fixtures.enricher().enrich(Fixtures.article("a" + i, "src" + (i % 5), title, text, published));
            out.add(raw);
        }
        return out;
    }

    private static String sentence(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            String word = WORDS[r.nextInt(WORDS.length)];
            sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word).append(' ');
        }
        return sb.toString().strip() + ".";
    }

    private static String mutate(Random r, String text, int changes) {
        String[] words = text.split(" ");
        for (int c = 0; c < changes * 3; c++) {
            int k = r.nextInt(words.length);
            words[k] = r.nextInt(4) == 0 ? String.valueOf(r.nextInt(40)) : WORDS[r.nextInt(WORDS.length)];
        }
        return String.join(" ", words);
    }
}
