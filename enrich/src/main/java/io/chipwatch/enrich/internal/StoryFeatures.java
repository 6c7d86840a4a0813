package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** Lead values unknown to the other article that make a one-sided conflict (see {@link #conflict}). */
    static final int NEW_FACTS = 3;
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

    /**
     * Whether the two articles report different facts: each names in its lead a party, or a number, the other
     * lacks; or one brings into its lead {@link #NEW_FACTS} or more parties and numbers the other never names
     * (a rewrite adds a detail or two, a share move and its price; a lead of three new names and amounts reports more: the
     * same subject, another story).
     */
    public boolean conflict(StoryFeatures other) {
        return someMissing(leadParties, other.parties) && someMissing(other.leadParties, parties)
                || someMissing(leadNumbers, other.numbers) && someMissing(other.leadNumbers, numbers)
                || newFacts(other) >= NEW_FACTS || other.newFacts(this) >= NEW_FACTS;
    }

    /** Parties and numbers of this lead that {@code other} does not name anywhere. */
    private int newFacts(StoryFeatures other) {
        return missing(leadParties, other.parties) + missing(leadNumbers, other.numbers);
    }

    private static int missing(int[] values, int[] in) {
        int n = 0;
        for (int v : values) {
            if (Arrays.binarySearch(in, v) < 0) {
                n++;
            }
        }
        return n;
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
        Instant published = a.publishedAt() != null ? a.publishedAt() : a.fetchedAt();
        String title = withoutNewsDays(a.title(), published);
        text = withoutNewsDays(text, published);
        numbers(title, 0, title.length(), leadNumbers);
        numbers(text, 0, leadEnd, leadNumbers);
        numbers(title, 0, title.length(), numbers);
        numbers(text, 0, text.length(), numbers);
        return new StoryFeatures(leadParties.sorted(), parties.sorted(), leadNumbers.sorted(), numbers.sorted());
    }

    private static boolean distinguishes(EntityType t) {
        return t == EntityType.COMPANY || t == EntityType.ORGANIZATION || t == EntityType.CHIP || t == EntityType.MODEL;
    }

    private static final String MONTH_STEMS = String.join("|", MONTHS);
    /** A day and month, perhaps with the year: "Oct 14", "Oct. 14", "October 14, 2025", "14 October". */
    static final Pattern LATIN_DATE = Pattern.compile("(?i)(?<![\\p{L}\\d])(?:(?<name>(?:" + MONTH_STEMS
            + ")\\p{L}*)\\.?\\s+(?<day>\\d{1,2})(?!\\d)|(?<day2>\\d{1,2})\\s+(?<name2>(?:" + MONTH_STEMS
            + ")\\p{L}*))(?:,?\\s+\\d{4}(?!\\d))?");
    /** A Chinese date, day with or without its month and year: "2026年04月30日", "10月14日", "当地时间17日". */
    static final Pattern CJK_DATE = Pattern.compile("(?<!\\d)(?:\\d{4}年)?(?:(?<month>\\d{1,2})月)?(?<day>\\d{1,2})日");
    /** A numeric date: "2026-04-30", "2026/4/30". */
    static final Pattern NUMERIC_DATE = Pattern.compile("(?<![\\d.])\\d{4}([-/.])(?<month>\\d{1,2})\\1(?<day>\\d{1,2})(?![\\d.])");
    /** A time of day ("05:45", "10:20:33"): when a page was updated, not a fact of the story. */
    static final Pattern CLOCK = Pattern.compile("(?<![\\d:])\\d{1,2}:\\d{2}(?::\\d{2})?(?![\\d:])");
    /** How many days before publication (and one after: time zones) a date names the news day rather than another fact. */
    static final int NEWS_DAYS = 7;

    /**
     * The text with the dates of the news days and the times of day blanked (same length, so offsets stay):
     * "BEIJING, Oct 14", "当地时间8日", "2026年04月30日 05:45" or "on March 17" in the week before publication
     * say when the reported thing happened (or the page was stamped), which a rewrite of the same story says
     * otherwise ("on Tuesday", "this week") or not at all. Two look-alike items within the dedup window still
     * differ in their parties and amounts; dates further back (a listing "in December 2022") stay
     * distinguishing numbers.
     */
    static String withoutNewsDays(String s, Instant published) {
        if (published == null || s.isEmpty()) {
            return s;
        }
        LocalDate day = published.atZone(ZoneOffset.UTC).toLocalDate();
        StringBuilder[] out = {null};
        // each pattern is tried only where it can start (SparseFind): a regex find at every position of every
        // article was most of the story decision's time. One pass finds those places for all four, by what each
        // pattern needs there (see Starts), and the patterns look only at the text, so their order does not matter.
        Starts starts = new Starts(s);
        Pattern[] patterns = {LATIN_DATE, CJK_DATE, NUMERIC_DATE, CLOCK};
        for (int k = 0; k < patterns.length; k++) {
            Pattern p = patterns[k];
            SparseFind.forEachAt(p, s, starts.at[k], starts.count[k], m -> {
                if (p == CLOCK || isNewsDay(m, p == LATIN_DATE, day)) {
                    out[0] = out[0] == null ? new StringBuilder(s) : out[0];
                    for (int c = m.start(); c < m.end(); c++) {
                        out[0].setCharAt(c, ' ');
                    }
                }
            });
        }
        return out[0] == null ? s : out[0].toString();
    }

    /**
     * Where each of {@link #LATIN_DATE}, {@link #CJK_DATE}, {@link #NUMERIC_DATE} and {@link #CLOCK} (in that
     * order) may match, by what a match needs at its start, ascending. Each test only rules out places where the
     * pattern cannot match, so the matches stay those of {@code find} ({@code StoryFeaturesTest} compares).
     * <ul>
     * <li>LATIN_DATE: {@link #mayStartLatinDate}, and then either a month's three-letter stem (ASCII,
     *     either case: the pattern's {@code (?i)} folds only ASCII) or one or two digits and a whitespace
     *     ({@code \d{1,2}\s+}, the day before the month);</li>
     * <li>CJK_DATE: a digit run's start, in a text that has a 日 at all;</li>
     * <li>NUMERIC_DATE: a digit run's start not after a '.', four digits and a '-', '/' or '.';</li>
     * <li>CLOCK: a digit run's start not after a ':', one or two digits and a ':'.</li>
     * </ul>
     */
    static final class Starts {
        final int[][] at = new int[4][];
        final int[] count = new int[4];

        Starts(String s) {
            int n = s.length();
            boolean cjk = s.indexOf('日') >= 0;
            boolean colon = s.indexOf(':') >= 0;
            for (int k = 0; k < 4; k++) {
                at[k] = new int[8];
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') {
                    char before = i == 0 ? ' ' : s.charAt(i - 1);
                    if (SparseFind.isAsciiDigit(before)) {
                        continue;
                    }
                    char c1 = i + 1 < n ? s.charAt(i + 1) : '\0';
                    char c2 = i + 2 < n ? s.charAt(i + 2) : '\0';
                    if (!Character.isLetter(before)
                            && (isRegexSpace(c1) || SparseFind.isAsciiDigit(c1) && isRegexSpace(c2))) {
                        add(0, i);
                    }
                    if (cjk) {
                        add(1, i);
                    }
                    if (before != '.' && i + 4 < n && SparseFind.isAsciiDigit(c1) && SparseFind.isAsciiDigit(c2)
                            && SparseFind.isAsciiDigit(s.charAt(i + 3)) && isDateSeparator(s.charAt(i + 4))) {
                        add(2, i);
                    }
                    if (colon && before != ':' && (c1 == ':' || SparseFind.isAsciiDigit(c1) && c2 == ':')) {
                        add(3, i);
                    }
                } else if (c < 0x80 && MONTH_INITIALS.indexOf(c) >= 0 && i + 3 <= n && isMonthStem(s, i)
                        && mayStartLatinDate(s, i)) {
                    add(0, i);
                }
            }
        }

        private void add(int k, int i) {
            if (count[k] == at[k].length) {
                at[k] = Arrays.copyOf(at[k], count[k] * 2);
            }
            at[k][count[k]++] = i;
        }

        /** {@code \s} of a pattern without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r]. */
        private static boolean isRegexSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
        }

        private static boolean isDateSeparator(char c) {
            return c == '-' || c == '/' || c == '.';
        }

        /** Whether {@code s[i, i + 3)} is a month's stem, ASCII letters in either case. */
        private static boolean isMonthStem(String s, int i) {
            int key = 0;
            for (int k = 0; k < 3; k++) {
                char c = s.charAt(i + k);
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                } else if (c < 'a' || c > 'z') {
                    return false;
                }
                key = key * 32 + (c - 'a');
            }
            return Arrays.binarySearch(MONTH_STEM_KEYS, key) >= 0;
        }
    }

    /** Each month's stem as {@link Starts#isMonthStem} computes it, sorted. */
    private static final int[] MONTH_STEM_KEYS = Arrays.stream(MONTHS)
            .mapToInt(m -> ((m.charAt(0) - 'a') * 32 + (m.charAt(1) - 'a')) * 32 + (m.charAt(2) - 'a')).sorted().toArray();

    /**
     * Where {@link #LATIN_DATE} can start: a digit (the day first) or, case-insensitively in ASCII as its
     * {@code (?i)} matches, the first letter of a month; not after a letter or digit.
     */
    static boolean mayStartLatinDate(String s, int i) {
        char c = s.charAt(i);
        if (!SparseFind.isAsciiDigit(c) && MONTH_INITIALS.indexOf(c) < 0) {
            return false;
        }
        // its lookbehind: not right after a letter or a digit (a letter written as a surrogate pair does not
        // count there either: the lookbehind reads one char back)
        char before = i == 0 ? ' ' : s.charAt(i - 1);
        return !Character.isLetter(before) && !SparseFind.isAsciiDigit(before);
    }

    private static final String MONTH_INITIALS = "jfmasondJFMASOND";

    static boolean isNewsDay(Matcher m, boolean latin, LocalDate published) {
        int month;
        int dayOfMonth;
        if (latin) {
            String name = Text.lower(m.group("name") != null ? m.group("name") : m.group("name2"));
            if (!isMonth(name)) {
                return false;
            }
            month = 1 + Arrays.asList(MONTHS).indexOf(name.substring(0, 3));
            dayOfMonth = Integer.parseInt(m.group("day") != null ? m.group("day") : m.group("day2"));
        } else {
            month = m.group("month") == null ? 0 : Integer.parseInt(m.group("month"));
            dayOfMonth = Integer.parseInt(m.group("day"));
        }
        for (LocalDate d = published.minusDays(NEWS_DAYS); !d.isAfter(published.plusDays(1)); d = d.plusDays(1)) {
            if (d.getDayOfMonth() == dayOfMonth && (month == 0 || d.getMonthValue() == month)) {
                return true;
            }
        }
        return false;
    }

    /** End of the lead: the end of the second paragraph, at most {@link #LEAD_CHARS}. */
    static int leadEnd(String text) {
        int first = text.indexOf("\n\n");
        int second = first < 0 ? -1 : text.indexOf("\n\n", first + 2);
        int end = second >= 0 ? second : text.length();
        return Math.min(end, LEAD_CHARS);
    }

    /**
     * Numbers ("2,000" is 2000, "3.5" stays) and month names (a date's month) in [from, to). Each value is hashed
     * as it is read ({@code hash("#" + digits)}, {@code hash("#month:" + stem)}, see {@link #hashOf}), without a
     * string per number or per capitalised word.
     */
    private static void numbers(String s, int from, int to, Values out) {
        int i = from;
        while (i < to && !out.full()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
                long h = fnvAppend(FNV_OFFSET, '#');
                int j = i;
                while (j < to) {
                    char d = s.charAt(j);
                    if (d >= '0' && d <= '9') {
                        h = fnvAppend(h, d);
                    } else if ((d == ',' || d == '.') && j + 1 < to && Character.isDigit(s.charAt(j + 1))) {
                        if (d == '.') {
                            h = fnvAppend(h, '.');
                        }
                    } else {
                        break;
                    }
                    j++;
                }
                // a number glued to letters is a name (H200, 7nm is a node: keep "7" only when the unit is a space away)
                if (j >= to || !Character.isLetter(s.charAt(j)) || Text.isCjk(s.charAt(j))) {
                    out.add(hashOf(h));
                }
                i = j;
            } else if ((c == 'J' || c == 'F' || c == 'M' || c == 'A' || c == 'S' || c == 'O' || c == 'N' || c == 'D')
                    && i + 3 <= to && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
                int j = i;
                while (j < to && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                int month = monthOfWord(s, i, j);
                if (month >= 0) {
                    out.add(MONTH_HASHES[month]);
                }
                i = j;
            } else {
                i++;
            }
        }
    }

    /** {@code hash("#month:" + stem)} of each month's three-letter stem. */
    private static final int[] MONTH_HASHES = new int[MONTHS.length];

    static {
        for (int k = 0; k < MONTHS.length; k++) {
            MONTH_HASHES[k] = hash("#month:" + MONTHS[k]);
        }
    }

    /**
     * The month (0-11) that {@code s[from, to)} names as {@link #isMonth} reads it after {@link Text#lower}, or -1;
     * without the lower-cased copy: a month name is ASCII, and no other character lower-cases to ASCII letters
     * of one (only the Kelvin sign lower-cases to ASCII, to "k").
     */
    private static int monthOfWord(String s, int from, int to) {
        int len = to - from;
        if (len < 3 || len > 9) {
            return -1;
        }
        char[] w = new char[len];
        for (int k = 0; k < len; k++) {
            char c = s.charAt(from + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            } else if (c < 'a' || c > 'z') {
                return -1;
            }
            w[k] = c;
        }
        String word = new String(w);
        return isMonth(word) ? Arrays.asList(MONTHS).indexOf(word.substring(0, 3)) : -1;
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

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    /** One more character of an FNV-1a hash, as {@link MinHash#fnv} folds them. */
    private static long fnvAppend(long h, char c) {
        return (h ^ c) * 0x100000001b3L;
    }

    /** {@link #hash} of the string whose unmixed FNV-1a is {@code fnv}. */
    private static int hashOf(long fnv) {
        long h = MinHash.mix(fnv);
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
