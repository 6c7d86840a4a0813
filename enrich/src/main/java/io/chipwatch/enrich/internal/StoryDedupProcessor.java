package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns stories. An article is a duplicate when its id was seen before, when its normalised text
 * is identical to an earlier article's, or when its MinHash signature is similar enough to an
 * earlier article's found through an LSH bucket, within the event-time window. The first article of
 * a story keeps {@code storyId = id, firstInStory = true}; later ones get the story's id and
 * {@code duplicateOf} it. Entries are purged by a wall-clock punctuator, see expireByWallClock.
 * It must see every article, so it runs behind a single-partition repartition topic.
 *
 * <p>The store holds one entry per article ({@code a:<id>}: story, event time, signature) and one per
 * exact text ({@code x:<sha256>}); the LSH buckets, with each article's signature and story, live in
 * memory and are rebuilt from the {@code a:} entries whenever the task is (re)initialised, e.g. after
 * a restore. Keeping the 60 buckets per article out of the store saves 60 read-modify-writes, each a
 * changelog record inside the exactly-once transaction; keeping the signatures beside them saves a
 * store read and a JSON parse of a 128-number signature per candidate (near-duplicates share many
 * bands, so an article has dozens of candidates). Only the best candidate is read from the store,
 * to confirm it: one whose transaction aborted is missing there and is skipped.
 */
public final class StoryDedupProcessor implements Processor<String, EnrichedArticle, String, EnrichedArticle> {
    /** An article in the in-memory LSH index (one instance shared by all its bands). */
    private record Indexed(String id, long t, int[] sig, String storyId) {}

    /** A candidate above the threshold. */
    private record Scored(Indexed article, double score) {}

    public static final String STORE = "chipwatch-story-fingerprints";
    static final int MAX_BUCKET = 32;
    private static final Logger LOG = LoggerFactory.getLogger(StoryDedupProcessor.class);

    private final long windowMs;
    private final double threshold;
    private final EnrichMetrics metrics;
    private ProcessorContext<String, EnrichedArticle> context;
    private KeyValueStore<String, StoryEntry> store;
    /** LSH band key to the articles in it, newest last; at most MAX_BUCKET each, and {@code maxArticles} in all. */
    private final LshBuckets buckets;
    /** (wall clock, stream time) samples, one per punctuation, oldest first. */
    private final java.util.ArrayDeque<long[]> streamTimeSamples = new java.util.ArrayDeque<>();

