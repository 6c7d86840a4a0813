package io.chipwatch.web.internal;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Word-bigram Jaccard similarity of two texts (character bigrams for text without spaces, such as
 * Chinese), to show on a story page how close a folded duplicate is to the story's first article. The
 * enrich service decides duplicates with MinHash over the same kind of shingles; this is the exact
 * value its estimate approximates, computed only for display.
 */
final class Similarity {
    private Similarity() {}

    static double jaccard(String a, String b) {
        Set<String> x = shingles(a);
        Set<String> y = shingles(b);
        if (x.isEmpty() && y.isEmpty()) {
            return 1.0;
        }
        Set<String> inter = new HashSet<>(x);
        inter.retainAll(y);
        return (double) inter.size() / (x.size() + y.size() - inter.size());
    }

    static Set<String> shingles(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String[] words = t.split("[^\\p{L}\\p{N}]+");
        Set<String> out = new HashSet<>();
        String prev = null;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
                for (int i = 0; i + 1 < w.length(); i++) {
                    out.add(w.substring(i, i + 2));
                }
                prev = null;
                continue;
            }
            if (prev != null) {
                out.add(prev + " " + w);
            }
            prev = w;
        }
        return out;
    }
}
