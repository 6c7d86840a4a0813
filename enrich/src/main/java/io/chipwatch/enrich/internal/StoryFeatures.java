package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.util.Arrays;

/**
 * What tells two look-alike articles apart when MinHash says they are near-duplicates: the parties and
 * products named in the headline and lead, and the numbers there (counts, amounts, dates). Two wire items
 * about different Entity List actions share the agency's boilerplate (so their shingles overlap) but name
 * other companies and other dates; a syndicated rewrite names the same ones, perhaps reordered or fewer.
 *
 * <p>So two articles {@link #conflict} when each names in its lead a party (or a number) that the other does
 * not name anywhere: a rewrite that drops a detail, or moves it from the lead to the body, still folds.
 * Values are 32-bit hashes of entity ids and of normalised numbers, sorted: compact enough to keep beside
 * the signature in the dedup store and its in-memory index (a story decision needs only the candidates'
 * features, no scan), at most {@link #MAX_VALUES} per kind in the lead and {@link #MAX_ARTICLE_VALUES} in the
 * whole article.
 *
 * @param leadParties parties and products (companies, organisations, chips, models; known or not) in title or lead
 * @param parties     the same kinds anywhere in the article
 * @param leadNumbers numbers in title or lead ("12", "3.5", "2000"; month names count as numbers: dates)
 * @param numbers     numbers anywhere in the article
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoryFeatures(@JsonProperty("lp") int[] leadParties, @JsonProperty("p") int[] parties,
                            @JsonProperty("ln") int[] leadNumbers, @JsonProperty("n") int[] numbers) {
    static final int MAX_VALUES = 64;
    /** Values kept of the whole article, per kind (membership only, so more than of the lead). */
    static final int MAX_ARTICLE_VALUES = 256;
    /** The lead: the first two paragraphs of the text, at most this many characters. */
    static final int LEAD_CHARS = 1200;
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    public StoryFeatures {
        leadParties = orEmpty(leadParties);
        parties = orEmpty(parties);
        leadNumbers = orEmpty(leadNumbers);
        numbers = orEmpty(numbers);
    }

    private static int[] orEmpty(int[] a) {
        return a == null ? new int[0] : a;
    }

    /** Whether the two articles report different facts: each names in its lead a party, or a number, the other lacks. */
    public boolean conflict(StoryFeatures other) {
        return someMissing(leadParties, other.parties) && someMissing(other.leadParties, parties)
                || someMissing(leadNumbers, other.numbers) && someMissing(other.leadNumbers, numbers);
    }

    private static boolean someMissing(int[] values, int[] in) {
        for (int v : values) {
            if (Arrays.binarySearch(in, v) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The features of an enriched article (its entities carry the mentions; numbers are read from the text). */
    public static StoryFeatures of(EnrichedArticle a) {
        String text = a.text();
        int leadEnd = leadEnd(text);
        Values leadParties = new Values(MAX_VALUES);
        Values parties = new Values(MAX_ARTICLE_VALUES);
        for (TaggedEntity e : a.entities()) {
            if (!distinguishes(e.type())) {
                continue;
            }
            int h = hash(e.id());
            parties.add(h);
            for (Mention m : e.mentions()) {
                if (Mention.TITLE.equals(m.field()) || m.start() < leadEnd) {
                    leadParties.add(h);
                    break;
                }
            }
        }
        Values leadNumbers = new Values(MAX_VALUES);
        Values numbers = new Values(MAX_ARTICLE_VALUES);
        numbers(a.title(), 0, a.title().length(), leadNumbers);
        numbers(text, 0, leadEnd, leadNumbers);
        numbers(a.title(), 0, a.title().length(), numbers);
        numbers(text, 0, text.length(), numbers);
        return new StoryFeatures(leadParties.sorted(), parties.sorted(), leadNumbers.sorted(), numbers.sorted());
    }

    private static boolean distinguishes(EntityType t) {
        return t == EntityType.COMPANY || t == EntityType.ORGANIZATION || t == EntityType.CHIP || t == EntityType.MODEL;
    }

    /** End of the lead: the end of the second paragraph, at most {@link #LEAD_CHARS}. */
    static int leadEnd(String text) {
        int first = text.indexOf("\n\n");
        int second = first < 0 ? -1 : text.indexOf("\n\n", first + 2);
        int end = second >= 0 ? second : text.length();
        return Math.min(end, LEAD_CHARS);
    }

    /** Numbers ("2,000" is 2000, "3.5" stays) and month names (a date's month) in [from, to). */
    private static void numbers(String s, int from, int to, Values out) {
        int i = from;
        while (i < to && !out.full()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
                StringBuilder n = new StringBuilder();
                int j = i;
                while (j < to) {
                    char d = s.charAt(j);
                    if (d >= '0' && d <= '9') {
                        n.append(d);
                    } else if ((d == ',' || d == '.') && j + 1 < to && Character.isDigit(s.charAt(j + 1))) {
                        if (d == '.') {
                            n.append('.');
                        }
                    } else {
                        break;
                    }
                    j++;
                }
                // a number glued to letters is a name (H200, 7nm is a node: keep "7" only when the unit is a space away)
                if (j >= to || !Character.isLetter(s.charAt(j)) || Text.isCjk(s.charAt(j))) {
                    out.add(hash("#" + n));
                }
                i = j;
            } else if ((c == 'J' || c == 'F' || c == 'M' || c == 'A' || c == 'S' || c == 'O' || c == 'N' || c == 'D')
                    && i + 3 <= to && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
                int j = i;
                while (j < to && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                String w = Text.lower(s.substring(i, j));
                if (isMonth(w)) {
                    out.add(hash("#month:" + w.substring(0, 3)));
                }
                i = j;
            } else {
                i++;
            }
        }
    }

    private static boolean isMonth(String w) {
        return switch (w) {
            case "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
                 "march", "april", "june", "july", "august", "september", "october", "november", "december" -> true;
            default -> false;
        };
    }

    private static int hash(String s) {
        long h = MinHash.fnv(s);
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoryFeatures f && Arrays.equals(leadParties, f.leadParties) && Arrays.equals(parties, f.parties)
                && Arrays.equals(leadNumbers, f.leadNumbers) && Arrays.equals(numbers, f.numbers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(leadParties) * 31 + Arrays.hashCode(leadNumbers);
    }

    @Override
    public String toString() {
        return "StoryFeatures[lp=" + leadParties.length + ", p=" + parties.length + ", ln=" + leadNumbers.length
                + ", n=" + numbers.length + "]";
    }

    /** A small set of ints, at most {@code max}. */
    private static final class Values {
        private final int max;
        private int[] v = new int[8];
        private int n;

        Values(int max) {
            this.max = max;
        }

        void add(int x) {
            for (int k = 0; k < n; k++) {
                if (v[k] == x) {
                    return;
                }
            }
            if (n == max) {
                return;
            }
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }

        boolean full() {
            return n >= max;
        }

        int[] sorted() {
            int[] out = Arrays.copyOf(v, n);
            Arrays.sort(out);
            return out;
        }
    }
}
