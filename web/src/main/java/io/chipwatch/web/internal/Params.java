package io.chipwatch.web.internal;

import io.chipwatch.model.EventType;
import io.chipwatch.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** Query parameters of the API, parsed into Lucene filters; every bad value is a 400 naming the parameter. */
final class Params {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([mhdw])");
    private static final int MAX_Q = 2000;

    private final List<Query> filters = new ArrayList<>();

    Params term(String field, String value) {
        if (value != null && !value.isBlank()) {
            filters.add(new TermQuery(new Term(field, value.strip())));
        }
        return this;
    }

    /** Any of the comma-separated values. */
    Params anyOf(String field, List<String> values) {
        if (!values.isEmpty()) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            values.forEach(v -> b.add(new TermQuery(new Term(field, v)), Occur.SHOULD));
            filters.add(b.build());
        }
        return this;
    }

    Params timeRange(Instant since, Instant until) {
        if (since != null || until != null) {
            filters.add(LongPoint.newRangeQuery(ReadModel.TIME, since == null ? Long.MIN_VALUE : since.toEpochMilli(),
                    until == null ? Long.MAX_VALUE : until.toEpochMilli() - 1));
        }
        return this;
    }

    Params query(String q) {
        if (q != null && !q.isBlank()) {
            if (q.length() > MAX_Q) {
                throw ApiException.badRequest("q is longer than " + MAX_Q + " characters");
            }
            try {
                filters.add(Analysis.parse(q));
            } catch (ParseException | RuntimeException e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                throw ApiException.badRequest("invalid query \"" + q + "\": " + m);
            }
        }
        return this;
    }

    Params add(Query q) {
        filters.add(q);
        return this;
    }

    /** The conjunction of the filters, or null for none. */
    Query build() {
        if (filters.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        filters.forEach(f -> b.add(f, Occur.MUST));
        return b.build();
    }

    static int limit(String value, int dflt, int max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1 || n > max) {
                throw ApiException.badRequest("limit must be between 1 and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a number, got '" + value + "'");
        }
    }

    /** ISO-8601 instant, a date ({@code 2026-04-29}, midnight UTC) or a span back from now ({@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}). */
    static Instant time(String name, String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Matcher m = RELATIVE.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 time (2026-04-29T06:40:00Z), a date (2026-04-29) "
                    + "or a span back from now (30m, 24h, 7d, 2w); got '" + value + "'");
        }
    }

    static List<String> severities(String value) {
        List<String> out = new ArrayList<>();
        for (String s : split(value)) {
            try {
                out.add(Severity.valueOf(s.toUpperCase(Locale.ROOT)).name());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("severity must be one of " + List.of(Severity.values()) + ", got '" + s + "'");
            }
        }
        return out;
    }

    static List<String> events(String value) {
        List<String> out = new ArrayList<>();
        for (String s : split(value)) {
            try {
                out.add(EventType.valueOf(s.toUpperCase(Locale.ROOT)).name());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("event must be one of " + List.of(EventType.values()) + ", got '" + s + "'");
            }
        }
        return out;
    }

    static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }
}
