package io.chipwatch.enrich.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Script-ratio language detection: Han-dominated text is {@code zh} (kana makes it {@code ja},
 * Hangul {@code ko}); Latin text with enough English function words is {@code en}; otherwise the
 * language the source claimed, or null.
 */
public final class LanguageDetector {
    private static final Set<String> ENGLISH = Set.of("the", "of", "and", "to", "in", "a", "is", "for", "on", "that",
            "with", "said", "by", "as", "was", "its", "from", "has", "at", "are", "will", "it", "be", "have", "an");

    private LanguageDetector() {}

    public static String detect(String text, String claimed) {
        int han = 0;
        int kana = 0;
        int hangul = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) { // ASCII fast path: the script lookup is a binary search, and most text is ASCII
                if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                    latin++;
                }
                continue;
            }
            if (!Character.isLetter(c)) {
                continue;
            }
            switch (Scripts.of(c)) {
                case Scripts.HAN -> han++;
                case Scripts.HIRAGANA, Scripts.KATAKANA -> kana++;
                case Scripts.HANGUL -> hangul++;
                case Scripts.LATIN -> latin++;
                default -> { }
            }
        }
        String claim = claimed == null || claimed.isBlank() ? null : primary(claimed);
        int cjk = han + kana + hangul;
        if (cjk > 0 && cjk * 10 >= (cjk + latin) * 3) {
            if (kana * 10 > cjk) {
                return "ja";
            }
            return hangul * 2 > cjk ? "ko" : "zh";
        }
        if (latin == 0) {
            return claim;
        }
        // Words are maximal runs of Latin-script characters (what split("[^\\p{IsLatin}]+") gives), found by a
        // plain scan, folded per character and compared without making a string per word (the regex split, then
        // the lower-cased copy and the substrings, were most of this method's time).
        int total = 0;
        int english = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!isLatin(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isLatin(text.charAt(i))) {
                i++;
            }
            total++;
            if (i - start <= 5 && isEnglishFunctionWord(text, start, i)) {
                english++;
            }
        }
        if (total < 8) {
            return claim != null ? claim : "en";
        }
        return english * 100 >= total * 8 ? "en" : claim;
    }

    /** Whether text[start, end), case-insensitively, is one of {@link #ENGLISH} (words of at most five letters). */
    private static boolean isEnglishFunctionWord(String text, int start, int end) {
        int len = end - start;
        for (String w : ENGLISH_BY_LENGTH[len]) {
            if (text.regionMatches(true, start, w, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /** The words of {@link #ENGLISH} by length: a handful each, where a scan beats hashing a new string. */
    @SuppressWarnings("unchecked")
    private static final java.util.List<String>[] ENGLISH_BY_LENGTH = new java.util.List[6];

    static {
        for (int len = 0; len < ENGLISH_BY_LENGTH.length; len++) {
            final int l = len;
            ENGLISH_BY_LENGTH[len] = ENGLISH.stream().filter(w -> w.length() == l).toList();
        }
    }

    private static boolean isLatin(char c) {
        if (c < 0x80) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        }
        return Scripts.isLatin(c);
    }

    private static String primary(String tag) {
        String t = tag.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = t.indexOf('-');
        return dash > 0 ? t.substring(0, dash) : t;
    }
}
