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
            if (!Character.isLetter(c)) {
                continue;
            }
            Character.UnicodeScript sc = Character.UnicodeScript.of(c);
            switch (sc) {
                case HAN -> han++;
                case HIRAGANA, KATAKANA -> kana++;
                case HANGUL -> hangul++;
                case LATIN -> latin++;
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
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{IsLatin}]+");
        int total = 0;
        int english = 0;
        for (String w : words) {
            if (!w.isEmpty()) {
                total++;
                if (ENGLISH.contains(w)) {
                    english++;
                }
            }
        }
        if (total < 8) {
            return claim != null ? claim : "en";
        }
        return english * 100 >= total * 8 ? "en" : claim;
    }

    private static String primary(String tag) {
        String t = tag.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = t.indexOf('-');
        return dash > 0 ? t.substring(0, dash) : t;
    }
}
