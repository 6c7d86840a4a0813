package io.chipwatch.enrich.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sentence splitting for normalised English and Chinese text. English: ".", "!" and "?" end a
 * sentence only before whitespace, so decimals (3.5) and "U.S.-made" stay whole, and known
 * abbreviations ("U.S.", "Inc.", "Dr.") and initials do not end one. Chinese: 。！？； end a sentence
 * with or without a following space (NFKC has turned ！？； into ASCII, so those count after CJK).
 * Blank lines always end a sentence; a single line break does too unless it looks like hard wrapping
 * (a long line ending without punctuation).
 */
public final class Sentences {
    private static final Set<String> ABBREVIATIONS = Set.of(
            "u.s", "u.k", "u.n", "e.u", "inc", "corp", "co", "ltd", "llc", "plc", "dr", "mr", "mrs", "ms", "prof",
            "sen", "rep", "gov", "gen", "col", "lt", "st", "jr", "sr", "vs", "no", "nos", "fig", "approx", "est",
            "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g",
            "i.e", "etc", "al", "mt", "ft", "u.s.a", "p.m", "a.m", "bn", "mn");
    /** Words that start a new sentence after "U.S." / "Inc." at a sentence end. */
    private static final Set<String> SENTENCE_STARTERS = Set.of(
            "the", "this", "that", "these", "those", "it", "its", "in", "on", "a", "an", "but", "and", "he", "she",
            "they", "we", "meanwhile", "however", "officials", "analysts", "china", "beijing", "washington",
            "separately", "last", "earlier", "later", "according", "shares", "there");
    /** Longest sentence span; longer runs are cut at whitespace. */
    static final int MAX_SENTENCE = 1500;
    /** Lines at least this long that end without punctuation are taken as hard-wrapped. */
    private static final int WRAPPED_LINE_MIN = 40;
    private static final String CLOSERS = "\"')]}」』）》";

    private Sentences() {}

    /** Sentence spans of {@code text} (trimmed, non-empty), tagged with {@code field}. */
    public static List<Span> split(String field, String text) {
        return split(field, text, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} spans of {@link #split(String, String)}, found without scanning the rest
     * of the text (tagging only needs to know where the lead ends).
     */
    public static List<Span> split(String field, String text, int limit) {
        List<Span> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int end = -1;
            if (c == '\n') {
                if (!isWrappedLine(text, i)) {
                    add(out, field, text, start, i);
                    start = i + 1;
                    if (out.size() >= limit) {
                        return out.subList(0, limit);
                    }
                }
                continue;
            }
            if (c == '。' || c == '！' || c == '？' || c == '；' || c == '…' && i + 1 < n && text.charAt(i + 1) != '…') {
                end = absorbClosers(text, i + 1);
            } else if ((c == '!' || c == '?' || c == ';') && prevIsCjk(text, i)) {
                end = absorbClosers(text, i + 1);
            } else if (c == '!' || c == '?') {
                int e = absorbClosers(text, i + 1);
                if (e >= n || Character.isWhitespace(text.charAt(e))) {
                    end = e;
                }
            } else if (c == '.') {
                if (i > 0 && prevIsCjk(text, i)) {
                    end = absorbClosers(text, i + 1);
                } else {
                    int e = absorbClosers(text, i + 1);
                    if ((e >= n || Character.isWhitespace(text.charAt(e))) && !isAbbreviation(text, i, e)) {
                        end = e;
                    }
                }
            }
            if (end > 0) {
                add(out, field, text, start, end);
                start = end;
                i = end - 1;
                if (out.size() >= limit) {
                    return out.subList(0, limit);
                }
            }
        }
        add(out, field, text, start, n);
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /**
     * A single line break inside a long line that does not end a sentence is hard wrapping, not a
     * boundary; blank lines (paragraphs) and short lines (headings, datelines, list items) are.
     */
    private static boolean isWrappedLine(String text, int nl) {
        if (nl + 1 < text.length() && text.charAt(nl + 1) == '\n' || nl > 0 && text.charAt(nl - 1) == '\n') {
            return false;
        }
        int lineStart = text.lastIndexOf('\n', nl - 1) + 1;
        if (nl - lineStart < WRAPPED_LINE_MIN) {
            return false;
        }
        char last = text.charAt(nl - 1);
        return ".!?;:。！？；\"'”」』)）".indexOf(last) < 0 && nl + 1 < text.length();
    }

    private static boolean prevIsCjk(String text, int i) {
        int j = i - 1;
        while (j >= 0 && CLOSERS.indexOf(text.charAt(j)) >= 0) {
            j--;
        }
        return j >= 0 && Text.isCjk(text.charAt(j));
    }

    private static int absorbClosers(String text, int i) {
        while (i < text.length() && CLOSERS.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** Is the "." at {@code dot} the end of an abbreviation or an initial rather than a sentence? */
    private static boolean isAbbreviation(String text, int dot, int after) {
        int s = dot;
        while (s > 0 && (Character.isLetter(text.charAt(s - 1)) || text.charAt(s - 1) == '.')) {
            s--;
        }
        String word = Text.lower(text.substring(s, dot));
        if (word.isEmpty()) {
            return false;
        }
        boolean single = word.length() == 1 && Character.isUpperCase(text.charAt(s));
        if (!ABBREVIATIONS.contains(word) && !single) {
            return false;
        }
        // "... sold to the U.S. The rule ..." : an abbreviation followed by a typical sentence opener ends it.
        String next = nextWord(text, after);
        if (next.isEmpty()) {
            return false;
        }
        boolean capital = Character.isUpperCase(next.charAt(0));
        return !(capital && SENTENCE_STARTERS.contains(Text.lower(next)));
    }

    private static String nextWord(String text, int i) {
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        int s = i;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            i++;
        }
        return text.substring(s, i);
    }

    private static void add(List<Span> out, String field, String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        // Text without punctuation (tables, scraped boilerplate) must not become one huge "sentence"
        // that every rule scans and every event quotes: cut it at whitespace.
        while (end - start > MAX_SENTENCE) {
            int cut = start + MAX_SENTENCE;
            int ws = cut;
            while (ws > start + MAX_SENTENCE / 2 && !Character.isWhitespace(text.charAt(ws))) {
                ws--;
            }
            cut = ws > start + MAX_SENTENCE / 2 ? ws : cut;
            add(out, field, text, start, cut);
            start = cut;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            out.add(new Span(field, start, end));
        }
    }
}
