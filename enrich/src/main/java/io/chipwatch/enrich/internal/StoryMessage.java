package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;
import java.util.List;
import java.util.Objects;

/**
 * The messages of partitioned story dedup, on the internal topic {@code <application.id>-story}
 * (binary, {@link StoryCodec}). Every message names the partition it is for ({@link #partition}); one
 * task per partition plays two roles, see {@link StoryPartition}: the <em>band</em> role for the LSH
 * bands (and exact-text keys) that hash to it, and the <em>home</em> role for the articles whose id
 * hashes to it.
 */
public sealed interface StoryMessage {

    /** The partition this message is for, of {@code partitions}. */
    int partition(int partitions);

    /**
     * From the enrich step to a band partition: the article's bands (and exact-text key) that live there and, when it
     * has bands there, its signature and features, so the band partition can test its candidates as the home would.
     * A lookup without a signature (written by versions before it, or an article without bands there) gets its
     * candidates unscored.
     */
    record Lookup(String id, String nonce, long t, int bandPartition, long[] bands, String exactKey, int[] sig,
                  StoryFeatures features) implements StoryMessage {
        public Lookup {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(bands, "bands");
        }

        /** A lookup without signature and features (as versions before them wrote it). */
        public Lookup(String id, String nonce, long t, int bandPartition, long[] bands, String exactKey) {
            this(id, nonce, t, bandPartition, bands, exactKey, null, null);
        }

        @Override
        public int partition(int partitions) {
            return bandPartition;
        }
    }

    /**
     * From the enrich step to the article's home: the article, its signature and features. One lookup
     * went to every partition with it (most articles have bands on all of them), so the home knows how
     * many candidate lists to wait for. The nonce tells deliveries of the same article id apart (the
     * input partition and offset), so a re-published article is decided on its own.
     */
    record Article(EnrichedArticle article, String nonce, long t, int[] sig, StoryFeatures features) implements StoryMessage {
        public Article {
            Objects.requireNonNull(article, "article");
        }

        @Override
        public int partition(int partitions) {
            return StoryRouting.home(article.id(), partitions);
        }
    }

    /**
     * From a band partition to the article's home: earlier articles sharing a band there that match the article (each
     * with its similarity), or that could not be tested there (unscored), and the first of its exact text.
     */
    record Candidates(String id, String nonce, int fromPartition, List<Candidate> candidates) implements StoryMessage {
        public Candidates {
            candidates = List.copyOf(candidates);
        }

        @Override
        public int partition(int partitions) {
            return StoryRouting.home(id, partitions);
        }
    }

    /**
     * From an article's home to the home of some of its candidates: their stories, and the test of the unscored ones
     * against the asker. Without unscored candidates it carries no signature and features (null).
     */
    record Score(String askerId, String askerNonce, long askerT, int[] askerSig, StoryFeatures askerFeatures, int fromHome, int home,
                 List<Candidate> candidates) implements StoryMessage {
        public Score {
            candidates = List.copyOf(candidates);
        }

        @Override
        public int partition(int partitions) {
            return home;
        }
    }

    /** From a candidates' home back to the asker's home: the best match there, or none. */
    record Reply(String askerId, String askerNonce, int fromHome, Match best) implements StoryMessage {
        @Override
        public int partition(int partitions) {
            return StoryRouting.home(askerId, partitions);
        }
    }

    /**
     * An earlier article that shares a band (or, {@code exact}, the whole normalised text) with the asker. {@code score}
     * is its similarity with the asker when the band partition tested it (within the window, above the threshold, no
     * feature conflict: a match but for its story), NaN when it did not (the lookup or the filed entry had no
     * signature: written by an earlier version) and for exact candidates; an unscored candidate is tested at its home.
     */
    record Candidate(String id, long t, boolean exact, double score) {
        /** An unscored candidate. */
        public Candidate(String id, long t, boolean exact) {
            this(id, t, exact, Double.NaN);
        }

        /** Whether the band partition tested it already (and found it a match). */
        public boolean scored() {
            return !Double.isNaN(score);
        }
    }

    /** A candidate that is the same story: its story id, and what ranks it. */
    record Match(String id, long t, double score, boolean exact, String storyId) {
        /** Exact text first, then higher similarity, then the earlier article, then the smaller id. */
        public boolean betterThan(Match other) {
            if (other == null) {
                return true;
            }
            if (exact != other.exact) {
                return exact;
            }
            if (score != other.score) {
                return score > other.score;
            }
            if (t != other.t) {
                return t < other.t;
            }
            return id.compareTo(other.id) < 0;
        }
    }
}
