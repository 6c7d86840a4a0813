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
 * exact text ({@code x:<sha256>}); the LSH buckets live in memory and are rebuilt from the
 * {@code a:} entries whenever the task is (re)initialised, e.g. after a restore. Keeping the 60
 * buckets per article out of the store saves 60 read-modify-writes, each a changelog record inside
 * the exactly-once transaction. A bucket entry whose article is missing from the store (its
 * transaction aborted) is simply skipped.
 */
public final class StoryDedupProcessor implements Processor<String, EnrichedArticle, String, EnrichedArticle> {
    public static final String STORE = "chipwatch-story-fingerprints";
    static final int MAX_BUCKET = 32;
    private static final Logger LOG = LoggerFactory.getLogger(StoryDedupProcessor.class);

    private final long windowMs;
    private final double threshold;
    private ProcessorContext<String, EnrichedArticle> context;
    private KeyValueStore<String, StoryEntry> store;
    /** LSH band key to the articles (id, event time) in it, newest last; at most MAX_BUCKET each. */
    private final java.util.Map<String, List<StoryEntry.Member>> buckets = new java.util.HashMap<>();
    /** (wall clock, stream time) samples, one per punctuation, oldest first. */
    private final java.util.ArrayDeque<long[]> streamTimeSamples = new java.util.ArrayDeque<>();

    public StoryDedupProcessor(Duration window, double threshold) {
        this.windowMs = window.toMillis();
        this.threshold = threshold;
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

    /** Rebuilds the in-memory LSH index from the stored signatures; drops bucket entries of older versions. */
    private void rebuildBuckets() {
        buckets.clear();
        List<String> legacy = new ArrayList<>();
        int articles = 0;
        try (KeyValueIterator<String, StoryEntry> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, StoryEntry> kv = it.next();
                if (kv.key.startsWith("b:")) {
                    legacy.add(kv.key);
                } else if (kv.key.startsWith("a:") && kv.value != null && kv.value.sig() != null) {
                    articles++;
                    for (String band : MinHash.bandKeys(kv.value.sig())) {
                        addToBucket(band, kv.key.substring(2), kv.value.t());
                    }
                }
            }
        }
        legacy.forEach(store::delete);
        LOG.debug("story dedup index rebuilt from {} articles", articles);
    }

    private EnrichedArticle assign(EnrichedArticle a, long t) {
        StoryEntry same = store.get("a:" + a.id());
        if (same != null) {
            return story(a, same.storyId(), false);
        }
        String exactKey = MinHash.exactKey(a.title() + "\n" + a.text());
        int[] sig = MinHash.signature(a.title() + "\n" + a.text());
        List<String> bands = sig == null ? List.of() : MinHash.bandKeys(sig);
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
        for (String band : bands) {
            addToBucket(band, a.id(), t);
        }
        return story(a, storyId, first);
    }

    private String nearest(String id, int[] sig, List<String> bands, long t) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String band : bands) {
            for (StoryEntry.Member m : buckets.getOrDefault(band, List.of())) {
                if (within(m.t(), t) && !m.id().equals(id)) {
                    candidates.add(m.id());
                }
            }
        }
        String best = null;
        double bestScore = threshold;
        for (String c : candidates) {
            StoryEntry e = store.get("a:" + c);
            if (e == null || e.sig() == null) {
                continue;
            }
            double s = MinHash.similarity(sig, e.sig());
            if (s >= bestScore) {
                bestScore = s;
                best = e.storyId();
            }
        }
        return best;
    }

    private void addToBucket(String band, String id, long t) {
        List<StoryEntry.Member> members = buckets.computeIfAbsent(band, k -> new ArrayList<>(2));
        members.add(new StoryEntry.Member(id, t));
        if (members.size() > MAX_BUCKET) {
            // keep the newest by event time, as the stored buckets did
            members.sort(Comparator.comparingLong(StoryEntry.Member::t).reversed());
            members.subList(MAX_BUCKET, members.size()).clear();
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
        buckets.values().forEach(members -> members.removeIf(m -> m.t() < cutoff));
        buckets.values().removeIf(List::isEmpty);
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
