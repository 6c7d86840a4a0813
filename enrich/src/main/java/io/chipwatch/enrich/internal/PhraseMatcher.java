package io.chipwatch.enrich.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule phrase matched at a given position without {@code java.util.regex}: the same language as the
 * regex {@link Term#compile} builds (alternatives, inflections, prefixes, optional inner hyphens, word
 * and CJK joins, gaps, the trailing word boundary), tried in the regex's own order of preference, so
 * the match is the regex's. Creating and resetting a regex matcher at every anchor position of every
 * sentence was the largest cost of classification; {@code TermLiteralTest} checks this against the
 * regex at every anchor position of the sample and development articles.
 */
final class PhraseMatcher {
    /** How two words are joined: {@code [\s-]+}, {@code \s*}, a gap of up to 6 words, or of up to 15 characters. */
    enum Join { LATIN, CJK, LATIN_GAP, CJK_GAP }

    private static final int GAP_WORDS = 6;
    private static final int GAP_CHARS = 15;

    /**
     * One alternative of a word: literal parts with an optional space or hyphen between them
     * ("state-funded"), the last one optionally followed by Latin letters (a {@code word*} prefix).
     * {@code optionalBefore}/{@code optionalAfter}: a leading or trailing hyphen ("-based").
     */
    record Alternative(String[] parts, boolean optionalBefore, boolean optionalAfter, boolean prefix) {}

    private final Alternative[][] words;
    private final Join[] joins;
    private final boolean latinEnd;

    private PhraseMatcher(Alternative[][] words, Join[] joins, boolean latinEnd) {
        this.words = words;
        this.joins = joins;
        this.latinEnd = latinEnd;
    }

    /** The matcher of a phrase (same parsing as {@link Term#compile}, which reports its errors). */
    static PhraseMatcher of(String phrase) {
        String[] tokens = Text.lower(phrase).trim().split("\\s+");
        List<Alternative[]> words = new ArrayList<>();
        List<Join> joins = new ArrayList<>();
        String prev = null;
        boolean gap = false;
        for (String tok : tokens) {
            if (tok.equals("...")) {
                gap = true;
                continue;
            }
            if (prev != null) {
                boolean latin = Text.isWordChar(Term.lastCharOf(prev)) && Text.isWordChar(tok.charAt(0));
                joins.add(gap ? (latin ? Join.LATIN_GAP : Join.CJK_GAP) : (latin ? Join.LATIN : Join.CJK));
            }
            words.add(alternatives(tok));
            prev = tok;
            gap = false;
        }
        return new PhraseMatcher(words.toArray(Alternative[][]::new), joins.toArray(Join[]::new),
                Text.isWordChar(Term.lastCharOf(prev)));
    }

    private static Alternative[] alternatives(String tok) {
        List<Alternative> out = new ArrayList<>();
        for (String alt : tok.split("/")) {
            if (alt.isEmpty()) {
                continue;
            }
            if (alt.endsWith("~")) {
                for (String form : Term.inflections(alt.substring(0, alt.length() - 1))) {
                    out.add(literal(form, false));
                }
            } else if (alt.endsWith("*")) {
                out.add(literal(alt.substring(0, alt.length() - 1), true));
            } else {
                out.add(literal(alt, false));
            }
        }
        return out.toArray(Alternative[]::new);
    }

    private static Alternative literal(String s, boolean prefix) {
        String[] raw = s.split("-", -1);
        List<String> parts = new ArrayList<>();
        for (String p : raw) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return new Alternative(parts.toArray(String[]::new), raw.length > 1 && raw[0].isEmpty(),
                raw.length > 1 && raw[raw.length - 1].isEmpty(), prefix);
    }

    /** End of the match starting at {@code at} (the leading word boundary already checked), or -1. */
    int matchAt(String s, int at) {
        return word(s, 0, at);
    }

