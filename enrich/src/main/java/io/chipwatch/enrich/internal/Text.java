package io.chipwatch.enrich.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text normalisation shared by tagging, classification and dedup. All case folding here is
 * locale-independent ({@link Locale#ROOT} or per-char {@link Character#toLowerCase(char)}), so a
 * Turkish default locale cannot turn "LICENSE" into "lıcense".
 */
public final class Text {
    private Text() {}

    /**
     * NFKC (full-width forms to ASCII, compatibility ligatures), typographic quotes and dashes to
     * ASCII, invisible characters removed, horizontal whitespace collapsed, at most one blank line
     * between paragraphs. Offsets of mentions index into the result.
     */
    public static String normalize(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String n = nfkc(s);
        StringBuilder sb = new StringBuilder(n.length());
        int newlines = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < n.length(); i++) {
            char raw = n.charAt(i);
            char c;
            if (raw > ' ' && raw < 0x7F) {
                c = raw; // printable ASCII (most of any English text) maps to itself: no table lookups
            } else if (raw == ' ') {
                pendingSpace = true;
                continue;
            } else {
                c = mapChar(raw);
                if (c == '\0') {
                    continue;
                }
                if (c == '\n') {
                    newlines++;
                    pendingSpace = false;
                    continue;
                }
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    pendingSpace = true;
                    continue;
                }
            }
            if (sb.length() > 0) {
                if (newlines > 0) {
                    sb.append(newlines > 1 ? "\n\n" : "\n");
                } else if (pendingSpace) {
                    sb.append(' ');
                }
            }
            newlines = 0;
            pendingSpace = false;
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * NFKC, applied only to the runs of non-ASCII characters (each with the character before it, the starter
     * a combining mark may compose with): ASCII is NFKC-stable and no composition takes an ASCII character as
     * its second part, so the result equals {@code Normalizer.normalize(s, NFKC)} (a property test checks
     * it), at a fraction of the cost for mostly-ASCII text, where normalising everything was a tenth of the
     * enrichment time.
     */
    static String nfkc(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n + 16);
        int copied = 0;
        while (i < n) {
            int from = i > 0 ? i - 1 : i;
            int j = i;
            while (j < n && s.charAt(j) >= 0x80) {
                j++;
            }
            sb.append(s, copied, from);
            sb.append(Normalizer.normalize(s.substring(from, j), Normalizer.Form.NFKC));
            copied = j;
            i = j;
            while (i < n && s.charAt(i) < 0x80) {
                i++;
            }
        }
        sb.append(s, copied, n);
        return sb.toString();
    }

    private static char mapChar(char c) {
        switch (c) {
            case '\r':
            case '\n':
                return '\n';
            case '\u2028':
            case '\u2029':
                return '\n';
            case '\u2018': case '\u2019': case '\u201A': case '\u201B': case '\u2032':
                return '\'';
            case '\u201C': case '\u201D': case '\u201E': case '\u201F': case '\u2033':
                return '"';
            case '\u2010': case '\u2011': case '\u2012': case '\u2013': case '\u2014': case '\u2015': case '\u2212':
                return '-';
            case '\u200B': case '\u200C': case '\u200D': case '\u2060': case '\uFEFF': case '\u00AD':
                return '\0';
            case '\t':
                return ' ';
            default:
                if (Character.getType(c) == Character.CONTROL) {
                    return '\0';
                }
                return c;
        }
    }

    /**
     * Per-char lower case, and traditional Chinese characters to their simplified forms: same length as the
     * input, so offsets stay valid. Rules and the gazetteer are written in simplified characters; Taiwan and
     * Hong Kong outlets write 華為, 實體清單, 出口管制 in traditional ones, which then match them.
     */
    public static String fold(String s) {
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = foldChar(s.charAt(i));
        }
        return new String(out);
    }

    /** {@link #fold} of one character. */
    public static char foldChar(char c) {
        char l = Character.toLowerCase(c);
        if (l >= HANS_FIRST && l < HANS_FIRST + HANS.length) {
            char s = HANS[l - HANS_FIRST];
            return s == 0 ? l : s;
        }
        return l;
    }

    /**
     * Traditional Chinese characters to their simplified forms and nothing else (case and every other character
     * kept): the same length as the input, so offsets stay valid. Returns {@code s} itself when nothing changes,
     * the common case. For the organisation recogniser, whose Latin rules need case and whose Chinese word
     * lists are simplified.
     */
    public static String hans(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= HANS_FIRST && c < HANS_FIRST + HANS.length && HANS[c - HANS_FIRST] != 0) {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = HANS[c - HANS_FIRST];
            }
        }
        return out == null ? s : new String(out);
    }

    /** Per-char lower case only (no script folding): what MinHash shingles were always computed on. */
    public static String lowerChars(String s) {
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Character.toLowerCase(s.charAt(i));
        }
        return new String(out);
    }

    /** First character of the traditional-to-simplified table's range (CJK Extension A to the compatibility ideographs). */
    private static final char HANS_FIRST = '\u3400';
    /**
     * Traditional to simplified, one character to one (0 = unchanged): generated from ICU4J's {@code Hant-Hans}
     * transliterator, keeping only one-to-one mappings (so offsets stay valid); {@code HantHansTableTest}
     * regenerates it from ICU4J and compares. Phrase-level conversions (乾隆 stays 乾) are beyond one character
     * and do not matter for matching, since rules and text are folded alike.
     */
    private static final char[] HANS = loadHans();

    private static char[] loadHans() {
        try (java.io.InputStream in = Text.class.getResourceAsStream("hant-hans.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource hant-hans.txt missing from the enrich jar");
            }
            String[] lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
            String from = lines[0];
            String to = lines[1];
            if (from.length() != to.length()) {
                throw new IllegalStateException("hant-hans.txt: " + from.length() + " characters mapped to " + to.length());
            }
            char[] table = new char[0xFB00 - HANS_FIRST];
            for (int i = 0; i < from.length(); i++) {
                table[from.charAt(i) - HANS_FIRST] = to.charAt(i);
            }
            return table;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Lower case for keys and comparisons (not for offset-bearing text). */
    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** True for Han ideographs, kana and Hangul: scripts written without spaces between words (Hangul aside). */
    public static boolean isCjk(char c) {
        if (c < '\u1100') {
            return false; // no Han, kana or Hangul below the Hangul Jamo block; skips a binary search per character
        }
        return Scripts.isCjk(c);
    }

    /** A character that glues to a Latin-script word: letters and digits not in CJK scripts. */
    public static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) && !isCjk(c);
    }

    /** True when the string contains at least one CJK character. */
    public static boolean containsCjk(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isCjk(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
