package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Fixtures;
import io.chipwatch.enrich.StoryAssigner;
import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Partitioned story dedup without Kafka: several {@link StoryPartition}s and a router that delivers
 * their messages in an order the test chooses, to pin the semantics: the same decisions as one
 * sequential index when articles do not overlap in flight, waits only for earlier in-flight
 * candidates, and nothing left waiting in any store afterwards.
 */
class StoryPartitionTest {
    private static final Duration WINDOW = Duration.ofDays(7);
    private static final String BODY = "Officials said the measures would tighten controls on advanced computing chips and the "
            + "tools used to make them, extending rules first announced last year. Industry groups warned of lost sales while "
            + "lawmakers pressed for stricter enforcement at overseas subsidiaries and distributors across the region.";

    /** P partitions, one queue each; decided articles in order. */
    static final class Cluster {
        final int partitions;
        final List<StoryPartition> parts = new ArrayList<>();
        final List<StoryPartition.Store> stores = new ArrayList<>();
        final List<ArrayDeque<StoryMessage>> queues = new ArrayList<>();
        final Map<String, EnrichedArticle> decided = new LinkedHashMap<>();
        /** Publish lookups without signature and features, as the version before them did (candidates go unscored). */
        boolean legacyLookups;
        /** Bytes of the story messages sent (the story topic's values), by message type. */
        final Map<String, Long> messageBytes = new java.util.TreeMap<>();
        /** Bytes of the store writes (key and value, or key alone for a delete: the changelog's records). */
        long changelogBytes;

        Cluster(int partitions) {
            this(partitions, Integer.MAX_VALUE, null);
        }

        Cluster(int partitions, int maxArticles, EnrichMetrics metrics) {
            this.partitions = partitions;
            for (int p = 0; p < partitions; p++) {
                StoryPartition.Store store = counted(StoryPartition.Store.inMemory());
                stores.add(store);
                queues.add(new ArrayDeque<>());
                parts.add(new StoryPartition(p, partitions, WINDOW, 0.3, store, new StoryPartition.Output() {
                    @Override
                    public void send(StoryMessage m) {
                        count(m);
                        queues.get(m.partition(partitions)).add(m);
                    }

                    @Override
                    public void emit(EnrichedArticle a, long t) {
                        assertThat(decided.put(a.id(), a)).as("decided once: " + a.id()).isNull();
                    }
                }, maxArticles, metrics));
            }
        }

        void publish(EnrichedArticle a, long t) {
            for (StoryMessage m : StoryPartition.prepare(a, t, "n-" + a.id(), partitions)) {
                if (legacyLookups && m instanceof StoryMessage.Lookup l) {
                    m = new StoryMessage.Lookup(l.id(), l.nonce(), l.t(), l.bandPartition(), l.bands(), l.exactKey());
                }
                count(m);
                queues.get(m.partition(partitions)).add(m);
            }
        }

        private void count(StoryMessage m) {
            messageBytes.merge(m.getClass().getSimpleName(), (long) StoryCodec.encode(m).length, Long::sum);
        }

        private StoryPartition.Store counted(StoryPartition.Store s) {
            return new StoryPartition.Store() {
                @Override
                public byte[] get(String key) {
                    return s.get(key);
                }

                @Override
                public void put(String key, byte[] value) {
                    changelogBytes += key.length() + value.length;
                    s.put(key, value);
                }

                @Override
                public void delete(String key) {
                    changelogBytes += key.length();
                    s.delete(key);
                }

                @Override
                public void forEach(java.util.function.BiConsumer<String, byte[]> action) {
                    s.forEach(action);
                }
            };
        }

        /** Delivers the first queued message (in partition order) that matches, if any. */
        boolean deliver(Predicate<StoryMessage> which) {
            for (int p = 0; p < partitions; p++) {
                for (StoryMessage m : queues.get(p)) {
                    if (which.test(m)) {
                        queues.get(p).remove(m);
                        parts.get(p).handle(m);
                        return true;
                    }
                }
            }
            return false;
        }

        void drain() {
            boolean any = true;
            while (any) {
                any = false;
                for (int p = 0; p < partitions; p++) {
                    StoryMessage m = queues.get(p).poll();
                    if (m != null) {
                        parts.get(p).handle(m);
                        any = true;
                    }
                }
            }
        }

