package io.chipwatch.ingest.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the dates feeds, pages and archives carry: RFC 3339 / ISO 8601 / W3C-DTF (offset with or
 * without colon, fractions, space or {@code T}, date or year-month only, basic format), RFC 822 and
 * its real-world variants (weekday optional, comma without space, one- or two-digit day, full or
 * lower-case month names, two-digit years, missing seconds, 12-hour clocks, time-zone names and
 * {@code GMT+hh:mm} offsets, month before day), asctime, and Chinese {@code 2026年4月20日}. Times
 * without a zone are read as UTC (Chinese dates as Beijing time); an unknown zone name counts as UTC.
 *
 * <p>Every field is checked, never rolled over: {@code 32 Jan 2024 25:61} or {@code 30 Feb} is not
 * a date (null), where a lenient parser would answer 2 February; the feed reader reports such a
 * value as a warning.
 */
public final class Dates {
    private static final String MONTH = "([A-Za-z]{3,9})\\.?";
    private static final String TIME = "(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:[.,]\\d+)?(?:\\s*([AaPp]\\.?[Mm]\\.?))?";
    private static final String ZONE = "((?:GMT|UTC|UT)?\\s*[+-]\\d{1,2}(?::?\\d{2})?|[A-Za-z]{1,6}(?:/[A-Za-z_]+)*)";
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})(?:-(\\d{1,3})(?:-(\\d{1,2}))?)?(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
                    + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?)?");
    private static final Pattern ISO_BASIC = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:[Tt](\\d{2})(\\d{2})(\\d{2})?)?(Z|z|[+-]\\d{4})?");
    /** RFC 822: [weekday,] day month year [time] [zone]; also with dashes (01-Jan-2024) and a comma after the month. */
    private static final Pattern RFC822 = Pattern.compile(
            "(?:[A-Za-z]{2,9}\\.?\\s*,?\\s*)?(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+" + MONTH + ",?[\\s-]+(\\d{4}|\\d{2})(?:,?\\s+" + TIME + ")?"
                    + "(?:\\s*" + ZONE + ")?(?:\\s*\\([^)]*\\))?");
    /** Month first: [weekday,] month day[,] year [time] [zone] ("April 20, 2026 10:00 AM", "Thu Aug 30 2012 17:26:16 +0200"). */
    private static final Pattern MONTH_FIRST = Pattern.compile(
            "(?:[A-Za-z]{2,9}\\.?,?\\s+)?" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:,?\\s+(?:at\\s+)?" + TIME + ")?"
                    + "(?:\\s*" + ZONE + ")?");
    /** asctime: weekday month day time [zone] year. */
    private static final Pattern ASCTIME = Pattern.compile(
            "[A-Za-z]{3,9}\\s+" + MONTH + "\\s+(\\d{1,2})\\s+" + TIME + "(?:\\s+" + ZONE + ")?\\s+(\\d{4})");
    private static final Pattern NUMERIC_OFFSET = Pattern.compile("(?:gmt|utc|ut)?([+-])(\\d{1,2}):?(\\d{2})?");
    private static final Pattern CHINESE = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})日\\s*(?:(\\d{1,2})[:：](\\d{2}))?");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
            Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
            Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    /** Zone names seen in feeds, in minutes east of UTC (RFC 822's US zones, the usual European and Asian ones). */
    private static final Map<String, Integer> ZONES = Map.ofEntries(
            Map.entry("ut", 0), Map.entry("utc", 0), Map.entry("gmt", 0), Map.entry("z", 0), Map.entry("etc/gmt", 0), Map.entry("etc/utc", 0),
            Map.entry("wet", 0), Map.entry("west", 60), Map.entry("bst", 60), Map.entry("ist", 330), Map.entry("cet", 60), Map.entry("met", 60),
            Map.entry("cest", 120), Map.entry("mest", 120), Map.entry("eet", 120), Map.entry("eest", 180), Map.entry("msk", 180),
            Map.entry("est", -300), Map.entry("edt", -240), Map.entry("et", -300), Map.entry("cst", -360), Map.entry("cdt", -300),
            Map.entry("ct", -360), Map.entry("mst", -420), Map.entry("mdt", -360), Map.entry("mt", -420), Map.entry("pst", -480),
            Map.entry("pdt", -420), Map.entry("pt", -480), Map.entry("ast", -240), Map.entry("adt", -180), Map.entry("at", -240),
            Map.entry("akst", -540), Map.entry("akdt", -480), Map.entry("hst", -600), Map.entry("jst", 540), Map.entry("kst", 540),
            Map.entry("hkt", 480), Map.entry("sgt", 480), Map.entry("awst", 480), Map.entry("acst", 570), Map.entry("aest", 600),
            Map.entry("aedt", 660), Map.entry("nzst", 720), Map.entry("nzdt", 780));

    private static final int MAX_LENGTH = 200;

    private Dates() {}

    /** The instant, or null when the text is not a date we understand or names an impossible one. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_LENGTH) {
            return null; // no date is this long; a regex has no business scanning a megabyte
        }
        String s = text.strip().replaceAll("\\s+", " ");
        try {
            return parseStrict(s);
        } catch (DateTimeException | NumberFormatException e) {
            return null; // a field out of range: 32 Jan, 25:61, +99:99
        }
    }

    private static Instant parseStrict(String s) {
        Matcher m = ISO.matcher(s);
        if (m.matches()) {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
            LocalDateTime t = m.group(4) == null ? date.atStartOfDay() : date.atTime(hour(m.group(4), null), minute(m.group(5)),
                    second(m.group(6)), nanos(m.group(7)));
            return t.toInstant(offset(m.group(8), t));
        }
        m = ISO_BASIC.matcher(s);
        if (m.matches()) {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            LocalDateTime t = m.group(4) == null ? date.atStartOfDay() : date.atTime(hour(m.group(4), null), minute(m.group(5)), second(m.group(6)));
            return t.toInstant(offset(m.group(7), t));
        }
        m = RFC822.matcher(s);
        if (m.matches()) {
            return of(year(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8));
        }
        m = MONTH_FIRST.matcher(s);
        if (m.matches()) {
            return of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)), m.group(4), m.group(5), m.group(6),
                    m.group(7), m.group(8));
        }
        m = ASCTIME.matcher(s);
        if (m.matches()) {
            return of(Integer.parseInt(m.group(8)), month(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), m.group(4), m.group(5),
                    m.group(6), m.group(7));
        }
        m = CHINESE.matcher(s);
        if (m.find()) {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4) == null ? 0 : hour(m.group(4), null), m.group(5) == null ? 0 : minute(m.group(5)));
            return t.toInstant(ZoneOffset.ofHours(8)); // Chinese pages state Beijing time
        }
        m = ISO.matcher(s);
        if (s.length() > 10 && m.region(0, 10).matches() && m.group(3) != null && !s.substring(10).matches(".*\\d.*")) {
            // "2026-04-20 | Reuters": a date followed by words, no time that could be impossible
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    .atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    private static Instant of(int year, int month, int day, String hour, String minute, String second, String ampm, String zone) {
        LocalDate date = LocalDate.of(year, month, day);
        LocalDateTime t = hour == null ? date.atStartOfDay() : date.atTime(hour(hour, ampm), minute(minute), second(second));
        return t.toInstant(offset(zone, t));
    }

    private static int year(String y) {
        int v = Integer.parseInt(y);
        return y.length() == 2 ? (v < 50 ? 2000 + v : 1900 + v) : v; // RFC 2822 4.3
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Integer m = MONTHS.get(n.substring(0, 3));
        if (m == null || !(n.length() == 3 || n.equals("sept") || fullMonth(m).startsWith(n))) {
            throw new DateTimeException("not a month: " + name);
        }
        return m;
    }

    private static String fullMonth(int m) {
        return java.time.Month.of(m).name().toLowerCase(Locale.ROOT);
    }

    private static int hour(String h, String ampm) {
        int v = Integer.parseInt(h);
        if (ampm == null) {
            return v; // range checked by LocalTime
        }
        if (v < 1 || v > 12) {
            throw new DateTimeException("hour " + v + " with " + ampm);
        }
        boolean pm = Character.toLowerCase(ampm.charAt(0)) == 'p';
        return v % 12 + (pm ? 12 : 0);
    }

    private static int minute(String m) {
        return Integer.parseInt(m);
    }

    private static int second(String s) {
        if (s == null) {
            return 0;
        }
        int v = Integer.parseInt(s);
        return v == 60 ? 59 : v; // a leap second is the last second of its minute, not the next minute
    }

    private static int nanos(String fraction) {
        return fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
    }

    /** UTC when absent or an unknown name; a region (Europe/Berlin) at that local time; throws for an offset out of range (+99:99). */
    static ZoneOffset offset(String zone, LocalDateTime local) {
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        String z = zone.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        Matcher m = NUMERIC_OFFSET.matcher(z);
        if (m.matches()) {
            int h = Integer.parseInt(m.group(2));
            int min = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (min > 59) {
                throw new DateTimeException("offset minutes " + min);
            }
            int sign = m.group(1).equals("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * h, sign * min);
        }
        Integer minutes = ZONES.get(z);
        if (minutes != null) {
            return ZoneOffset.ofTotalSeconds(minutes * 60);
        }
        if (zone.contains("/")) {
            try {
                return java.time.ZoneId.of(zone.strip()).getRules().getOffset(local);
            } catch (DateTimeException e) {
                return ZoneOffset.UTC;
            }
        }
        return ZoneOffset.UTC;
    }
}