    private int word(String s, int w, int at) {
        for (Alternative a : words[w]) {
            int end = alternative(s, a, w, at);
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    /** One alternative at {@code at}, then the rest of the phrase; -1 when no way through works. */
    private int alternative(String s, Alternative a, int w, int at) {
        int p = at;
        if (a.optionalBefore() && p < s.length() && isSeparator(s.charAt(p))) {
            int end = partsFrom(s, a, 0, p + 1, w);
            if (end >= 0) {
                return end;
            }
        }
        if (a.parts().length == 0) {
            return afterWord(s, a, w, p);
        }
        return partsFrom(s, a, 0, p, w);
    }

    private int partsFrom(String s, Alternative a, int i, int p, int w) {
        String[] parts = a.parts();
        if (i == parts.length) {
            return afterWord(s, a, w, p);
        }
        if (!s.startsWith(parts[i], p)) {
            return -1;
        }
        int end = p + parts[i].length();
        if (i + 1 < parts.length) {
            // [\s-]? before the next part: the part starts with neither, so take it exactly when present
            if (end < s.length() && isSeparator(s.charAt(end))) {
                int r = partsFrom(s, a, i + 1, end + 1, w);
                if (r >= 0) {
                    return r;
                }
            }
            return partsFrom(s, a, i + 1, end, w);
        }
        if (a.prefix()) {
            int max = end;
            while (max < s.length() && isLatin(s, max)) {
                max += Character.charCount(s.codePointAt(max));
            }
            for (int q = max; ; q = previous(s, q, end)) {
                int r = afterWord(s, a, w, q);
                if (r >= 0) {
                    return r;
                }
                if (q == end) {
                    return -1;
                }
            }
        }
        return afterWord(s, a, w, end);
    }

    private static int previous(String s, int q, int floor) {
        int back = q - 1;
        if (back > floor && Character.isLowSurrogate(s.charAt(back)) && Character.isHighSurrogate(s.charAt(back - 1))) {
            back--;
        }
        return back;
    }

    /** After the word's literal: its optional trailing hyphen, then the join and the next word, or the end. */
    private int afterWord(String s, Alternative a, int w, int p) {
        if (a.optionalAfter() && p < s.length() && isSeparator(s.charAt(p))) {
            int r = next(s, w, p + 1);
            if (r >= 0) {
                return r;
            }
        }
        return next(s, w, p);
    }

    private int next(String s, int w, int p) {
        if (w == words.length - 1) {
            return !latinEnd || p >= s.length() || !latinOrDigit(s, p) ? p : -1;
        }
        return switch (joins[w]) {
            case LATIN -> separators(s, w + 1, p, true);
            case CJK -> spaces(s, w + 1, p);
            case LATIN_GAP -> latinGap(s, w + 1, p, 0);
            case CJK_GAP -> cjkGap(s, w + 1, p);
        };
    }

    /** {@code [\s-]+} (greedy, at least one when {@code required}) then word {@code w}. */
    private int separators(String s, int w, int p, boolean required) {
        int max = p;
        while (max < s.length() && isSeparator(s.charAt(max))) {
            max++;
        }
        for (int q = max; q >= (required ? p + 1 : p); q--) {
            int r = word(s, w, q);
            if (r >= 0) {
                return r;
            }
        }
        return -1;
    }

    /** {@code \s*} (greedy) then word {@code w}. */
    private int spaces(String s, int w, int p) {
        int max = p;
        while (max < s.length() && isSpace(s.charAt(max))) {
            max++;
        }
        for (int q = max; q >= p; q--) {
            int r = word(s, w, q);
            if (r >= 0) {
                return r;
            }
        }
        return -1;
    }

    /** {@code (?:[\s-]+\S+){0,6}?[\s-]+} then word {@code w}: fewest skipped words first. */
    private int latinGap(String s, int w, int p, int skipped) {
        int r = separators(s, w, p, true);
        if (r >= 0 || skipped == GAP_WORDS) {
            return r;
        }
        int maxSep = p;
        while (maxSep < s.length() && isSeparator(s.charAt(maxSep))) {
            maxSep++;
        }
        for (int q = maxSep; q >= p + 1; q--) {
            int maxWord = q;
            while (maxWord < s.length() && !isSpace(s.charAt(maxWord))) {
                maxWord++;
            }
            for (int e = maxWord; e >= q + 1; e--) {
                r = latinGap(s, w, e, skipped + 1);
                if (r >= 0) {
                    return r;
                }
            }
        }
        return -1;
    }

    /** {@code .{0,15}?} (any characters but line terminators, fewest first) then word {@code w}. */
    private int cjkGap(String s, int w, int p) {
        int q = p;
        for (int k = 0; k <= GAP_CHARS; k++) {
            int r = word(s, w, q);
            if (r >= 0) {
                return r;
            }
            if (q >= s.length() || isLineTerminator(s.charAt(q))) {
                return -1;
            }
            q += Character.charCount(s.codePointAt(q));
        }
        return -1;
    }

    /** {@code \s} of java.util.regex (without UNICODE_CHARACTER_CLASS). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isSeparator(char c) {
        return c == '-' || isSpace(c);
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static boolean isLatin(String s, int i) {
        return Scripts.isLatin(s.codePointAt(i));
    }

    private static boolean latinOrDigit(String s, int i) {
        int cp = s.codePointAt(i);
        return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER || Scripts.isLatin(cp);
    }
}
