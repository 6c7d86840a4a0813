package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-partition story decision ({@code enrich.dedup.partitioned=false}), shared by the Streams
 * processor ({@link StoryDedupProcessor}) and the offline
 * {@link io.chipwatch.enrich.StoryAssigner}, so both decide alike for the same input order. An article
 * is a duplicate when its id was seen before, when its normalised text is identical to an earlier
 * article's, or when its MinHash signature is similar enough to an earlier article's found through an
 * LSH bucket, within the event-time window, unless their distinguishing features conflict (each names
 * in its lead a party or a number the other lacks: {@link StoryFeatures}), which keeps look-alike items
 * with shared boilerplate apart. The first article of a story keeps {@code storyId = id,
 * firstInStory = true}; later ones get the story's id and {@code duplicateOf} it.
 *
 * <p>The decision for an article needs only its candidates' signatures and features (kept in memory beside
 * the buckets), never a scan of the store, so it can move to wherever the candidates meet.
 *
 * <p>The store holds one entry per article ({@code a:<id>}: story, event time, signature, features) and one per
 * exact text ({@code x:<sha256>}); the LSH buckets, with each article's signature and story, live in
 * memory and are rebuilt from the {@code a:} entries by {@link #rebuild()}, e.g. after a restore.
 * Keeping the 60 buckets per article out of the store saves 60 read-modify-writes, each a changelog
 * record inside the exactly-once transaction; keeping the signatures beside them saves a store read
 * and a JSON parse of a 128-number signature per candidate (near-duplicates share many bands, so an
 * article has dozens of candidates). Only the best candidate is read from the store, to confirm it:
 * one whose transaction aborted is missing there and is skipped. Not thread-safe.
 */
public final class StoryIndex {
    /**
     * An article in the in-memory LSH index (one instance shared by all its bands). {@code visit} is the last
     * {@link #nearest} that met it (a stamp instead of a set of the visited: most visits are repeats).
     */
    private static final class Indexed {
        private final String id;
        private final long t;
        private final int[] sig;
        private final String storyId;
        private final StoryFeatures features;
        private long visit;

        Indexed(String id, long t, int[] sig, String storyId, StoryFeatures features) {
            this.id = id;
            this.t = t;
            this.sig = sig;
            this.storyId = storyId;
            this.features = features;
        }

        String id() {
            return id;
        }

        long t() {
            return t;
        }

        int[] sig() {
            return sig;
        }

        String storyId() {
            return storyId;
        }

        StoryFeatures features() {
            return features;
        }
    }

    /** A candidate above the threshold. */
    private record Scored(Indexed article, double score) {}

    static final int MAX_BUCKET = 32;
    private static final Logger LOG = LoggerFactory.getLogger(StoryIndex.class);

    private final long windowMs;
    private final double threshold;
    private final StoryStore store;
    /** LSH band key to the articles in it, newest last; at most MAX_BUCKET each, and {@code maxArticles} in all. */
    private final LshBuckets buckets;
    private final EnrichMetrics metrics;

    /** An index without a memory bound and without metrics (offline use, tests). */
    public StoryIndex(Duration window, double threshold, StoryStore store) {
        this(window, threshold, store, Integer.MAX_VALUE, null);
    }

    /**
     * @param maxArticles most articles held in the in-memory LSH index (the store keeps every one); beyond it the
     *                    oldest indexed is forgotten first, so the heap stays bounded however many arrive in the window
     * @param metrics     where the index size and story decisions are counted, or null
     */
    public StoryIndex(Duration window, double threshold, StoryStore store, int maxArticles, EnrichMetrics metrics) {
        this.windowMs = window.toMillis();
        this.threshold = threshold;
        this.store = Objects.requireNonNull(store, "store");
        this.buckets = new LshBuckets(maxArticles);
        this.metrics = metrics;
    }

    public long windowMs() {
        return windowMs;
    }

    /**
     * The article with its story assigned. A failure of the decision must not lose the article: it is
     * then returned unchanged, as its own story (logged).
     *
     * @param eventTimeMs the article's event time, as {@link EventTime#of} gives it
     */
    public EnrichedArticle assign(EnrichedArticle a, long eventTimeMs) {
        try {
            return decide(a, eventTimeMs);
        } catch (RuntimeException e) {
            LOG.warn("story dedup failed for article {}; emitting it as its own story", a.id(), e);
            return a;
        }
    }

    /**
     * Rebuilds the in-memory LSH index from the stored signatures (the newest {@code maxArticles} by event
     * time, indexed oldest first so the size bound evicts in that order); drops bucket entries of older versions.
     */
    public void rebuild() {
        buckets.clear();
        List<String> legacy = new ArrayList<>();
        java.util.PriorityQueue<Indexed> newest = new java.util.PriorityQueue<>(Comparator.comparingLong(Indexed::t));
        int[] articles = {0};
        store.forEach((key, value) -> {
            if (key.startsWith("b:")) {
                legacy.add(key);
            } else if (key.startsWith("a:") && value != null && value.sig() != null) {
                articles[0]++;
                newest.add(new Indexed(key.substring(2), value.t(), value.sig(), value.storyId(), value.features()));
                if (newest.size() > buckets.maxArticles) {
                    newest.poll();
                }
            }
        });
        while (!newest.isEmpty()) {
            Indexed entry = newest.poll();
            buckets.index(entry, MinHash.bandHashes(entry.sig()));
        }
        legacy.forEach(store::delete);
        indexed();
        LOG.debug("story dedup index rebuilt: {} of {} stored articles in memory", buckets.size(), articles[0]);
    }

    private void indexed() {
        if (metrics != null) {
            metrics.indexed(buckets.size());
        }
    }

    private EnrichedArticle decide(EnrichedArticle a, long t) {
        StoryEntry same = store.get("a:" + a.id());
        if (same != null) {
            return story(a, same.storyId(), false);
        }
        String exactKey = MinHash.exactKey(a.title() + "\n" + a.text());
        int[] sig = MinHash.signature(a.title() + "\n" + a.text());
        long[] bands = sig == null ? new long[0] : MinHash.bandHashes(sig);
        String storyId = null;
        if (exactKey != null) {
            StoryEntry x = store.get("x:" + exactKey);
            if (x != null && within(x.t(), t)) {
                storyId = x.storyId();
            }
        }
        StoryFeatures features = sig == null ? null : StoryFeatures.of(a);
        if (storyId == null && sig != null) {
            storyId = nearest(a.id(), sig, bands, t, features);
        }
        boolean first = storyId == null;
        if (first) {
            storyId = a.id();
        }
        store.put("a:" + a.id(), new StoryEntry(storyId, t, sig, null, features));
        if (exactKey != null && (first || store.get("x:" + exactKey) == null)) {
            store.put("x:" + exactKey, new StoryEntry(storyId, t, null, null));
        }
        if (sig != null) {
            buckets.index(new Indexed(a.id(), t, sig, storyId, features), bands);
            indexed();
        }
        if (metrics != null) {
            metrics.story(first);
        }
        return story(a, storyId, first);
    }

    /**
     * The story of the most similar earlier article within the window whose distinguishing features do not
     * conflict with the article's (see {@link StoryFeatures#conflict}), or null.
     */
    private String nearest(String id, int[] sig, long[] bands, long t, StoryFeatures features) {
        if (byMap || buckets.hasRepeatedIds()) {
            return nearestByMap(id, sig, bands, t, features);
        }
        long stamp = ++visits;
        // the candidates (indexed articles within the window, not the article itself) in the order first met,
        // with the number of equal signature positions of each
        int n = 0;
        for (long band : bands) {
            Object bucket = buckets.get(band);
            if (bucket == null) {
                continue;
            }
            Indexed one = bucket instanceof Indexed i ? i : null;
            @SuppressWarnings("unchecked")
            List<Indexed> members = one == null ? (List<Indexed>) bucket : null;
            int size = one != null ? 1 : members.size();
            for (int k = 0; k < size; k++) {
                Indexed m = one != null ? one : members.get(k);
                if (m.visit == stamp) {
                    continue;
                }
                m.visit = stamp;
                if (within(m.t(), t) && !m.id().equals(id)) {
                    if (n == met.length) {
                        met = java.util.Arrays.copyOf(met, n * 2);
                        metSame = java.util.Arrays.copyOf(metSame, n * 2);
                    }
                    met[n] = m;
                    metSame[n] = sameCount(sig, m.sig());
                    n++;
                }
            }
        }
        try {
            return pick(sig, t, features, n);
        } finally {
            java.util.Arrays.fill(met, 0, n, null);
        }
    }

    /**
     * The story of the first candidate in {@link #BEST_FIRST} order, ties in (score, event time) broken as
     * {@link #nearestByMap} breaks them (the iteration order of its map of candidate ids), that does not conflict
     * and is in the store. Candidates are taken a group of equal (score, event time) at a time, so that order
     * is needed only when two of a group do not conflict, which is rare: then the map is built as there.
     */
    private String pick(int[] sig, long t, StoryFeatures features, int n) {
        // the candidates at or above the threshold, best score first (a counting sort on the equal positions:
        // the score is their number over the signature's length), in the order met within a score
        int len = sig.length;
        int[] firstOfSame = new int[len + 2];
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (score(metSame[i], len) >= threshold) {
                firstOfSame[len - metSame[i] + 1]++;
                above++;
            }
        }
        if (above == 0) {
            return null;
        }
        for (int s = 1; s < firstOfSame.length; s++) {
            firstOfSame[s] += firstOfSame[s - 1];
        }
        int[] order = new int[above];
        for (int i = 0; i < n; i++) {
            if (score(metSame[i], len) >= threshold) {
                order[firstOfSame[len - metSame[i]]++] = i;
            }
        }
        int[] rankInMap = null;
        int[] open = new int[8];
        for (int g = 0; g < above; ) {
            // the group of one score, then by event time, earliest first (insertion sort: stable, and
            // already sorted when the times are equal, as for a burst of articles)
            int same = metSame[order[g]];
            int end = g + 1;
            while (end < above && metSame[order[end]] == same) {
                end++;
            }
            for (int i = g + 1; i < end; i++) {
                int v = order[i];
                int j = i - 1;
                while (j >= g && met[order[j]].t() > met[v].t()) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
            for (int a = g; a < end; ) {
                long at = met[order[a]].t();
                int b = a + 1;
                while (b < end && met[order[b]].t() == at) {
                    b++;
                }
                // [a, b): equal score and event time; those whose features do not conflict, in the order met
                int o = 0;
                for (int i = a; i < b; i++) {
                    StoryFeatures other = met[order[i]].features();
                    if (other == null || !features.conflict(other)) {
                        if (o == open.length) {
                            open = java.util.Arrays.copyOf(open, o * 2);
                        }
                        open[o++] = order[i];
                    }
                }
                if (o > 1) {
                    if (rankInMap == null) {
                        rankInMap = rankInMap(n);
                        tieOrders++;
                    }
                    int[] r = rankInMap;
                    Integer[] boxed = new Integer[o];
                    for (int i = 0; i < o; i++) {
                        boxed[i] = open[i];
                    }
                    java.util.Arrays.sort(boxed, Comparator.comparingInt(i -> r[i]));
                    for (int i = 0; i < o; i++) {
                        open[i] = boxed[i];
                    }
                }
                for (int i = 0; i < o; i++) {
                    StoryEntry stored = store.get("a:" + met[open[i]].id());
                    if (stored != null) {
                        return stored.storyId();
                    }
                }
                a = b;
            }
            g = end;
        }
        return null;
    }

    /**
     * The position of each of the first {@code n} candidates met in the iteration order of the map
     * {@link #nearestByMap} fills: the same keys put in the same order into the same kind of map.
     */
    private int[] rankInMap(int n) {
        Map<String, Integer> candidates = new HashMap<>();
        for (int i = 0; i < n; i++) {
            candidates.put(met[i].id(), i);
        }
        int[] rank = new int[n];
        int r = 0;
        for (Integer i : candidates.values()) {
            rank[i] = r++;
        }
        return rank;
    }

    private static int sameCount(int[] a, int[] b) {
        return MinHash.sameCount(a, b);
    }

    /** What {@link MinHash#similarity} returns for {@code same} equal positions of {@code len}. */
    private static double score(int same, int len) {
        return (double) same / len;
    }

    /** The candidates of the current {@link #nearest} in the order met, and their equal positions (reused). */
    private Indexed[] met = new Indexed[64];
    private int[] metSame = new int[64];
    /** Stamp of the current {@link #nearest}. */
    private long visits;
    /** Decide with {@link #nearestByMap} always (tests compare the two). */
    boolean byMap;
    /** How often {@link #pick} needed the map's order of ties (tests check that they reach it). */
    int tieOrders;

    /**
     * {@link #nearest} as it was written first: a map of candidate ids, their scores, a sort. The reference for
     * the tie order, and what decides while an id is indexed twice (a map by id keeps the first met).
     */
    private String nearestByMap(String id, int[] sig, long[] bands, long t, StoryFeatures features) {
        Map<String, Scored> candidates = new HashMap<>();
        // A look-alike shares many bands, so the same indexed article turns up in many buckets: what was decided
        // for it the first time holds (the tests below only look at it and at keys the map keeps), and the
        // identity test spares the id's string (hash, equals) on every later visit, most of the visits.
        java.util.Set<Indexed> visited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (long band : bands) {
            buckets.forEach(band, m -> {
                if (visited.add(m) && within(m.t(), t) && !m.id().equals(id) && !candidates.containsKey(m.id())) {
                    double s = MinHash.similarity(sig, m.sig());
                    candidates.put(m.id(), s >= threshold ? new Scored(m, s) : null);
                }
            });
        }
        List<Scored> ranked = new ArrayList<>();
        for (Scored c : candidates.values()) {
            if (c != null) {
                ranked.add(c);
            }
        }
        // best first; equal scores keep the earlier article (as a scan in bucket order did). The best is nearly
        // always taken, so the first few are picked by a scan each (in the order a stable sort gives) and the
        // list is sorted only when they all conflict.
        boolean[] tried = new boolean[ranked.size()];
        for (int k = 0; k < ranked.size(); k++) {
            Scored c;
            if (k < PICKED_BEFORE_SORT) {
                int best = -1;
                for (int j = 0; j < ranked.size(); j++) {
                    if (!tried[j] && (best < 0 || ranksBefore(ranked.get(j), ranked.get(best)))) {
                        best = j;
                    }
                }
                tried[best] = true;
                c = ranked.get(best);
            } else {
                if (k == PICKED_BEFORE_SORT) {
                    ranked.sort(BEST_FIRST); // stable: its first PICKED_BEFORE_SORT are the ones tried
                }
                c = ranked.get(k);
            }
            StoryFeatures other = c.article().features();
            if (other != null && features.conflict(other)) {
                continue; // shared boilerplate, different parties or numbers: another story
            }
            StoryEntry stored = store.get("a:" + c.article().id());
            if (stored != null) {
                return stored.storyId();
            }
        }
        return null;
    }

    private static final int PICKED_BEFORE_SORT = 4;
    /** Higher score first, then the earlier article: {@code comparingDouble(score).reversed().thenComparingLong(t)}, written out. */
    private static final Comparator<Scored> BEST_FIRST = (a, b) -> {
        int c = Double.compare(b.score(), a.score());
        return c != 0 ? c : Long.compare(a.article().t(), b.article().t());
    };

    /** Whether {@code a} comes strictly before {@code b} in {@link #BEST_FIRST} order. */
    private static boolean ranksBefore(Scored a, Scored b) {
        return BEST_FIRST.compare(a, b) < 0;
    }

    private boolean within(long earlier, long t) {
        return Math.abs(t - earlier) <= windowMs;
    }

    private static EnrichedArticle story(EnrichedArticle a, String storyId, boolean first) {
        return new EnrichedArticle(a.id(), storyId, first, first ? null : storyId, a.sourceId(), a.url(), a.title(),
                a.text(), a.language(), a.tags(), a.publishedAt(), a.fetchedAt(), a.enrichedAt(), a.entities(),
                a.events());
    }

    /** Drops entries older than the window before {@code streamTime}; returns how many changed. */
    public int expire(long streamTime) {
        long cutoff = streamTime - windowMs;
        List<Map.Entry<String, StoryEntry>> changes = new ArrayList<>();
        store.forEach((key, e) -> {
            if (e.members() != null) {
                List<StoryEntry.Member> keep = e.members().stream().filter(m -> m.t() >= cutoff).toList();
                if (keep.size() != e.members().size()) {
                    changes.add(new java.util.AbstractMap.SimpleEntry<>(key,
                            keep.isEmpty() ? null : new StoryEntry(null, e.t(), null, keep)));
                }
            } else if (e.t() < cutoff) {
                changes.add(new java.util.AbstractMap.SimpleEntry<>(key, null));
            }
        });
        buckets.removeOlderThan(cutoff);
        indexed();
        for (Map.Entry<String, StoryEntry> kv : changes) {
            if (kv.getValue() == null) {
                store.delete(kv.getKey());
            } else {
                store.put(kv.getKey(), kv.getValue());
            }
        }
        if (!changes.isEmpty()) {
            LOG.debug("expired or trimmed {} story entries older than {}", changes.size(), cutoff);
        }
        return changes.size();
    }

    /**
     * LSH band hash to the articles in that bucket, newest last, at most MAX_BUCKET each. Most buckets hold
     * one article (60 per article), so a bucket is the article itself until a second one arrives: a list per
     * bucket cost about three times the memory, which a 20,000-article burst inside the window felt. At most
     * {@code maxArticles} are indexed: beyond that the first indexed goes first, so the heap stays bounded
     * however many articles arrive within the window.
     */
    private static final class LshBuckets {
        private final BandMap byBand = new BandMap();
        private final java.util.ArrayDeque<Indexed> order = new java.util.ArrayDeque<>();
        final int maxArticles;

        LshBuckets(int maxArticles) {
            this.maxArticles = maxArticles;
        }

        int size() {
            return order.size();
        }

        void index(Indexed entry, long[] bands) {
            for (long band : bands) {
                add(band, entry);
            }
            order.addLast(entry);
            counted(entry);
            while (order.size() > maxArticles) {
                Indexed oldest = order.pollFirst();
                uncounted(oldest);
                for (long band : MinHash.bandHashes(oldest.sig())) {
                    remove(band, oldest);
                }
            }
        }

        /** How many indexed articles have each id, and how many ids more than one (see {@link #hasRepeatedIds}). */
        private final HashMap<String, Integer> perId = new HashMap<>();
        private int repeatedIds;

        private void counted(Indexed entry) {
            if (perId.merge(entry.id(), 1, Integer::sum) == 2) {
                repeatedIds++;
            }
        }

        private void uncounted(Indexed entry) {
            Integer c = perId.get(entry.id());
            if (c == null) {
                return;
            }
            if (c == 1) {
                perId.remove(entry.id());
            } else {
                perId.put(entry.id(), c - 1);
                if (c == 2) {
                    repeatedIds--;
                }
            }
        }

        /**
         * Whether some id is indexed more than once (an article decided again after its store entry was lost, as
         * when its transaction aborted): {@link #nearest} meets articles by identity, which is then not by id.
         */
        boolean hasRepeatedIds() {
            return repeatedIds > 0;
        }

        /** The bucket of the band: null, one {@code Indexed}, or a {@code List<Indexed>} (newest last). */
        Object get(long band) {
            return byBand.get(band);
        }

        @SuppressWarnings("unchecked")
        private void remove(long band, Indexed entry) {
            Object v = byBand.get(band);
            if (v == entry) {
                byBand.remove(band);
            } else if (v instanceof List<?> list) {
                List<Indexed> members = (List<Indexed>) list;
                members.removeIf(m -> m == entry);
                if (members.isEmpty()) {
                    byBand.remove(band);
                }
            }
        }

        private void add(long band, Indexed entry) {
            Object old = byBand.get(band);
            if (old == null) {
                byBand.put(band, entry);
                return;
            }
            @SuppressWarnings("unchecked")
            List<Indexed> members = old instanceof Indexed one ? new ArrayList<>(List.of(one)) : (List<Indexed>) old;
            members.add(entry);
            if (members.size() > MAX_BUCKET) {
                // keep the newest by event time, as the stored buckets did
                keepNewest(members);
            }
            if (members != old) {
                byBand.put(band, members);
            }
        }

        /**
         * {@code members.sort(comparingLong(t).reversed())} (stable) and the first MAX_BUCKET kept. A full bucket is
         * already in that order but for the one just added, last: then the sort only moves it before the first
         * older one, or drops it when none is older.
         */
        private static void keepNewest(List<Indexed> members) {
            int last = members.size() - 1;
            boolean sorted = true;
            for (int k = 1; k < last && sorted; k++) {
                sorted = members.get(k - 1).t() >= members.get(k).t();
            }
            if (!sorted) {
                members.sort(Comparator.comparingLong(Indexed::t).reversed());
            } else {
                Indexed added = members.get(last);
                int at = 0;
                while (at < last && members.get(at).t() >= added.t()) {
                    at++;
                }
                if (at < last) {
                    members.remove(last);
                    members.add(at, added);
                }
            }
            members.subList(MAX_BUCKET, members.size()).clear();
        }

        @SuppressWarnings("unchecked")
        void forEach(long band, Consumer<Indexed> action) {
            Object v = byBand.get(band);
            if (v instanceof Indexed one) {
                action.accept(one);
            } else if (v != null) {
                ((List<Indexed>) v).forEach(action);
            }
        }

        @SuppressWarnings("unchecked")
        void removeOlderThan(long cutoff) {
            order.removeIf(m -> {
                if (m.t() < cutoff) {
                    uncounted(m);
                    return true;
                }
                return false;
            });
            byBand.removeIf(v -> {
                if (v instanceof Indexed one) {
                    return one.t() < cutoff;
                }
                List<Indexed> members = (List<Indexed>) v;
                members.removeIf(m -> m.t() < cutoff);
                return members.isEmpty();
            });
        }

        void clear() {
            byBand.clear();
            order.clear();
            perId.clear();
            repeatedIds = 0;
        }
    }
    /**
     * Band hash to bucket (an {@code Indexed} or a list of them): open addressing over a {@code long[]}, linear
     * probing, deletion by backward shift. A {@code HashMap<Long, Object>} boxed each of the 60 keys of every
     * lookup and spent a chain of dependent loads per bucket; nothing depends on the order of the buckets.
     */
    private static final class BandMap {
        private long[] keys = new long[1024];
        private Object[] values = new Object[1024];
        private int size;

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        Object get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                Object v = values[i];
                if (v == null) {
                    return null;
                }
                if (keys[i] == key) {
                    return v;
                }
            }
        }

        void put(long key, Object value) {
            int mask = keys.length - 1;
            int i = slot(key, mask);
            for (; values[i] != null; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    values[i] = value;
                    return;
                }
            }
            keys[i] = key;
            values[i] = value;
            if (++size > keys.length / 2) {
                grow();
            }
        }

        void remove(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    deleteAt(i);
                    return;
                }
            }
        }

        /** Removes the entry at {@code i}, moving later entries of its probe run back into the hole. */
        private void deleteAt(int i) {
            int mask = keys.length - 1;
            int hole = i;
            for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                // j may fill the hole when its home is not cyclically within (hole, j]
                if (((j - home) & mask) >= ((j - hole) & mask)) {
                    keys[hole] = keys[j];
                    values[hole] = values[j];
                    hole = j;
                }
            }
            values[hole] = null;
            keys[hole] = 0;
            size--;
        }

        /** Removes every entry whose value the test accepts (it may change the value in place). */
        void removeIf(java.util.function.Predicate<Object> test) {
            long[] oldKeys = keys;
            Object[] oldValues = values;
            keys = new long[oldKeys.length];
            values = new Object[oldValues.length];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != null && !test.test(oldValues[i])) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            Object[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new Object[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != null) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }

        void clear() {
            keys = new long[1024];
            values = new Object[1024];
            size = 0;
        }
    }
}
