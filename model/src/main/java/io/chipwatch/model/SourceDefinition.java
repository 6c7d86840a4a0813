package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * One source: an entry of {@code sources.yaml}, and the value on the compacted {@code sources} topic
 * (key: {@link #id}, a null value removes the source). The CLI, the ingest service and the web API share
 * this record, so every writer validates the same way (here, in the compact constructor).
 *
 * <p>JSON: {@code {"id":"reuters-tech","kind":"feed","url":"https://...","interval":"PT30M","language":"en",
 * "tags":["wire"],"fetchFullText":false,"enabled":true}}; {@code path} for archives, {@code selector} for pages.
 * {@code interval} is read as ISO-8601 ({@code PT30M}) or shorthand ({@code 30m}, {@code 2h}, {@code 90s},
 * {@code 500ms}, {@code 1d}) and written as ISO-8601. Absent {@code enabled} means true; unknown fields are ignored.
 *
 * @param id            stable id, lower case: letters, digits, {@code . _ -}, at most 64 characters
 * @param kind          feed, page or archive
 * @param url           feed or listing-page URL (absolute http/https); null for archives
 * @param path          archive folder; null for feeds and pages
 * @param interval      poll interval; default 30 minutes
 * @param language      language the source publishes in ({@code en}, {@code zh}) or null
 * @param tags          free tags copied onto every article (lower-cased)
 * @param fetchFullText for feeds: fetch the page behind each item and extract its full text
 * @param selector      for pages: CSS selector of the article links
 * @param enabled       whether the service polls it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "kind", "url", "path", "interval", "language", "tags", "fetchFullText", "selector", "enabled"})
public record SourceDefinition(
        @JsonProperty("id") String id,
        @JsonProperty("kind") SourceKind kind,
        @JsonProperty("url") String url,
        @JsonProperty("path") String path,
        @JsonProperty("interval") Duration interval,
        @JsonProperty("language") String language,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("fetchFullText") boolean fetchFullText,
        @JsonProperty("selector") String selector,
        @JsonProperty("enabled") boolean enabled) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);
    /** Source ids: lower case letters, digits, {@code . _ -}. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})\\s*(ms|s|m|h|d)");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

    public SourceDefinition {
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
            url = checkHttpUrl(id, url);
        }
        if (kind == SourceKind.PAGE) {
            checkSelector(id, selector);
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval of source '" + id + "' must be positive, got " + interval);
        }
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("language of source '" + id + "' must be a BCP-47 tag like en or zh-CN, got '" + language + "'");
        }
        tags = tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank())
                .map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /**
     * The JSON and YAML form: plain values, with {@code interval} as text and booleans that may be absent.
     *
     * @throws IllegalArgumentException naming the source and the field when a value is invalid
     */
    @JsonCreator
    public static SourceDefinition of(@JsonProperty("id") String id, @JsonProperty("kind") String kind, @JsonProperty("url") String url,
                                      @JsonProperty("path") String path, @JsonProperty("interval") String interval,
                                      @JsonProperty("language") String language, @JsonProperty("tags") List<String> tags,
                                      @JsonProperty("fetchFullText") Boolean fetchFullText, @JsonProperty("selector") String selector,
                                      @JsonProperty("enabled") Boolean enabled) {
        SourceKind k = kind == null ? null : SourceKind.of(kind);
        Duration every;
        try {
            every = parseInterval(interval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("interval of source '" + id + "': " + e.getMessage(), e);
        }
        return new SourceDefinition(id, k, url, path, every, language, tags, Boolean.TRUE.equals(fetchFullText), selector,
                enabled == null || enabled);
    }

    /** A feed source with defaults. */
    public static SourceDefinition feed(String id, String url) {
        return new SourceDefinition(id, SourceKind.FEED, url, null, DEFAULT_INTERVAL, null, List.of(), false, null, true);
    }

    /** The same source, enabled or disabled. */
    public SourceDefinition withEnabled(boolean on) {
        return new SourceDefinition(id, kind, url, path, interval, language, tags, fetchFullText, selector, on);
    }

    /** Whether the ingest service polls it on a schedule (enabled feeds and pages; archives are replayed, not polled). */
    public boolean polled() {
        return enabled && kind != SourceKind.ARCHIVE;
    }

    /** Parses {@code PT30M} or shorthand like {@code 30m}, {@code 2h}, {@code 90s}, {@code 500ms}, {@code 1d}; null or blank gives null. */
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

    private static String checkHttpUrl(String id, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("source '" + id + "' needs a url");
        }
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("url of source '" + id + "' must be an absolute http or https URL, got '" + url + "'");
            }
            return url.strip();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url of source '" + id + "' is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static void checkSelector(String id, String selector) {
        if (selector == null || selector.isBlank()) {
            throw new IllegalArgumentException("page source '" + id + "' needs a CSS selector for its article links");
        }
        try {
            QueryParser.parse(selector);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("selector of source '" + id + "' is not valid CSS: " + e.getMessage(), e);
        }
    }
}
