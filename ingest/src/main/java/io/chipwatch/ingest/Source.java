package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * One source from {@code sources.yaml}.
 *
 * @param id            stable id, lower case: letters, digits, {@code . _ -}
 * @param kind          feed, page or archive
 * @param url           feed or listing-page URL (http/https); null for archives
 * @param path          archive folder; null for feeds and pages
 * @param interval      poll interval ({@code PT30M}, or shorthand {@code 30m}, {@code 2h}, {@code 90s}); default 30 minutes
 * @param language      language the source publishes in ({@code en}, {@code zh}) or null
 * @param tags          free tags copied onto every article
 * @param fetchFullText for feeds: fetch the page behind each item and extract its full text
 * @param selector      for pages: CSS selector of the article links
 * @param enabled       whether the service polls it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "kind", "url", "path", "interval", "language", "tags", "fetchFullText", "selector", "enabled"})
public record Source(String id, SourceKind kind, String url, String path, Duration interval, String language, List<String> tags,
                     boolean fetchFullText, String selector, boolean enabled) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})\\s*(ms|s|m|h|d)");

    public Source {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + ID.pattern() + ", got " + (id == null ? "null" : "'" + id + "'"));
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind of source '" + id + "' must be one of feed, page, archive");
        }
        if (kind == SourceKind.ARCHIVE) {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("archive source '" + id + "' needs a path");
            }
        } else {
            checkHttpUrl(id, url);
        }
        if (kind == SourceKind.PAGE) {
            if (selector == null || selector.isBlank()) {
                throw new IllegalArgumentException("page source '" + id + "' needs a CSS selector for its article links");
            }
            try {
                QueryParser.parse(selector);
            } catch (Selector.SelectorParseException e) {
                throw new IllegalArgumentException("selector of source '" + id + "' is not valid CSS: " + e.getMessage(), e);
            }
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval of source '" + id + "' must be positive, got " + interval);
        }
        if (language != null && !language.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")) {
            throw new IllegalArgumentException("language of source '" + id + "' must be a BCP-47 tag like en or zh-CN, got '" + language + "'");
        }
        tags = tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank()).map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** A feed source with defaults, for the CLI's {@code sources add}. */
    public static Source feed(String id, String url) {
        return new Source(id, SourceKind.FEED, url, null, DEFAULT_INTERVAL, null, List.of(), false, null, true);
    }

    /** Parses {@code PT30M} or shorthand like {@code 30m}, {@code 2h}, {@code 90s}, {@code 500ms}; null stays null. */
    public static Duration parseInterval(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("interval must be ISO-8601 (PT30M) or like 30m, 2h, 90s, got '" + text + "'", e);
        }
    }

    private static void checkHttpUrl(String id, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("source '" + id + "' needs a url");
        }
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("url of source '" + id + "' must be an absolute http or https URL, got '" + url + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("url of source '" + id + "' is not a valid URL: " + e.getMessage(), e);
        }
    }
}
