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
        Set<String> shingles = shingles(text);
        if (shingles.isEmpty()) {
            return null;
        }
        int[] sig = new int[HASHES];
        java.util.Arrays.fill(sig, Integer.MAX_VALUE);
        for (String s : shingles) {
            long h = fnv(s);
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

    /** LSH band keys ("band:hash"), one per band. */
    public static List<String> bandKeys(int[] sig) {
        List<String> keys = new ArrayList<>(BANDS);
        for (int b = 0; b < BANDS; b++) {
            long h = b;
            for (int r = 0; r < ROWS; r++) {
                h = mix(h * 31 + sig[b * ROWS + r]);
            }
            keys.add(b + ":" + Long.toHexString(h));
        }
        return keys;
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
        String folded = Text.lower(text).replaceAll("\\s+", " ").trim();
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

    private static long fnv(String s) {
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