    public StoryDedupProcessor(Duration window, double threshold, int maxArticles, EnrichMetrics metrics) {
        this.windowMs = window.toMillis();
        this.threshold = threshold;
        this.buckets = new LshBuckets(maxArticles);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, EnrichedArticle> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        rebuildBuckets();
        long every = Math.max(60_000L, Math.min(Duration.ofHours(1).toMillis(), windowMs / 4));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expireByWallClock);
    }

    @Override
    public void process(Record<String, EnrichedArticle> record) {
        EnrichedArticle a = record.value();
        EnrichedArticle out;
        try {
            out = assign(a, record.timestamp());
        } catch (RuntimeException e) {
            // The article itself is fine; a dedup failure must not lose it: pass it on as its own story.
            LOG.warn("story dedup failed for article {}; emitting it as its own story", a.id(), e);
            out = a;
        }
        context.forward(record.withKey(out.id()).withValue(out));
    }

    /**
     * Rebuilds the in-memory LSH index from the stored signatures (the newest {@code maxArticles} by event
     * time, indexed oldest first so the size bound evicts in that order); drops entries of older versions.
     */
    private void rebuildBuckets() {
        buckets.clear();
        List<String> legacy = new ArrayList<>();
        java.util.PriorityQueue<Indexed> newest = new java.util.PriorityQueue<>(Comparator.comparingLong(Indexed::t));
        int articles = 0;
        try (KeyValueIterator<String, StoryEntry> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, StoryEntry> kv = it.next();
                if (kv.key.startsWith("b:")) {
                    legacy.add(kv.key);
                } else if (kv.key.startsWith("a:") && kv.value != null && kv.value.sig() != null) {
                    articles++;
                    newest.add(new Indexed(kv.key.substring(2), kv.value.t(), kv.value.sig(), kv.value.storyId()));
                    if (newest.size() > buckets.maxArticles) {
                        newest.poll();
                    }
                }
            }
        }
        while (!newest.isEmpty()) {
            Indexed entry = newest.poll();
            buckets.index(entry, MinHash.bandHashes(entry.sig()));
        }
        legacy.forEach(store::delete);
        metrics.indexed(buckets.size());
        LOG.debug("story dedup index rebuilt: {} of {} stored articles in memory", buckets.size(), articles);
    }

    private EnrichedArticle assign(EnrichedArticle a, long t) {
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
        if (storyId == null && sig != null) {
            storyId = nearest(a.id(), sig, bands, t);
        }
        boolean first = storyId == null;
        if (first) {
            storyId = a.id();
        }
        store.put("a:" + a.id(), new StoryEntry(storyId, t, sig, null));
        if (exactKey != null && (first || store.get("x:" + exactKey) == null)) {
            store.put("x:" + exactKey, new StoryEntry(storyId, t, null, null));
        }
        if (sig != null) {
            buckets.index(new Indexed(a.id(), t, sig, storyId), bands);
            metrics.indexed(buckets.size());
        }
        metrics.story(first);
        return story(a, storyId, first);
    }

    /** The story of the most similar earlier article within the window, or null. */
    private String nearest(String id, int[] sig, long[] bands, long t) {
        java.util.Map<String, Scored> candidates = new java.util.HashMap<>();
        for (long band : bands) {
            buckets.forEach(band, m -> {
                if (within(m.t(), t) && !m.id().equals(id) && !candidates.containsKey(m.id())) {
                    double s = MinHash.similarity(sig, m.sig());
                    candidates.put(m.id(), s >= threshold ? new Scored(m, s) : null);
                }
            });
        }
        List<Scored> ranked = new ArrayList<>();
        candidates.values().stream().filter(java.util.Objects::nonNull).forEach(ranked::add);
        // best first; equal scores keep the earlier article (as a scan in bucket order did)
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingLong(c -> c.article().t()));
        for (Scored c : ranked) {
            StoryEntry stored = store.get("a:" + c.article().id());
            if (stored != null) {
                return stored.storyId();
            }
        }
        return null;
    }

    /**
     * LSH band hash to the articles in that bucket, newest last, at most MAX_BUCKET each. Most buckets hold
     * one article (60 per article), so a bucket is the article itself until a second one arrives: a list per
     * bucket cost about three times the memory, which a 20,000-article burst inside the window felt. At most
     * {@code maxArticles} are indexed: beyond that the first indexed goes first, so the heap stays bounded
     * however many articles arrive within the window.
     */
    private static final class LshBuckets {
        private final java.util.HashMap<Long, Object> byBand = new java.util.HashMap<>();
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
        void forEach(long band, java.util.function.Consumer<Indexed> action) {
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

    private boolean within(long earlier, long t) {
        return Math.abs(t - earlier) <= windowMs;
    }

    private static EnrichedArticle story(EnrichedArticle a, String storyId, boolean first) {
        return new EnrichedArticle(a.id(), storyId, first, first ? null : storyId, a.sourceId(), a.url(), a.title(),
                a.text(), a.language(), a.tags(), a.publishedAt(), a.fetchedAt(), a.enrichedAt(), a.entities(),
                a.events());
    }

    /**
     * Expiry must not follow stream time directly: a replayed archive arrives out of event-time order,
     * and one late-dated article would push stream time past entries that older articles of the same
     * replay still need (a syndicated copy would then start a story of its own). Instead an entry is
     * purged once stream time had already passed it by the window a full window of wall-clock time
     * ago, so entries live at least one window of processing time, and about two windows when live.
     */
    private void expireByWallClock(long wallClockMs) {
        streamTimeSamples.addLast(new long[] {wallClockMs, context.currentStreamTimeMs()});
        long[] usable = null;
        while (!streamTimeSamples.isEmpty() && streamTimeSamples.peekFirst()[0] <= wallClockMs - windowMs) {
            usable = streamTimeSamples.pollFirst();
        }
        if (usable != null) {
            streamTimeSamples.addFirst(usable); // still the newest sample a window old at the next punctuation
            expire(usable[1]);
        }
    }

    /** Drops entries older than the window before {@code streamTime}. */
    private void expire(long streamTime) {
        long cutoff = streamTime - windowMs;
        List<KeyValue<String, StoryEntry>> changes = new ArrayList<>();
        try (KeyValueIterator<String, StoryEntry> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, StoryEntry> kv = it.next();
                StoryEntry e = kv.value;
                if (e.members() != null) {
                    List<StoryEntry.Member> keep = e.members().stream().filter(m -> m.t() >= cutoff).toList();
                    if (keep.size() != e.members().size()) {
                        changes.add(KeyValue.pair(kv.key, keep.isEmpty() ? null : new StoryEntry(null, e.t(), null, keep)));
                    }
                } else if (e.t() < cutoff) {
                    changes.add(KeyValue.pair(kv.key, null));
                }
            }
        }
        buckets.removeOlderThan(cutoff);
        metrics.indexed(buckets.size());
        for (KeyValue<String, StoryEntry> kv : changes) {
            if (kv.value == null) {
                store.delete(kv.key);
            } else {
                store.put(kv.key, kv.value);
            }
        }
        if (!changes.isEmpty()) {
            LOG.debug("expired or trimmed {} story entries older than {}", changes.size(), cutoff);
        }
    }
}