        /**
         * One commit interval: every partition handles the messages queued before the round (committed), and what
         * they send is only delivered in a later round, as the read_committed consumer of the story topic sees it.
         */
        void round() {
            int[] committed = new int[partitions];
            for (int p = 0; p < partitions; p++) {
                committed[p] = queues.get(p).size();
            }
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < committed[p]; i++) {
                    parts.get(p).handle(queues.get(p).poll());
                }
            }
        }

        boolean idle() {
            return queues.stream().allMatch(ArrayDeque::isEmpty);
        }

        /** Keys still waiting (pending articles, score requests, waiters) across all partitions. */
        List<String> waiting() {
            List<String> keys = new ArrayList<>();
            stores.forEach(s -> s.forEach((k, v) -> {
                if (k.startsWith("p:") || k.startsWith("j:") || k.startsWith("s:") || k.startsWith("w:")) {
                    keys.add(k);
                }
            }));
            return keys;
        }
    }

    @Test
    void shouldDecideAsOneSequentialIndexWhenArticlesArriveOneAfterAnother() {
        List<EnrichedArticle> articles = corpus(new Random(11), 40);
        StoryAssigner sequential = new StoryAssigner(WINDOW, 0.3);
        List<EnrichedArticle> expected = sequential.assignAll(articles);
        for (int partitions : new int[] {1, 2, 3, 5}) {
            Cluster cluster = new Cluster(partitions);
            for (EnrichedArticle a : articles) {
                cluster.publish(a, EventTime.of(a.publishedAt(), a.fetchedAt()));
                cluster.drain();
            }
            assertThat(cluster.decided.values()).as("%d partitions", partitions)
                    .extracting(EnrichedArticle::id, EnrichedArticle::storyId, EnrichedArticle::firstInStory)
                    .containsExactlyElementsOf(expected.stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.id(), e.storyId(), e.firstInStory())).toList());
            assertThat(cluster.waiting()).isEmpty();
        }
        assertThat(expected).extracting(EnrichedArticle::firstInStory).contains(true, false); // the corpus has both
    }

    /**
     * Many articles in flight together, as at bench rates: each round (commit interval) publishes a few and
     * delivers what earlier rounds sent. The originals share a boilerplate paragraph, so each is an LSH candidate
     * of the earlier ones without being their duplicate. Such a candidate, still undecided, must not hold the
     * article up: it could never be its match. Each article is decided within the rounds of its own messages
     * (article and lookups, candidate lists, scores, replies), plus a wait only for an earlier in-flight article
     * that is its best match, however many were published before; and the stories are those of one sequential
     * index, since articles are published in (event time, id) order.
     */
    @Test
    void shouldNotHoldArticlesUpBehindInFlightCandidatesThatAreNotTheirMatch() {
        publishInRoundsAndCheck(false);
    }

    /** The same after every round's state is reloaded from the stores, as after a restore or a task move. */
    @Test
    void shouldNotHoldArticlesUpBehindInFlightCandidatesAfterARebuild() {
        publishInRoundsAndCheck(true);
    }

    private static void publishInRoundsAndCheck(boolean rebuildEachRound) {
        List<EnrichedArticle> articles = corpus(new Random(11), 40);
        List<EnrichedArticle> expected = new StoryAssigner(WINDOW, 0.3).assignAll(articles);
        Cluster cluster = new Cluster(3);
        Map<String, Integer> publishedIn = new java.util.HashMap<>();
        Map<String, Integer> decidedIn = new java.util.HashMap<>();
        int round = 0;
        for (int next = 0; next < articles.size() || !cluster.idle(); round++) {
            for (int k = 0; k < 8 && next < articles.size(); k++, next++) {
                EnrichedArticle a = articles.get(next);
                cluster.publish(a, EventTime.of(a.publishedAt(), a.fetchedAt()));
                publishedIn.put(a.id(), round);
            }
            cluster.round();
            if (rebuildEachRound) {
                cluster.parts.forEach(StoryPartition::rebuild);
            }
            for (String id : cluster.decided.keySet()) {
                decidedIn.putIfAbsent(id, round);
            }
        }
        assertThat(cluster.decided.values()).as("the stories of one sequential index")
                .extracting(EnrichedArticle::id, EnrichedArticle::storyId, EnrichedArticle::firstInStory)
                .containsExactlyInAnyOrderElementsOf(expected.stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.id(), e.storyId(), e.firstInStory())).toList());
        Map<String, Integer> rounds = new LinkedHashMap<>();
        articles.forEach(a -> rounds.put(a.id(), decidedIn.get(a.id()) - publishedIn.get(a.id())));
        assertThat(rounds.values()).as("rounds from publishing to the decision, by article: %s", rounds)
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(8));
        assertThat(cluster.waiting()).isEmpty();
    }

    @Test
    void shouldWaitForAnEarlierCandidateStillInFlight() {
        EnrichedArticle original = enrich("orig", "US widens chip export rules to Nexavia Systems", Fixtures.T0);
        EnrichedArticle copy = enrich("copy", "US widens chip export rules to Nexavia Systems", Fixtures.T0.plusSeconds(60));
        Cluster cluster = new Cluster(3);
        cluster.publish(original, Fixtures.T0.toEpochMilli());
        cluster.publish(copy, Fixtures.T0.plusSeconds(60).toEpochMilli());
        // the original is indexed everywhere, then the copy's lookups find it before the original is decided
        while (cluster.deliver(m -> m instanceof StoryMessage.Lookup l && l.id().equals("orig"))) { }
        while (cluster.deliver(m -> m instanceof StoryMessage.Lookup l && l.id().equals("copy"))) { }
        while (cluster.deliver(m -> m instanceof StoryMessage.Article a && a.article().id().equals("copy")
                || m instanceof StoryMessage.Candidates c && c.id().equals("copy")
                || m instanceof StoryMessage.Score s && s.askerId().equals("copy"))) { }
        assertThat(cluster.decided).as("the copy waits for the original").isEmpty();
        cluster.drain();
        assertThat(cluster.decided.get("orig").firstInStory()).isTrue();
        assertThat(cluster.decided.get("copy").duplicateOf()).isEqualTo("orig");
        assertThat(cluster.waiting()).isEmpty();
    }

    @Test
    void shouldNotWaitForAnInFlightCandidateThatRanksBelowADecidedMatch() {
        String title = "US widens chip export rules to Nexavia Systems";
        EnrichedArticle original = enrich("orig", title, Fixtures.T0);
        EnrichedArticle rewrite = enrich(Fixtures.article("rewrite", "rewriter", title,
                BODY + " " + title + ". Shares of suppliers fell in early trading.", Fixtures.T0.plusSeconds(60)));
        EnrichedArticle copy = enrich("copy", title, Fixtures.T0.plusSeconds(120));
        Cluster cluster = new Cluster(1); // one home for all three, so the copy's one score request sees both candidates
        cluster.publish(original, Fixtures.T0.toEpochMilli());
        cluster.drain();
        cluster.publish(rewrite, Fixtures.T0.plusSeconds(60).toEpochMilli());
        cluster.publish(copy, Fixtures.T0.plusSeconds(120).toEpochMilli());
        // the rewrite is filed and waits at its home for its candidate list; the copy then finds both
        while (cluster.deliver(m -> m instanceof StoryMessage.Lookup l && l.id().equals("rewrite")
                || m instanceof StoryMessage.Article a && a.article().id().equals("rewrite"))) { }
        while (cluster.deliver(m -> m instanceof StoryMessage.Lookup l && l.id().equals("copy")
                || m instanceof StoryMessage.Article a && a.article().id().equals("copy")
                || m instanceof StoryMessage.Candidates c && c.id().equals("copy")
                || m instanceof StoryMessage.Score s && s.askerId().equals("copy")
                || m instanceof StoryMessage.Reply r && r.askerId().equals("copy"))) { }
        assertThat(cluster.decided).as("the exact copy of a decided article need not wait for the rewrite")
                .containsOnlyKeys("orig", "copy");
        assertThat(cluster.decided.get("copy").duplicateOf()).isEqualTo("orig");
        cluster.drain();
        assertThat(cluster.decided.get("rewrite").duplicateOf()).isEqualTo("orig");
        assertThat(cluster.waiting()).isEmpty();
    }

    @Test
    void shouldStartTwoStoriesWhenTheArticleIndexedFirstIsTheLaterAndStillInFlight() {
        // the documented difference: "late" is indexed first but published after "early"
        EnrichedArticle late = enrich("late", "US widens chip export rules to Nexavia Systems", Fixtures.T0.plusSeconds(60));
        EnrichedArticle early = enrich("early", "US widens chip export rules to Nexavia Systems", Fixtures.T0);
        Cluster cluster = new Cluster(3);
        cluster.publish(late, Fixtures.T0.plusSeconds(60).toEpochMilli());
        cluster.publish(early, Fixtures.T0.toEpochMilli());
        while (cluster.deliver(m -> m instanceof StoryMessage.Lookup l && l.id().equals("late"))) { }
        while (cluster.deliver(m -> !(m instanceof StoryMessage.Article a && a.article().id().equals("late"))
                && !(m instanceof StoryMessage.Candidates c && c.id().equals("late")))) { }
        cluster.drain();
        assertThat(cluster.decided.get("early").firstInStory()).as("early cannot wait for a later article").isTrue();
        assertThat(cluster.decided.get("late").firstInStory()).as("late was indexed before early").isTrue();
        assertThat(cluster.waiting()).isEmpty();
        // sequentially, in the order the band partitions saw them, the second would have joined the first
        StoryAssigner sequential = new StoryAssigner(WINDOW, 0.3);
        sequential.assign(late);
        assertThat(sequential.assign(early).duplicateOf()).isEqualTo("late");
    }

    @Test
    void shouldNotDeadlockWhenTwoArticlesFindEachOtherOnDifferentPartitions() {
        EnrichedArticle a = enrich("aaa", "US widens chip export rules to Nexavia Systems", Fixtures.T0);
        EnrichedArticle b = enrich("bbb", "US widens chip export rules to Nexavia Systems", Fixtures.T0);
        Cluster cluster = new Cluster(2);
        cluster.publish(a, Fixtures.T0.toEpochMilli());
        cluster.publish(b, Fixtures.T0.toEpochMilli());
        // partition 0 sees aaa first, partition 1 sees bbb first: each is the other's candidate somewhere
        assertThat(cluster.deliver(m -> m instanceof StoryMessage.Lookup l && l.bandPartition() == 0 && l.id().equals("aaa"))).isTrue();
        assertThat(cluster.deliver(m -> m instanceof StoryMessage.Lookup l && l.bandPartition() == 1 && l.id().equals("bbb"))).isTrue();
        cluster.drain();
        assertThat(cluster.decided).hasSize(2);
        assertThat(cluster.decided.get("aaa").firstInStory()).as("aaa comes first by (event time, id)").isTrue();
        assertThat(cluster.decided.get("bbb").duplicateOf()).isEqualTo("aaa");
        assertThat(cluster.waiting()).isEmpty();
    }

    @Test
    void shouldDecideARepublishedArticleIdAsItsEarlierStory() {
        EnrichedArticle a = enrich("same", "US widens chip export rules to Nexavia Systems", Fixtures.T0);
        Cluster cluster = new Cluster(3);
        cluster.publish(a, Fixtures.T0.toEpochMilli());
        cluster.drain();
        EnrichedArticle again = enrich("same", "US widens chip export rules to Nexavia Systems (updated)", Fixtures.T0);
        StoryPartition.prepare(again, Fixtures.T0.toEpochMilli(), "second-delivery", 3)
                .forEach(m -> cluster.queues.get(m.partition(3)).add(m));
        cluster.decided.clear();
        cluster.drain();
        assertThat(cluster.decided.get("same").firstInStory()).isFalse();
        assertThat(cluster.decided.get("same").storyId()).isEqualTo("same");
        assertThat(cluster.waiting()).isEmpty();
    }

    /**
     * The homes' state (decided articles, exact texts) spreads over the partitions. The band index does not shrink as
     * much: it keeps each filed article's signature and features on every partition where the article has bands (with
     * 60 bands, on all of them), to forward only matching candidates; only its bands are split.
     */
    @Test
    void shouldSpreadTheStateOverThePartitions() {
        List<EnrichedArticle> articles = corpus(new Random(5), 60);
        Cluster one = new Cluster(1);
        Cluster three = new Cluster(3);
        for (EnrichedArticle a : articles) {
            for (Cluster c : List.of(one, three)) {
                c.publish(a, EventTime.of(a.publishedAt(), a.fetchedAt()));
                c.drain();
            }
        }
        Map<String, Long> all = byPrefix(one.stores.get(0));
        for (StoryPartition.Store s : three.stores) {
            Map<String, Long> part = byPrefix(s);
            assertThat(part.get("a:") + part.get("x:")).as("home state of one of three partitions against all in one")
                    .isLessThan((all.get("a:") + all.get("x:")) / 2);
            assertThat(part.get("l:")).as("band index of one of three partitions against all in one").isLessThan(all.get("l:"));
            assertThat(bytes(s)).as("one of three partitions against all in one").isLessThan(bytes(one.stores.get(0)) * 2 / 3);
        }
    }

    /** Issue 14's memory bound, per partition: each bounds its own band index, and a rebuild keeps the newest. */
    @Test
    void shouldBoundEachPartitionsBandIndexAndKeepTheNewestWhenRebuilt() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Cluster cluster = new Cluster(3, 10, new EnrichMetrics(meters));
        Random random = new Random(7);
        List<String[]> texts = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String[] t = {"Dispatch " + i + " " + words(random, 4), words(random, 160) + ". " + BODY};
            texts.add(t);
            cluster.publish(enrich(Fixtures.article("o" + i, "wire", t[0], t[1], Fixtures.T0.plusSeconds(60L * i))),
                    Fixtures.T0.plusSeconds(60L * i).toEpochMilli());
            cluster.drain();
        }
        for (StoryPartition part : cluster.parts) {
            assertThat(part.indexedArticles()).as("every article has bands on every partition; each keeps 10").isEqualTo(10);
            part.rebuild(); // as after a restore: the newest 10 by event time, o5..o14
            assertThat(part.indexedArticles()).isEqualTo(10);
        }
        assertThat(meters.get(EnrichMetrics.DEDUP_INDEX).gauge().value()).as("the gauge sums the partitions").isEqualTo(30.0);
        Instant later = Fixtures.T0.plusSeconds(3600);
        for (int i : new int[] {0, 14}) {
            cluster.publish(enrich(Fixtures.article("r" + i, "rewriter", texts.get(i)[0], texts.get(i)[1] + " " + words(random, 12) + ".",
                    later)), later.toEpochMilli());
            cluster.drain();
        }
        cluster.publish(enrich(Fixtures.article("c0", "syndicator", texts.get(0)[0], texts.get(0)[1], later)), later.toEpochMilli());
        cluster.drain();
        assertThat(cluster.decided.get("r0").firstInStory()).as("o0 left the near-duplicate index").isTrue();
        assertThat(cluster.decided.get("r14").duplicateOf()).as("o14 is still in it").isEqualTo("o14");
        assertThat(cluster.decided.get("c0").duplicateOf()).as("exact copies are found from the store").isEqualTo("o0");
        cluster.parts.forEach(StoryPartition::close);
        assertThat(meters.get(EnrichMetrics.DEDUP_INDEX).gauge().value()).as("closed tasks leave the gauge").isZero();
        assertThat(cluster.waiting()).isEmpty();
    }

    private static Map<String, Long> byPrefix(StoryPartition.Store s) {
        Map<String, Long> m = new java.util.TreeMap<>();
        s.forEach((k, v) -> m.merge(k.substring(0, 2), (long) k.length() + v.length, Long::sum));
        return m;
    }

    private static long bytes(StoryPartition.Store s) {
        long[] n = {0};
        s.forEach((k, v) -> n[0] += k.length() + v.length);
        return n[0];
    }

    /** Originals, exact copies, rewrites and unrelated articles, in publishing order. */
    static List<EnrichedArticle> corpus(Random random, int originals) {
        List<EnrichedArticle> out = new ArrayList<>();
        List<String[]> texts = new ArrayList<>();
        for (int i = 0; i < originals; i++) {
            String title = "Dispatch " + i + " " + words(random, 4);
            String text = words(random, 160) + ". " + BODY;
            texts.add(new String[] {title, text});
            out.add(enrich(Fixtures.article("o" + i, "wire", title, text, Fixtures.T0.plusSeconds(60L * i))));
        }
        for (int i = 0; i < originals; i++) {
            String[] t = texts.get(random.nextInt(texts.size()));
            Instant when = Fixtures.T0.plusSeconds(3600 + 60L * i);
            switch (i % 3) {
                case 0 -> out.add(enrich(Fixtures.article("c" + i, "syndicator", t[0], t[1], when)));
                case 1 -> out.add(enrich(Fixtures.article("r" + i, "rewriter", t[0], t[1] + " " + words(random, 12) + ".", when)));
                default -> out.add(enrich(Fixtures.article("u" + i, "other", "Other " + words(random, 4), words(random, 170), when)));
            }
        }
        return out;
    }

    private static String words(Random r, int n) {
        String[] vocabulary = ("river orchard lantern copper meadow harbour falcon granite willow ember quarry saffron "
                + "tundra velvet canyon beacon marble thistle cobalt juniper prairie glacier hollow summit cedar").split(" ");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(vocabulary[r.nextInt(vocabulary.length)]).append(r.nextInt(50));
        }
        return sb.toString();
    }

    private static EnrichedArticle enrich(String id, String title, Instant published) {
        return enrich(Fixtures.article(id, "wire", title, BODY + " " + title + ".", published));
    }

    private static EnrichedArticle enrich(io.chipwatch.model.RawArticle raw) {
        return Fixtures.enricher().enrich(raw);
    }
}
