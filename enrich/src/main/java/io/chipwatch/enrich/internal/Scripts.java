package io.chipwatch.enrich.internal;

/**
 * The Unicode script of every {@code char}, looked up once at class load into a 64 KB table:
 * {@link Character.UnicodeScript#of} is a binary search over some 2,000 ranges, and enrichment asked
 * it about nearly every character of Chinese text (language detection, CJK tests) several times over.
 * Answers equal {@code Character.UnicodeScript.of(c)} for the scripts named here.
 */
final class Scripts {
    static final byte OTHER = 0;
    static final byte LATIN = 1;
    static final byte HAN = 2;
    static final byte HIRAGANA = 3;
    static final byte KATAKANA = 4;
    static final byte HANGUL = 5;

    private static final byte[] SCRIPT = new byte[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            SCRIPT[c] = switch (Character.UnicodeScript.of(c)) {
                case LATIN -> LATIN;
                case HAN -> HAN;
                case HIRAGANA -> HIRAGANA;
                case KATAKANA -> KATAKANA;
                case HANGUL -> HANGUL;
                default -> OTHER;
            };
        }
    }

    private Scripts() {}

    /** One of the constants above: the script of {@code c}, {@link #OTHER} for every script not named here. */
    static byte of(char c) {
        return SCRIPT[c];
    }

    /** Han, Hiragana, Katakana or Hangul. */
    static boolean isCjk(char c) {
        return SCRIPT[c] >= HAN;
    }

    static boolean isLatin(char c) {
        return SCRIPT[c] == LATIN;
    }

    /** {@code Character.UnicodeScript.of(cp) == LATIN}, from the table for the Basic Multilingual Plane. */
    static boolean isLatin(int cp) {
        return cp <= Character.MAX_VALUE ? SCRIPT[cp] == LATIN : Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN;
    }
}
