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
    /** An article in the in-memory LSH index (one instance shared by all its bands). */
    private record Indexed(String id, long t, int[] sig, String storyId, StoryFeatures features) {}

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
        private final HashMap<Long, Object> byBand = new HashMap<>();
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
            while (order.size() > maxArticles) {
                Indexed oldest = order.pollFirst();
                for (long band : MinHash.bandHashes(oldest.sig())) {
                    remove(band, oldest);
                }
            }
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
            byBand.merge(band, entry, (old, e) -> {
                @SuppressWarnings("unchecked")
                List<Indexed> members = old instanceof Indexed one ? new ArrayList<>(List.of(one)) : (List<Indexed>) old;
                members.add((Indexed) e);
                if (members.size() > MAX_BUCKET) {
                    // keep the newest by event time, as the stored buckets did
                    members.sort(Comparator.comparingLong(Indexed::t).reversed());
                    members.subList(MAX_BUCKET, members.size()).clear();
                }
                return members;
            });
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
            order.removeIf(m -> m.t() < cutoff);
            byBand.values().removeIf(v -> {
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
        }
    }
}
