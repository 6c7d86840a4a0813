package io.chipwatch.enrich.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Story fingerprints. Shingles are content words in Latin script and character bigrams in CJK
 * text (no spaces to split on; see {@link #shingles}); a MinHash signature of {@value #HASHES} values
 * estimates Jaccard similarity, and LSH splits it into {@value #BANDS} bands of {@value #ROWS} rows, so
 * two texts with Jaccard 0.25 share at least one band with probability ~0.98 (candidates are then
 * verified against the full signature). Syndicated copies and heavy rewrites measured 0.28-0.56;
 * different stories on the same subject 0.10-0.33, and different stories on other subjects below 0.1.
 */
public final class MinHash {
    public static final int BANDS = 60;
    public static final int ROWS = 2;
    public static final int HASHES = BANDS * ROWS;
    private static final long[] SEEDS = new long[HASHES];

    static {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASHES; i++) {
            x += 0x9E3779B97F4A7C15L;
            SEEDS[i] = mix(x);
        }
    }

    private MinHash() {}

    /** Signature of the text, or null when it has no shingles (empty text). */
    public static int[] signature(String text) {
        long[] hashes = shingleHashes(text);
        if (hashes.length == 0) {
            return null;
        }
        int[] sig = new int[HASHES];
        java.util.Arrays.fill(sig, Integer.MAX_VALUE);
        for (long h : hashes) {
            for (int i = 0; i < HASHES; i++) {
                int v = (int) (mix(h ^ SEEDS[i]) >>> 33);
                if (v < sig[i]) {
                    sig[i] = v;
                }
            }
        }
        return sig;
    }

    /** Fraction of equal positions: an estimate of the Jaccard similarity of the shingle sets. */
    public static double similarity(int[] a, int[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0;
        }
        return (double) sameCount(a, b) / a.length;
    }

    /** The number of equal positions of two signatures ({@link #similarity} times the length), 0 when they differ in length. */
    public static int sameCount(int[] a, int[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0;
        }
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same;
    }

    /** LSH band keys as numbers, one per band (the band index is mixed in, so bands never collide). */
    public static long[] bandHashes(int[] sig) {
        long[] out = new long[BANDS];
        for (int b = 0; b < BANDS; b++) {
            long h = b;
            for (int r = 0; r < ROWS; r++) {
                h = mix(h * 31 + sig[b * ROWS + r]);
            }
            out[b] = h;
        }
        return out;
    }

    /**
     * The distinct hashes ({@code fnv}) of {@link #shingles}, computed over the token characters without
     * building the shingle strings: the same values, at a fraction of the cost, since the strings and their
     * set were most of the signature's time.
     */
    static long[] shingleHashes(String text) {
        char[] t = folded(text);
        int len = t.length;
        long[] out = new long[Math.max(16, len / 4)];
        int n = 0;
        int tokens = 0;
        int i = 0;
        while (i < len) {
            char c = t[i];
            int s = i;
            long h;
            if (Text.isCjk(c)) {
                i++;
                tokens++;
                boolean pair = i < len && Text.isCjk(t[i]);
                boolean alone = !pair && (s == 0 || !Text.isCjk(t[s - 1]));
                if (!pair && !alone) {
                    continue;
                }
                h = mix(fnvAppend(FNV_OFFSET, t, s, pair ? i + 1 : i));
            } else if (Character.isLetterOrDigit(c)) {
                while (i < len && Character.isLetterOrDigit(t[i]) && !Text.isCjk(t[i])) {
                    i++;
                }
                tokens++;
                // the stem is a prefix of the word: one pass gives the hash of both
                int stem = stemEnd(t, s, i);
                long stemHash = fnvAppend(FNV_OFFSET, t, s, stem);
                if (java.util.Arrays.binarySearch(STOP_HASHES, mix(fnvAppend(stemHash, t, stem, i))) >= 0) {
                    continue;
                }
                h = mix(stemHash);
            } else {
                i++;
                continue;
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = h;
        }
        if (n == 0 && tokens > 0) {
            out[n++] = mix(allTokens(t));
        }
        java.util.Arrays.sort(out, 0, n);
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || out[k] != out[k - 1]) {
                out[distinct++] = out[k];
            }
        }
        return java.util.Arrays.copyOf(out, distinct);
    }

    /** {@link Text#lowerChars} as an array: per-char lower case, without the string (no script folding: stored signatures stay comparable). */
    private static char[] folded(String text) {
        char[] t = new char[text.length()];
        text.getChars(0, t.length, t, 0);
        for (int i = 0; i < t.length; i++) {
            t[i] = Character.toLowerCase(t[i]);
        }
        return t;
    }

    /**
     * The unmixed FNV-1a of all tokens of {@link #shingleHashes} (each CJK character, each Latin word), joined
     * by single spaces: the one shingle of a text of function words only (as {@link #shingles} joins them).
     */
    private static long allTokens(char[] t) {
        long h = FNV_OFFSET;
        boolean first = true;
        int i = 0;
        while (i < t.length) {
            char c = t[i];
            int s = i;
            if (Text.isCjk(c)) {
                i++;
            } else if (Character.isLetterOrDigit(c)) {
                while (i < t.length && Character.isLetterOrDigit(t[i]) && !Text.isCjk(t[i])) {
                    i++;
                }
            } else {
                i++;
                continue;
            }
            if (!first) {
                h = (h ^ ' ') * 0x100000001b3L;
            }
            first = false;
            h = fnvAppend(h, t, s, i);
        }
        return h;
    }

    /** FNV-1a of {@code t[from, to)} continued from {@code h}. */
    private static long fnvAppend(long h, char[] t, int from, int to) {
        for (int i = from; i < to; i++) {
            h ^= t[i];
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** {@link #stemEnd(String, int, int)} over an array. */
    private static int stemEnd(char[] t, int from, int to) {
        int end = to;
        if (end - from > 4 && t[end - 1] == 's') {
            end--;
        }
        if (end - from > 5 && t[end - 2] == 'e' && t[end - 1] == 'd') {
            end -= 2;
        }
        if (end - from > 5 && t[end - 3] == 'i' && t[end - 2] == 'n' && t[end - 1] == 'g') {
            end -= 3;
        }
        return end;
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    /** FNV-1a of {@code t[from, to)} continued from {@code h}, a space first when {@code space}. */
    private static long fnvAppend(long h, String t, int from, int to, boolean space) {
        if (space) {
            h ^= ' ';
            h *= 0x100000001b3L;
        }
        for (int i = from; i < to; i++) {
            h ^= t.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Function words carry no story: a rewrite swaps "the" and "has" freely, and as shingles they only
     * dilute the overlap of the words that name what happened.
     */
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "of", "to", "in", "and", "or", "for", "on",
            "at", "by", "with", "from", "as", "is", "was", "were", "be", "been", "are", "its", "it", "that", "this",
            "which", "who", "said", "says", "say", "has", "have", "had", "will", "would", "could", "not", "but", "than",
            "more", "about", "after", "before", "over", "into", "their", "they", "he", "she", "his", "her", "also", "up",
            "out", "new", "per", "cent", "percent", "one", "two", "three");
    /** {@code fnv} of each stop word, sorted: looked up per word without boxing a Long. */
    private static final long[] STOP_HASHES = STOP_WORDS.stream().mapToLong(MinHash::fnv).sorted().toArray();

    /**
     * End of the word's stem: a plural "s", then "ed" or "ing", cut from long enough words, so that a rewrite's
     * "approved licences" meets the original's "approves licence" (a light fold, not a stemmer: only what
     * rewording changes most).
     */
    private static int stemEnd(String t, int from, int to) {
        int end = to;
        if (end - from > 4 && t.charAt(end - 1) == 's') {
            end--;
        }
        if (end - from > 5 && t.charAt(end - 2) == 'e' && t.charAt(end - 1) == 'd') {
            end -= 2;
        }
        if (end - from > 5 && t.charAt(end - 3) == 'i' && t.charAt(end - 2) == 'n' && t.charAt(end - 1) == 'g') {
            end -= 3;
        }
        return end;
    }

    /**
     * The shingles: content words of Latin-script runs (function words dropped, the stem of the rest, see
     * {@link #stemEnd}) and character bigrams of CJK runs (a lone CJK character stands for itself), over
     * case-folded text; a text of function words only is one shingle of all its tokens.
     *
     * <p>Words, not word bigrams: a syndicated rewrite keeps the words that say what happened but rephrases
     * and reorders them, and a heavy rewrite shared few bigrams with its original (Jaccard 0.14-0.24, no more
     * than two different smuggling cases in the same week); on words, rewrites measured 0.28-0.53 and
     * different stories on the same subject 0.10-0.33, which the distinguishing features ({@link StoryFeatures})
     * tell apart from rewrites.
     */
    static Set<String> shingles(String text) {
        String t = Text.lowerChars(text);
        Set<String> out = new LinkedHashSet<>();
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            int s = i;
            if (Text.isCjk(c)) {
                i++;
                tokens.add(String.valueOf(c));
                if (i < t.length() && Text.isCjk(t.charAt(i))) {
                    out.add(t.substring(s, i + 1));
                } else if (s == 0 || !Text.isCjk(t.charAt(s - 1))) {
                    out.add(t.substring(s, i));
                }
            } else if (Character.isLetterOrDigit(c)) {
                while (i < t.length() && Character.isLetterOrDigit(t.charAt(i)) && !Text.isCjk(t.charAt(i))) {
                    i++;
                }
                String w = t.substring(s, i);
                tokens.add(w);
                if (!STOP_WORDS.contains(w)) {
                    out.add(t.substring(s, stemEnd(t, s, i)));
                }
            } else {
                i++;
            }
        }
        if (out.isEmpty() && !tokens.isEmpty()) {
            out.add(String.join(" ", tokens));
        }
        return out;
    }

    /** SHA-256 (hex) of the text with case and whitespace folded: the exact-duplicate key. */
    public static String exactKey(String text) {
        String folded = collapseWhitespace(Text.lower(text)).trim();
        if (folded.isEmpty()) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(folded.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    /** What {@code replaceAll("\\s+", " ")} does, without a regex: each run of [ \t\n\x0B\f\r] becomes one space. */
    private static String collapseWhitespace(String s) {
        char[] out = new char[s.length()];
        s.getChars(0, out.length, out, 0);
        int n = 0;
        boolean inRun = false;
        for (int i = 0; i < out.length; i++) {
            char c = out[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                if (!inRun) {
                    out[n++] = ' ';
                    inRun = true;
                }
            } else {
                out[n++] = c;
                inRun = false;
            }
        }
        return new String(out, 0, n);
    }

    static long fnv(String s) {
        return mix(fnvAppend(FNV_OFFSET, s, 0, s.length(), false));
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
