package io.chipwatch.enrich.internal;

import io.chipwatch.enrich.internal.StoryMessage.Article;
import io.chipwatch.enrich.internal.StoryMessage.Candidate;
import io.chipwatch.enrich.internal.StoryMessage.Candidates;
import io.chipwatch.enrich.internal.StoryMessage.Lookup;
import io.chipwatch.enrich.internal.StoryMessage.Match;
import io.chipwatch.enrich.internal.StoryMessage.Reply;
import io.chipwatch.enrich.internal.StoryMessage.Score;
import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One partition of story deduplication, with no single-partition step: the decision for an article is
 * made from the candidates that come back to it. It is plain code over a key-value store and an
 * output, so the Streams processor ({@link StoryProcessor}) and the offline
 * {@link io.chipwatch.enrich.StoryAssigner} run the same decisions.
 *
 * <p>Each partition plays two roles:
 * <ul>
 *   <li><b>band</b>: it keeps the LSH buckets of the bands that hash to it, with each filed article's
 *       signature and features ({@code l:<id>}), and the first article of each exact text whose key
 *       hashes to it. A {@link Lookup} (which carries the article's signature and features) finds the
 *       earlier articles in the window sharing one of the article's bands there, files the article
 *       under them, and sends to the article's home the {@link Candidates} that <em>match</em> it, by
 *       the home's own test (similarity at or above the threshold, no feature conflict), each with its
 *       similarity, and the first of its exact text. Only a match can be the article's story, so the
 *       others, most of the band's articles where texts share boilerplate, go no further. Two articles
 *       that share any band meet on that band's partition, so every candidate pair a single index would
 *       find is tested. An entry or a lookup without a signature (written by an earlier version) gives
 *       its candidates unscored, and their homes test them, as before.</li>
 *   <li><b>home</b>: it keeps, for the articles whose id hashes to it, their signature, features and
 *       story ({@code a:<id>}). An {@link Article} waits ({@code p:<id>/<nonce>}) for the candidate
 *       lists of all partitions; with none it is the first of its story; otherwise it asks each
 *       candidate's home for its story ({@link Score}), and takes the story of the best {@link Reply}
 *       (exact text first, then similarity, then the earlier article), as the single index did.</li>
 * </ul>
 *
 * <p><b>In flight.</b> A candidate may not be decided yet when the asker's score request reaches its
 * home (both were published within a few commit intervals). If the candidate comes later by (event
 * time, id), the request leaves it out. If it comes first, its signature, features and event time are
 * already at its home (its pending article), so whether it matches and how it ranks are known; only its
 * story is not. The request then waits ({@code s:}/{@code w:}) only for the best such match, and only
 * if it beats the best decided one there: waiting for every earlier candidate in flight chained each
 * article to the one before whenever articles share bands without being duplicates, one decision per
 * round trip through the story topic. Waits always point to earlier articles and can never form a cycle. The only decisions
 * that differ from one sequential index are such near-simultaneous pairs where the one indexed first
 * is the later by (event time, id): both then start a story (see README, Scaling out).
 *
 * <p>Not thread-safe: one instance per partition (task).
 */
public final class StoryPartition {
    /** Where a partition's results go. */
    public interface Output {
        /** A message for some partition of the story topic (possibly this one). */
        void send(StoryMessage message);

        /** An article whose story is decided, with its event time. */
        void emit(EnrichedArticle article, long t);
    }

    /** The partition's state: string keys, binary values ({@link StoryCodec}). */
    public interface Store {
        byte[] get(String key);

        void put(String key, byte[] value);

        void delete(String key);

        void forEach(BiConsumer<String, byte[]> action);

        /** An in-memory store (offline assignment, tests). */
        static Store inMemory() {
            Map<String, byte[]> map = new TreeMap<>();
            return new Store() {
                @Override
                public byte[] get(String key) {
                    return map.get(key);
                }

                @Override
                public void put(String key, byte[] value) {
                    map.put(key, value);
                }

                @Override
                public void delete(String key) {
                    map.remove(key);
                }

                @Override
                public void forEach(BiConsumer<String, byte[]> action) {
                    new ArrayList<>(map.entrySet()).forEach(e -> action.accept(e.getKey(), e.getValue()));
                }
            };
        }
    }

    /**
     * Band role: an article filed under its bands of this partition ({@code l:<id>}), with its signature and features
     * to test its later look-alikes here (null in entries written before they were kept: those go unscored).
     */
    public record Indexed(long t, long[] bands, int[] sig, StoryFeatures features) {
        /** An entry without signature and features (as versions before them wrote it). */
        public Indexed(long t, long[] bands) {
            this(t, bands, null, null);
        }
    }

    /** Band role: the first article with an exact text ({@code x:<key>}). */
    public record ExactFirst(String id, long t) {}

    /** Home role: a decided article ({@code a:<id>}). */
    public record Decided(String storyId, long t, int[] sig, StoryFeatures features) {}

    /**
     * Home role: an article waiting for candidate lists, then for replies ({@code p:<id>/<nonce>}, rewritten at every
     * step; the article itself is stored once beside it, {@code j:<id>/<nonce>}).
     */
    public record Pending(Article article, int[] lookupsSeen, List<Candidate> candidates, int homesExpected, int[] homesSeen,
                          Match best) {
        public Pending {
            candidates = List.copyOf(candidates);
        }

        static Pending empty() {
            return new Pending(null, new int[0], List.of(), -1, new int[0], null);
        }
    }

    /** Home role: a score request waiting for candidates in flight ({@code s:<askerId>/<nonce>}). */
    public record Waiting(Score score, Match best, List<String> unresolved) {
        public Waiting {
            unresolved = List.copyOf(unresolved);
        }
    }

    static final int MAX_BUCKET = 32;
    private static final String CUTOFF_KEY = "meta:cutoff";
    /** An exact-text match ranks above any similarity. */
    private static final double EXACT_SCORE = 2.0;

    private final int partition;
    private final int partitions;
    private final long windowMs;
    private final double threshold;
    private final Store store;
    private final Output out;
    /** Band keys of this partition to the articles filed under them; at most {@code maxArticles} articles in all. */
    private final LshBuckets buckets;
    /**
     * Home role: the articles pending here (their {@link Article} arrived, not decided yet), by id, with what
     * scoring needs of them; the {@code p:} entries of the store, in memory (rebuilt with the buckets).
     */
    private final Map<String, List<Article>> inFlight = new HashMap<>();
    /**
     * Home role: the latest decided articles ({@code a:} entries), at most {@code maxArticles}: every score request
     * compares the asker with dozens to hundreds of candidates, and reading and decoding each from the store was
     * most of the story step's CPU. The store stays the truth; an entry missing here is read from it.
     */
    private final DecidedCache decidedCache;
    private final EnrichMetrics metrics;
    /** Entries older than this were expired here: a candidate older than it that is not decided never will be. */
    private long cutoff = Long.MIN_VALUE;

    /** A partition without a memory bound and without metrics (offline use, tests). */
    public StoryPartition(int partition, int partitions, Duration window, double threshold, Store store, Output out) {
        this(partition, partitions, window, threshold, store, out, Integer.MAX_VALUE, null);
    }

    /**
     * @param maxArticles most articles this partition files in its in-memory band index (its store keeps every one);
     *                    beyond it the first filed is forgotten first, so the heap stays bounded however many
     *                    articles arrive within the window. Each partition (task) bounds its own index.
     * @param metrics     where the index size and the story decisions are counted, or null
     */
    public StoryPartition(int partition, int partitions, Duration window, double threshold, Store store, Output out,
                          int maxArticles, EnrichMetrics metrics) {
        if (maxArticles < 1) {
            throw new IllegalArgumentException("maxArticles must be >= 1, was " + maxArticles);
        }
        if (partitions < 1 || partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition must be in [0, " + partitions + "), was " + partition);
        }
        this.partition = partition;
        this.partitions = partitions;
        this.windowMs = window.toMillis();
        this.threshold = threshold;
        this.store = Objects.requireNonNull(store, "store");
        this.out = Objects.requireNonNull(out, "out");
        this.buckets = new LshBuckets(maxArticles);
        this.decidedCache = new DecidedCache(maxArticles);
        this.metrics = metrics;
    }

    /**
     * The messages the enrich step sends for one article: its {@link Article} to its home and a
     * {@link Lookup} to every partition (with the bands that hash there, possibly none), so the home
     * knows how many candidate lists to wait for.
     */
    public static List<StoryMessage> prepare(EnrichedArticle a, long t, String nonce, int partitions) {
        String text = a.title() + "\n" + a.text();
        String exactKey = MinHash.exactKey(text);
        int[] sig = MinHash.signature(text);
        long[] bands = sig == null ? new long[0] : MinHash.bandHashes(sig);
        StoryFeatures features = sig == null ? null : StoryFeatures.of(a);
        int[] counts = new int[partitions];
        for (long b : bands) {
            counts[StoryRouting.band(b, partitions)]++;
        }
        long[][] byPartition = new long[partitions][];
        for (int p = 0; p < partitions; p++) {
            byPartition[p] = new long[counts[p]];
        }
        int[] fill = new int[partitions];
        for (long b : bands) {
            int p = StoryRouting.band(b, partitions);
            byPartition[p][fill[p]++] = b;
        }
        int exactPartition = exactKey == null ? -1 : StoryRouting.exact(exactKey, partitions);
        List<StoryMessage> messages = new ArrayList<>(partitions + 1);
        messages.add(new Article(a, nonce, t, sig, features));
        for (int p = 0; p < partitions; p++) {
            boolean banded = byPartition[p].length > 0; // the signature only where it is tested (and filed)
            messages.add(new Lookup(a.id(), nonce, t, p, byPartition[p], p == exactPartition ? exactKey : null,
                    banded ? sig : null, banded ? features : null));
        }
        return messages;
    }

    /**
     * Rebuilds the in-memory buckets from the stored {@code l:} entries (after a restore or a move): the newest
     * {@code maxArticles} by event time, filed oldest first so the size bound evicts in that order.
     */
    public void rebuild() {
        long before = buckets.size();
        buckets.clear();
        inFlight.clear();
        decidedCache.clear();
        java.util.PriorityQueue<Entry> newest = new java.util.PriorityQueue<>(Comparator.comparingLong(Entry::t));
        store.forEach((key, value) -> {
            if (key.startsWith("j:")) {
                addInFlight((Article) StoryCodec.decode(value));
            } else if (key.startsWith("p:")) {
                Article a = StoryCodec.decodePending(value).article(); // written before the article was stored apart
                if (a != null) {
                    addInFlight(a);
                }
            } else if (key.startsWith("l:")) {
                Indexed e = StoryCodec.decodeIndexed(value);
                newest.add(new Entry(key.substring(2), e.t(), e.bands(), e.sig(), e.features()));
                if (newest.size() > buckets.maxArticles) {
                    newest.poll();
                }
            }
        });
        while (!newest.isEmpty()) {
            buckets.index(newest.poll());
        }
        indexed(before);
        byte[] c = store.get(CUTOFF_KEY);
        cutoff = c == null ? Long.MIN_VALUE : java.nio.ByteBuffer.wrap(c).getLong();
    }

    public void handle(StoryMessage message) {
        if (message instanceof Lookup l) {
            lookup(l);
        } else if (message instanceof Article a) {
            article(a);
        } else if (message instanceof Candidates c) {
            candidates(c);
        } else if (message instanceof Score s) {
            score(s);
        } else if (message instanceof Reply r) {
            reply(r);
        }
    }

    // ------------------------------------------------------------------ band role

    private void lookup(Lookup l) {
        Map<String, Candidate> found = new LinkedHashMap<>();
        java.util.Set<String> tested = new java.util.HashSet<>();
        for (long band : l.bands()) {
            buckets.forEach(band, e -> {
                if (within(e.t(), l.t()) && !e.id().equals(l.id()) && tested.add(e.id())) {
                    Candidate c = candidate(l, e);
                    if (c != null) {
                        found.put(e.id(), c);
                    }
                }
            });
        }
        if (l.exactKey() != null) {
            String key = "x:" + l.exactKey();
            byte[] raw = store.get(key);
            ExactFirst x = raw == null ? null : StoryCodec.decodeExact(raw);
            if (x != null && within(x.t(), l.t()) && !x.id().equals(l.id())) {
                found.put(x.id(), new Candidate(x.id(), x.t(), true));
            } else if (x == null || !within(x.t(), l.t())) {
                store.put(key, StoryCodec.encodeExact(new ExactFirst(l.id(), l.t())));
            }
        }
        if (l.bands().length > 0 && store.get("l:" + l.id()) == null) {
            store.put("l:" + l.id(), StoryCodec.encodeIndexed(new Indexed(l.t(), l.bands(), l.sig(), l.features())));
            long before = buckets.size();
            buckets.index(new Entry(l.id(), l.t(), l.bands(), l.sig(), l.features()));
            indexed(before);
        }
        out.send(new Candidates(l.id(), l.nonce(), partition, new ArrayList<>(found.values())));
    }

    /**
     * A filed article sharing a band with the lookup's, within the window, as a candidate: with its similarity if it
     * matches (the test of {@link #evaluate}: above the threshold, no feature conflict), null if it cannot match, and
     * unscored, for its home to test, when the lookup or the filed entry has no signature (an earlier version's).
     */
    private Candidate candidate(Lookup l, Entry e) {
        if (l.sig() == null || e.sig() == null) {
            return new Candidate(e.id(), e.t(), false);
        }
        double similarity = MinHash.similarity(l.sig(), e.sig());
        if (similarity < threshold) {
            return null;
        }
        if (e.features() != null && l.features() != null && l.features().conflict(e.features())) {
            return null;
        }
        return new Candidate(e.id(), e.t(), false, similarity);
    }

    // ------------------------------------------------------------------ home role: the asker

    private void article(Article a) {
        String key = pendingKey(a.article().id(), a.nonce());
        Pending p = pending(key);
        if (p.article() != null) {
            return; // the same delivery again (at-least-once)
        }
        store.put(articleKey(key), StoryCodec.encode(a));
        addInFlight(a);
        advance(key, new Pending(a, p.lookupsSeen(), p.candidates(), p.homesExpected(), p.homesSeen(), p.best()));
    }

    private void candidates(Candidates c) {
        String key = pendingKey(c.id(), c.nonce());
        Pending p = pending(key);
        if (contains(p.lookupsSeen(), c.fromPartition())) {
            return;
        }
        Map<String, Candidate> merged = new LinkedHashMap<>();
        p.candidates().forEach(x -> merged.put(x.id(), x));
        for (Candidate x : c.candidates()) {
            merged.merge(x.id(), x, (old, n) -> old.exact() ? old : n);
        }
        advance(key, new Pending(p.article(), add(p.lookupsSeen(), c.fromPartition()), new ArrayList<>(merged.values()),
                p.homesExpected(), p.homesSeen(), p.best()));
    }

    private void reply(Reply r) {
        String key = pendingKey(r.askerId(), r.askerNonce());
        if (store.get(key) == null) {
            return; // already decided (a repeated reply)
        }
        Pending p = pending(key);
        if (contains(p.homesSeen(), r.fromHome())) {
            return;
        }
        Match best = r.best() != null && r.best().betterThan(p.best()) ? r.best() : p.best();
        advance(key, new Pending(p.article(), p.lookupsSeen(), p.candidates(), p.homesExpected(), add(p.homesSeen(), r.fromHome()),
                best));
    }

    private void advance(String key, Pending p) {
        if (p.article() == null || p.lookupsSeen().length < partitions) {
            putPending(key, p);
            return;
        }
        Article a = p.article();
        String id = a.article().id();
        if (p.homesExpected() < 0) {
            Decided same = decided(id);
            if (same != null) {
                finish(key, a, same.storyId(), false); // the same article id again: its story
            } else if (p.candidates().isEmpty()) {
                finish(key, a, id, true);
            } else {
                Map<Integer, List<Candidate>> byHome = new TreeMap<>();
                for (Candidate c : p.candidates()) {
                    byHome.computeIfAbsent(StoryRouting.home(c.id(), partitions), h -> new ArrayList<>()).add(c);
                }
                // the candidates went out with the score requests: only the replies are counted from here on
                putPending(key, new Pending(a, p.lookupsSeen(), List.of(), byHome.size(), p.homesSeen(), p.best()));
                // a home whose candidates were all tested on their band partitions (or are exact) needs only their stories
                byHome.forEach((home, cs) -> {
                    boolean tested = cs.stream().allMatch(c -> c.scored() || c.exact());
                    out.send(new Score(id, a.nonce(), a.t(), tested ? null : a.sig(), tested ? null : a.features(), partition,
                            home, cs));
                });
            }
            return;
        }
        if (p.homesSeen().length < p.homesExpected()) {
            putPending(key, p);
            return;
        }
        Decided same = decided(id);
        if (same != null) {
            finish(key, a, same.storyId(), false);
        } else if (p.best() == null) {
            finish(key, a, id, true);
        } else {
            finish(key, a, p.best().storyId(), false);
        }
    }

    private void finish(String pendingKey, Article a, String storyId, boolean first) {
        store.delete(pendingKey);
        store.delete(articleKey(pendingKey));
        String id = a.article().id();
        removeInFlight(id, a.nonce());
        if (decided(id) == null) {
            Decided d = new Decided(storyId, a.t(), a.sig(), a.features());
            store.put("a:" + id, StoryCodec.encodeDecided(d));
            decidedCache.put(id, d);
        }
        out.emit(story(a.article(), storyId, first), a.t());
        if (metrics != null) {
            metrics.story(first);
        }
        release(id);
    }

    // ------------------------------------------------------------------ home role: the candidates

    private void score(Score s) {
        String key = "s:" + s.askerId() + "/" + s.askerNonce();
        if (store.get(key) != null) {
            return; // the same request again, still waiting
        }
        Match best = null;
        // Earlier candidates still in flight: the best of those whose signature and features are here (a pending
        // article), and those that are not here at all (possible only after a failed step; waited for as before).
        Match bestInFlight = null;
        List<String> unresolved = new ArrayList<>();
        for (Candidate c : s.candidates()) {
            Decided d = decided(c.id());
            if (d != null) {
                Match m = evaluate(s, c, d);
                best = m != null && m.betterThan(best) ? m : best;
            } else if (c.t() >= cutoff && StoryRouting.before(c.t(), c.id(), s.askerT(), s.askerId())) {
                List<Article> pending = inFlight.getOrDefault(c.id(), List.of());
                if (pending.isEmpty()) {
                    unresolved.add(c.id());
                }
                for (Article f : pending) {
                    Match m = evaluate(s, c, new Decided(null, f.t(), f.sig(), f.features()));
                    bestInFlight = m != null && m.betterThan(bestInFlight) ? m : bestInFlight;
                }
            }
            // else: in flight and later by (event time, id), or expired: not a story this article can join
        }
        // Whether a candidate matches, and how it ranks, follows from its signature, features and event time alone;
        // only its story is unknown until it is decided. So wait for an in-flight candidate only when it is the best
        // match here: one that cannot match, or that ranks below a decided match, cannot change the answer. Waiting
        // for every earlier candidate in flight chained each article to the one before it whenever articles share
        // bands without being duplicates (boilerplate, a small vocabulary): one decision per round trip.
        if (bestInFlight != null && bestInFlight.betterThan(best)) {
            unresolved.add(bestInFlight.id());
        }
        unresolved.forEach(id -> addWaiter(id, s.askerId() + "/" + s.askerNonce()));
        if (unresolved.isEmpty()) {
            out.send(new Reply(s.askerId(), s.askerNonce(), partition, best));
        } else {
            store.put(key, StoryCodec.encodeWaiting(new Waiting(s, best, unresolved)));
        }
    }

    /** A decided article releases the score requests that waited for it. */
    private void release(String id) {
        byte[] raw = store.get("w:" + id);
        if (raw == null) {
            return;
        }
        store.delete("w:" + id);
        Decided d = decided(id);
        for (String asker : StoryCodec.decodeStrings(raw)) {
            String key = "s:" + asker;
            byte[] w = store.get(key);
            if (w == null) {
                continue;
            }
            Waiting waiting = StoryCodec.decodeWaiting(w);
            Score s = waiting.score();
            Match best = waiting.best();
            for (Candidate c : s.candidates()) {
                if (c.id().equals(id)) {
                    Match m = evaluate(s, c, d);
                    best = m != null && m.betterThan(best) ? m : best;
                }
            }
            List<String> left = new ArrayList<>(waiting.unresolved());
            left.remove(id);
            if (left.isEmpty()) {
                store.delete(key);
                out.send(new Reply(s.askerId(), s.askerNonce(), partition, best));
            } else {
                store.put(key, StoryCodec.encodeWaiting(new Waiting(s, best, left)));
            }
        }
    }

    private void addWaiter(String candidateId, String askerKey) {
        byte[] raw = store.get("w:" + candidateId);
        List<String> askers = raw == null ? new ArrayList<>() : new ArrayList<>(StoryCodec.decodeStrings(raw));
        if (!askers.contains(askerKey)) {
            askers.add(askerKey);
        }
        store.put("w:" + candidateId, StoryCodec.encodeStrings(askers));
    }

    /** The candidate as a match for the asker, or null: outside the window, below the threshold, or conflicting features. */
    private Match evaluate(Score s, Candidate c, Decided d) {
        if (!within(d.t(), s.askerT())) {
            return null;
        }
        if (c.exact()) {
            return new Match(c.id(), d.t(), EXACT_SCORE, true, d.storyId());
        }
        if (c.scored()) {
            return new Match(c.id(), d.t(), c.score(), false, d.storyId()); // tested on its band partition, same data
        }
        if (s.askerSig() == null || d.sig() == null) {
            return null;
        }
        double similarity = MinHash.similarity(s.askerSig(), d.sig());
        if (similarity < threshold) {
            return null;
        }
        if (d.features() != null && s.askerFeatures() != null && s.askerFeatures().conflict(d.features())) {
            return null; // shared boilerplate, different parties or numbers: another story
        }
        return new Match(c.id(), d.t(), similarity, false, d.storyId());
    }

    // ------------------------------------------------------------------ expiry

    /**
     * Drops what is older than the window before {@code streamTime}: bucket entries, exact-text
     * entries and decided articles. Waiting requests and pending articles are never dropped: they
     * resolve. Returns how many entries were removed.
     */
    public int expire(long streamTime) {
        long newCutoff = streamTime - windowMs;
        if (newCutoff <= cutoff) {
            return 0;
        }
        cutoff = newCutoff;
        store.put(CUTOFF_KEY, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(cutoff).array());
        List<String> gone = new ArrayList<>();
        store.forEach((key, value) -> {
            long t = switch (key.substring(0, Math.min(2, key.length()))) {
                case "l:" -> StoryCodec.decodeIndexed(value).t();
                case "x:" -> StoryCodec.decodeExact(value).t();
                case "a:" -> StoryCodec.decodeDecided(value).t();
                default -> Long.MAX_VALUE;
            };
            if (t < newCutoff) {
                gone.add(key);
            }
        });
        gone.forEach(key -> {
            store.delete(key);
            if (key.startsWith("a:")) {
                decidedCache.remove(key.substring(2));
            }
        });
        long before = buckets.size();
        buckets.removeOlderThan(newCutoff);
        indexed(before);
        return gone.size();
    }

    // ------------------------------------------------------------------ helpers

    /** Articles in this partition's in-memory band index. */
    public int indexedArticles() {
        return buckets.size();
    }

    /** This partition's index leaves the instance (task closed or moved): its articles no longer count in the gauge. */
    public void close() {
        long before = buckets.size();
        buckets.clear();
        inFlight.clear();
        decidedCache.clear();
        indexed(before);
    }

    /** Reports the change of the index size since {@code before} (the gauge sums all partitions of the instance). */
    private void indexed(long before) {
        if (metrics != null && buckets.size() != before) {
            metrics.indexedChange(buckets.size() - before);
        }
    }

    private Decided decided(String id) {
        Decided d = decidedCache.get(id);
        if (d == null) {
            byte[] raw = store.get("a:" + id);
            if (raw != null) {
                d = StoryCodec.decodeDecided(raw);
                decidedCache.put(id, d);
            }
        }
        return d;
    }

    private void addInFlight(Article a) {
        List<Article> deliveries = inFlight.computeIfAbsent(a.article().id(), id -> new ArrayList<>(1));
        deliveries.removeIf(f -> f.nonce().equals(a.nonce()));
        deliveries.add(a);
    }

    private void removeInFlight(String id, String nonce) {
        List<Article> deliveries = inFlight.get(id);
        if (deliveries != null) {
            deliveries.removeIf(f -> f.nonce().equals(nonce));
            if (deliveries.isEmpty()) {
                inFlight.remove(id);
            }
        }
    }

    private Pending pending(String key) {
        byte[] raw = store.get(key);
        if (raw == null) {
            return Pending.empty();
        }
        Pending p = StoryCodec.decodePending(raw);
        if (p.article() == null && StoryCodec.pendingArticleApart(raw)) {
            p = new Pending(article(key), p.lookupsSeen(), p.candidates(), p.homesExpected(), p.homesSeen(), p.best());
        }
        return p;
    }

    /** The pending entry without the article (stored once, apart): the entry is rewritten at every step. */
    private void putPending(String key, Pending p) {
        store.put(key, StoryCodec.encodePending(p));
    }

    /** The article of a pending entry whose article is stored apart: from memory, else from the store. */
    private Article article(String pendingKey) {
        int slash = pendingKey.lastIndexOf('/');
        String id = pendingKey.substring(2, slash);
        String nonce = pendingKey.substring(slash + 1);
        for (Article a : inFlight.getOrDefault(id, List.of())) {
            if (a.nonce().equals(nonce)) {
                return a;
            }
        }
        byte[] raw = store.get(articleKey(pendingKey));
        if (raw == null) {
            throw new IllegalStateException("pending article " + pendingKey + " is not in the store");
        }
        Article a = (Article) StoryCodec.decode(raw);
        addInFlight(a);
        return a;
    }

    private static String articleKey(String pendingKey) {
        return "j:" + pendingKey.substring(2);
    }

    private static String pendingKey(String id, String nonce) {
        return "p:" + id + "/" + nonce;
    }

    private boolean within(long earlier, long t) {
        return Math.abs(t - earlier) <= windowMs;
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static int[] add(int[] values, int v) {
        int[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = v;
        return out;
    }

    static EnrichedArticle story(EnrichedArticle a, String storyId, boolean first) {
        return new EnrichedArticle(a.id(), storyId, first, first ? null : storyId, a.sourceId(), a.url(), a.title(),
                a.text(), a.language(), a.tags(), a.publishedAt(), a.fetchedAt(), a.enrichedAt(), a.entities(),
                a.events());
    }

    /** Decided articles by id, the least recently filed dropped first beyond {@code max}. */
    private static final class DecidedCache extends LinkedHashMap<String, Decided> {
        private final int max;

        DecidedCache(int max) {
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decided> eldest) {
            return size() > max;
        }
    }

    /**
     * An article in the buckets of its bands of this partition (one instance shared by all of them), with what testing
     * its look-alikes needs (null for entries filed by an earlier version).
     */
    private record Entry(String id, long t, long[] bands, int[] sig, StoryFeatures features) {}

    /**
     * LSH band hash to the articles in that bucket, newest last, at most MAX_BUCKET each (the newest by
     * event time). Most buckets hold one article, so a bucket is the entry itself until a second arrives.
     * At most {@code maxArticles} articles are filed: beyond that the first filed goes first, so the heap
     * stays bounded however many articles arrive within the window.
     */
    private static final class LshBuckets {
        private final HashMap<Long, Object> byBand = new HashMap<>();
        private final java.util.ArrayDeque<Entry> order = new java.util.ArrayDeque<>();
        final int maxArticles;

        LshBuckets(int maxArticles) {
            this.maxArticles = maxArticles;
        }

        int size() {
            return order.size();
        }

        void index(Entry entry) {
            for (long band : entry.bands()) {
                add(band, entry);
            }
            order.addLast(entry);
            while (order.size() > maxArticles) {
                Entry oldest = order.pollFirst();
                for (long band : oldest.bands()) {
                    remove(band, oldest);
                }
            }
        }

        private void add(long band, Entry entry) {
            byBand.merge(band, entry, (old, e) -> {
                @SuppressWarnings("unchecked")
                List<Entry> members = old instanceof Entry one ? new ArrayList<>(List.of(one)) : (List<Entry>) old;
                members.add((Entry) e);
                if (members.size() > MAX_BUCKET) {
                    members.sort(Comparator.comparingLong(Entry::t).reversed());
                    members.subList(MAX_BUCKET, members.size()).clear();
                }
                return members;
            });
        }

        @SuppressWarnings("unchecked")
        private void remove(long band, Entry entry) {
            Object v = byBand.get(band);
            if (v == entry) {
                byBand.remove(band);
            } else if (v instanceof List<?> list) {
                List<Entry> members = (List<Entry>) list;
                members.removeIf(m -> m == entry);
                if (members.isEmpty()) {
                    byBand.remove(band);
                }
            }
        }

        @SuppressWarnings("unchecked")
        void forEach(long band, Consumer<Entry> action) {
            Object v = byBand.get(band);
            if (v instanceof Entry one) {
                action.accept(one);
            } else if (v != null) {
                ((List<Entry>) v).forEach(action);
            }
        }

        @SuppressWarnings("unchecked")
        void removeOlderThan(long cutoff) {
            order.removeIf(m -> m.t() < cutoff);
            byBand.values().removeIf(v -> {
                if (v instanceof Entry one) {
                    return one.t() < cutoff;
                }
                List<Entry> members = (List<Entry>) v;
                members.removeIf(m -> m.t() < cutoff);
                return members.isEmpty();
            });
        }

        void clear() {
            byBand.clear();
            order.clear();
        }
    }
}
