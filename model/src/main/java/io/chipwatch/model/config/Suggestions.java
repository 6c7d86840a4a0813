package io.chipwatch.model.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean ...?": the known name nearest to a misspelled one, by edit distance. */
public final class Suggestions {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {}

    /**
     * The candidate nearest to {@code typed} (case-insensitive), if it is near enough to be a typo:
     * at most a third of the longer name's length apart, or one name a prefix of the other.
     */
    public static Optional<String> nearest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = DISTANCE.apply(t, lc);
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String lb = best.toLowerCase(Locale.ROOT);
        boolean near = bestDistance <= Math.max(2, Math.max(t.length(), lb.length()) / 3) || lb.startsWith(t) || t.startsWith(lb);
        return near ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean X?)"} or the empty string. */
    public static String didYouMean(String typed, Collection<String> candidates) {
        return nearest(typed, candidates).map(s -> " (did you mean " + s + "?)").orElse("");
    }
}
