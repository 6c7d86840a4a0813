package io.chipwatch.enrich.internal;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the anchors of a rule set's phrases (the literal start of each phrase, see
 * {@link Term#anchors}) occur in a folded sentence, found in one Aho-Corasick pass. Without it every
 * phrase ran its own {@code indexOf} scans over every sentence it was tried on: with over 1,300
 * phrases that was the largest part of event classification.
 *
 * <p>Anchors get process-wide ids ({@link #id}) so a phrase can carry them; an index answers only for
 * the anchors it was built with, so a classifier builds one from all phrases of its own rules.
 */
final class AnchorIndex {
    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final AhoCorasickDoubleArrayTrie<Integer> trie = new AhoCorasickDoubleArrayTrie<>();
    private final int maxId;

    AnchorIndex(Collection<String> anchors) {
        TreeMap<String, Integer> byAnchor = new TreeMap<>();
        for (String a : anchors) {
            byAnchor.put(a, id(a));
        }
        if (byAnchor.isEmpty()) {
            throw new IllegalArgumentException("no anchors to index");
        }
        trie.build(byAnchor);
        maxId = byAnchor.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The process-wide id of an anchor string. */
    static int id(String anchor) {
        return IDS.computeIfAbsent(anchor, a -> NEXT_ID.getAndIncrement());
    }

    /** Every occurrence of every indexed anchor in {@code folded}. */
    Hits scan(String folded) {
        Hits hits = new Hits(maxId);
        trie.parseText(folded, (AhoCorasickDoubleArrayTrie.IHit<Integer>) (begin, end, anchorId) -> hits.add(anchorId, begin));
        hits.seal();
        return hits;
    }

    /** Occurrences in one text, sorted by anchor id, then position. */
    static final class Hits {
        private long[] packed = new long[64]; // anchor id << 32 | begin
        private int n;
        /** Bit set of the anchor ids that occur: most lookups are for absent anchors and stop here. */
        private final long[] present;

        private Hits(int maxId) {
            present = new long[(maxId >>> 6) + 1];
        }

        private void add(int anchorId, int begin) {
            present[anchorId >>> 6] |= 1L << anchorId;
            if (n == packed.length) {
                packed = Arrays.copyOf(packed, n * 2);
            }
            packed[n++] = ((long) anchorId << 32) | begin;
        }

        private void seal() {
            Arrays.sort(packed, 0, n);
        }

        /**
         * Where the positions of one anchor lie in the packed hits: {@code start << 32 | end} for
         * {@link #positionAt}, ascending positions, empty ({@code 0}) when the anchor does not occur.
         */
        long run(int anchorId) {
            if ((anchorId >>> 6) >= present.length || (present[anchorId >>> 6] & (1L << anchorId)) == 0) {
                return 0L;
            }
            int lo = firstOf(anchorId);
            int hi = lo;
            while (hi < n && (int) (packed[hi] >>> 32) == anchorId) {
                hi++;
            }
            return ((long) lo << 32) | hi;
        }

        /** The position of the packed hit at {@code index} (see {@link #run}). */
        int positionAt(int index) {
            return (int) packed[index];
        }

        /** Whether any anchor of the bit set (by anchor id) occurs. */
        boolean anyPresent(long[] mask) {
            int n = Math.min(mask.length, present.length);
            for (int i = 0; i < n; i++) {
                if ((mask[i] & present[i]) != 0) {
                    return true;
                }
            }
            return false;
        }

        /** ORs {@code byId[id]} into {@code into} for every anchor id that occurs (a null or missing row adds nothing). */
        void orPresent(long[][] byId, long[] into) {
            for (int w = 0; w < present.length; w++) {
                for (long bits = present[w]; bits != 0; bits &= bits - 1) {
                    int id = (w << 6) + Long.numberOfTrailingZeros(bits);
                    long[] row = id < byId.length ? byId[id] : null;
                    for (int i = 0; row != null && i < row.length; i++) {
                        into[i] |= row[i];
                    }
                }
            }
        }

        /** Positions where any of these anchors occurs, ascending, without repeats (empty when none). */
        int[] positions(int[] anchorIds) {
            int[] out = null;
            int count = 0;
            for (int id : anchorIds) {
                if ((id >>> 6) >= present.length || (present[id >>> 6] & (1L << id)) == 0) {
                    continue;
                }
                int i = firstOf(id);
                for (; i < n && (int) (packed[i] >>> 32) == id; i++) {
                    if (out == null) {
                        out = new int[4];
                    } else if (count == out.length) {
                        out = Arrays.copyOf(out, count * 2);
                    }
                    out[count++] = (int) packed[i];
                }
            }
            if (out == null) {
                return Term.Phrase.NONE;
            }
            return sortedDistinct(out, count);
        }

        private static int[] sortedDistinct(int[] values, int count) {
            Arrays.sort(values, 0, count);
            int distinct = 0;
            for (int i = 0; i < count; i++) {
                if (i == 0 || values[i] != values[i - 1]) {
                    values[distinct++] = values[i];
                }
            }
            return Arrays.copyOf(values, distinct);
        }

        /** Index of the first entry of this anchor id (binary search on the sorted packed values). */
        private int firstOf(int id) {
            int lo = 0;
            int hi = n;
            long key = (long) id << 32;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (packed[mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
