package io.chipwatch.enrich.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Matcher#find()} of a pattern, tried only where a match can start. {@code find} attempts the whole
 * pattern (every alternative, each behind its lookbehind) at every position of the text, which made the date
 * patterns of the story features and of salience most of their callers' time; when a cheap test of one
 * character says where a match may start (a digit, a month's first letter), {@code lookingAt} at those
 * positions only, leftmost first and on from the end of each match, finds the very same matches: the region
 * moves, but with transparent bounds the lookbehinds still see the text before it.
 */
final class SparseFind {
    /** Whether a match of the pattern may start at {@code s[i]}: must hold wherever one can. */
    @FunctionalInterface
    interface StartTest {
        boolean mayStart(String s, int i);
    }

    /** What is done with each match (the matcher is positioned on it; do not move it). */
    @FunctionalInterface
    interface MatchAction {
        void accept(Matcher m);
    }

    private SparseFind() {}

    /** Every match {@code pattern.matcher(s).find()} would give, in order, to {@code action}. */
    static void forEach(Pattern pattern, String s, StartTest mayStart, MatchAction action) {
        Matcher m = null;
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (mayStart.mayStart(s, i)) {
                if (m == null) {
                    m = pattern.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(i, n);
                if (m.lookingAt()) {
                    action.accept(m);
                    i = m.end() > i ? m.end() : i + 1;
                    continue;
                }
            }
            i++;
        }
    }

    /**
     * {@link #forEach} with the positions where a match may start given, ascending ({@code starts[0, count)}):
     * a caller that finds the starts of several patterns in one pass over the text tries each only there.
     */
    static void forEachAt(Pattern pattern, String s, int[] starts, int count, MatchAction action) {
        if (count == 0) {
            return;
        }
        Matcher m = pattern.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        int n = s.length();
        int i = 0;
        for (int k = 0; k < count; k++) {
            int at = starts[k];
            if (at < i) {
                continue;
            }
            m.region(at, n);
            if (m.lookingAt()) {
                action.accept(m);
                i = m.end() > at ? m.end() : at + 1;
            }
        }
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** An ASCII digit that does not follow one: where a pattern starting {@code (?<!\d)\d} may match. */
    static boolean digitRunStart(String s, int i) {
        return isAsciiDigit(s.charAt(i)) && (i == 0 || !isAsciiDigit(s.charAt(i - 1)));
    }
}
