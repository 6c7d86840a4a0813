package io.chipwatch.enrich.internal;

/**
 * Word and punctuation tokens of the Latin-script parts of a field, for {@link OrgRecognizer}: offsets,
 * kinds and sentence numbers in parallel int arrays (no object per token), the word strings made only
 * when asked for. A word keeps inner {@code . ' - & /} between letters ("S.A", "Xi'an", "AT&T") and a
 * final "." when it is an abbreviation with inner dots ("U.S.", "S.A.") or a short capitalised word
 * listed in {@link #DOTTED} ("Co.", "Ltd.", "Inc."). CJK runs are one token of kind {@link #CJK}.
 */
final class LatinTokens {
    static final byte WORD = 0;
    static final byte COMMA = 1;
    static final byte AMP = 2;
    static final byte LPAREN = 3;
    static final byte RPAREN = 4;
    /** Sentence punctuation and line breaks. */
    static final byte BREAK = 5;
    /** Other punctuation: quotes, dashes, colons, slashes. */
    static final byte OTHER = 6;
    static final byte CJK = 7;

    /** Short words whose final "." belongs to them. */
    private static final java.util.Set<String> DOTTED = java.util.Set.of("Co", "Ltd", "Inc", "Corp", "Bhd", "Pte", "Pty",
            "Kft", "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "No", "Rep", "Sen", "Gov", "Gen", "Dept", "Jan",
            "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "Mt", "Ft", "Bros");

    final String s;
    int size;
    int[] start;
    int[] end;
    byte[] kind;
    int[] sentence;
    private String[] words;
    boolean hasCjk;

    LatinTokens(String s) {
        this.s = s;
        // about one token per five characters of English: sized once instead of grown by copying
        int capacity = Math.max(16, s.length() / 4);
        start = new int[capacity];
        end = new int[capacity];
        kind = new byte[capacity];
        sentence = new int[capacity];
        words = new String[capacity];
        tokenize();
    }

    private void tokenize() {
        int n = s.length();
        int sent = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x80 ? isAsciiWordChar(c) : Text.isWordChar(c)) {
                int j = i + 1;
                boolean innerDot = false;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d < 0x80 ? isAsciiWordChar(d) : Text.isWordChar(d)) {
                        j++;
                    } else if ((d == '.' || d == '\'' || d == '-' || d == '&' || d == '/') && j + 1 < n
                            && isWordChar(s.charAt(j + 1))) {
                        innerDot |= d == '.';
                        j++;
                    } else {
                        break;
                    }
                }
                if (j < n && s.charAt(j) == '.' && (innerDot || j - i <= 4 && DOTTED.contains(s.substring(i, j)))) {
                    j++;
                }
                add(WORD, i, j, sent);
                i = j;
                continue;
            }
            if (c == ' ') {
                i++;
                continue;
            }
            if (Text.isCjk(c)) {
                int j = i + 1;
                while (j < n && Text.isCjk(s.charAt(j))) {
                    j++;
                }
                hasCjk = true;
                add(CJK, i, j, sent);
                i = j;
                continue;
            }
            switch (c) {
                case ',' -> add(COMMA, i, i + 1, sent);
                case '&' -> add(AMP, i, i + 1, sent);
                case '(' -> add(LPAREN, i, i + 1, sent);
                case ')' -> add(RPAREN, i, i + 1, sent);
                case '.', '!', '?', ';', '\n', '。', '！', '？', '；' -> {
                    add(BREAK, i, i + 1, sent);
                    sent++;
                }
                default -> add(OTHER, i, i + 1, sent);
            }
            i++;
        }
    }

    private static boolean isAsciiWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return c < 0x80 ? isAsciiWordChar(c) : Text.isWordChar(c);
    }

    private void add(byte k, int from, int to, int sent) {
        if (size == start.length) {
            int cap = size * 2;
            start = java.util.Arrays.copyOf(start, cap);
            end = java.util.Arrays.copyOf(end, cap);
            kind = java.util.Arrays.copyOf(kind, cap);
            sentence = java.util.Arrays.copyOf(sentence, cap);
            words = java.util.Arrays.copyOf(words, cap);
        }
        start[size] = from;
        end[size] = to;
        kind[size] = k;
        sentence[size] = sent;
        size++;
    }

    boolean isWord(int t) {
        return t >= 0 && t < size && kind[t] == WORD;
    }

    boolean is(int t, byte k) {
        return t >= 0 && t < size && kind[t] == k;
    }

    /** A word that starts with an upper-case letter. */
    boolean isCapitalised(int t) {
        return isWord(t) && Character.isUpperCase(s.charAt(start[t]));
    }

    boolean isLowerWord(int t) {
        return isWord(t) && Character.isLowerCase(s.charAt(start[t]));
    }

    String word(int t) {
        String w = words[t];
        if (w == null) {
            w = s.substring(start[t], end[t]);
            words[t] = w;
        }
        return w;
    }

    /** The word without a possessive "'s" ("Huawei's" is "Huawei"). */
    String base(int t) {
        String w = word(t);
        return isPossessive(t) ? w.substring(0, w.length() - 2) : w;
    }

    boolean isPossessive(int t) {
        if (t < 0 || t >= size) {
            return false;
        }
        int e = end[t];
        return e - start[t] > 2 && s.charAt(e - 1) == 's' && s.charAt(e - 2) == '\'';
    }

    /** The first word of its sentence (after opening quotes or brackets). */
    boolean isSentenceInitial(int t) {
        for (int p = t - 1; p >= 0; p--) {
            if (kind[p] == BREAK) {
                return true;
            }
            if (kind[p] != OTHER && kind[p] != LPAREN) {
                return false;
            }
        }
        return true;
    }

    boolean wordEquals(int t, String w) {
        return isWord(t) && end[t] - start[t] == w.length() && s.startsWith(w, start[t]);
    }
}
