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
 * Story fingerprints. Shingles are word bigrams in Latin script and character trigrams in CJK
 * text (no spaces to split on); a MinHash signature of {@value #HASHES} values estimates Jaccard
 * similarity, and LSH splits it into {@value #BANDS} bands of {@value #ROWS} rows, so two texts with
 * Jaccard 0.3 share at least one band with probability ~0.996 (candidates are then verified against
 * the full signature). Syndicated copies with different boilerplate measured 0.38-0.49; different
 * stories on the same subject about 0.06.
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
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return (double) same / a.length;
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
     * building the shingle strings: the same values (so stored signatures stay comparable), at a fraction
     * of the cost, since the strings and their set were most of the signature's time.
     */
    static long[] shingleHashes(String text) {
        String t = Text.fold(text);
        int[] starts = new int[64];
        int[] ends = new int[64];
        boolean[] cjk = new boolean[64];
        int tokens = 0;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            int s = i;
            boolean isCjk = Text.isCjk(c);
            if (isCjk) {
                i++;
            } else if (Character.isLetterOrDigit(c)) {
                while (i < t.length() && Character.isLetterOrDigit(t.charAt(i)) && !Text.isCjk(t.charAt(i))) {
                    i++;
                }
            } else {
                i++;
                continue;
            }
            if (tokens == starts.length) {
                starts = java.util.Arrays.copyOf(starts, tokens * 2);
                ends = java.util.Arrays.copyOf(ends, tokens * 2);
                cjk = java.util.Arrays.copyOf(cjk, tokens * 2);
            }
            starts[tokens] = s;
            ends[tokens] = i;
            cjk[tokens] = isCjk;
            tokens++;
        }
        long[] out = new long[Math.max(1, tokens)];
        int n = 0;
        for (int k = 0; k < tokens; k++) {
            int len = cjk[k] ? 3 : 2;
            if (k + len <= tokens) {
                out[n++] = fnv(t, starts, ends, k, len);
            }
        }
        if (n == 0 && tokens > 0) {
            out[n++] = fnv(t, starts, ends, 0, tokens);
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

    /** {@code fnv} of tokens {@code from .. from+count-1} joined with single spaces. */
    private static long fnv(String t, int[] starts, int[] ends, int from, int count) {
        long h = 0xcbf29ce484222325L;
        for (int k = from; k < from + count; k++) {
            if (k > from) {
                h ^= ' ';
                h *= 0x100000001b3L;
            }
            for (int i = starts[k]; i < ends[k]; i++) {
                h ^= t.charAt(i);
                h *= 0x100000001b3L;
            }
        }
        return mix(h);
    }

    /** Word bigrams for Latin-script runs, character trigrams for CJK runs, over case-folded text. */
    static Set<String> shingles(String text) {
        List<String> tokens = new ArrayList<>();
        List<Boolean> cjk = new ArrayList<>();
        String t = Text.fold(text);
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (Text.isCjk(c)) {
                tokens.add(String.valueOf(c));
                cjk.add(true);
                i++;
            } else if (Character.isLetterOrDigit(c)) {
                int s = i;
                while (i < t.length() && Character.isLetterOrDigit(t.charAt(i)) && !Text.isCjk(t.charAt(i))) {
                    i++;
                }
                tokens.add(t.substring(s, i));
                cjk.add(false);
            } else {
                i++;
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (int k = 0; k < tokens.size(); k++) {
            int n = cjk.get(k) ? 3 : 2;
            if (k + n <= tokens.size()) {
                out.add(String.join(" ", tokens.subList(k, k + n)));
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
        StringBuilder sb = new StringBuilder(s.length());
        boolean inRun = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                if (!inRun) {
                    sb.append(' ');
                    inRun = true;
                }
            } else {
                sb.append(c);
                inRun = false;
            }
        }
        return sb.toString();
    }

    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
