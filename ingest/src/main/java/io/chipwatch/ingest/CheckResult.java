package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chipwatch.model.RawArticle;
import java.util.List;

/**
 * What {@code chipwatch sources check URL} found: what would be published, without publishing.
 *
 * @param url       URL asked for
 * @param finalUrl  URL after redirects, or null when the fetch failed
 * @param status    HTTP status, or 0 when no response
 * @param kind      {@code feed} or {@code page}, or null when the fetch failed
 * @param format    feed format (rss_2.0, atom_1.0, json-...) or {@code html}
 * @param articles  articles that would be published (for a page: the page itself as one article)
 * @param problems  errors met, each a readable reason
 * @param recovered whether the feed was broken and had to be repaired to be read (its good items are in articles)
 * @param warnings  what was repaired, then values lost without losing an item (an impossible date); empty for a clean feed
 */
@JsonPropertyOrder({"url", "finalUrl", "status", "kind", "format", "articles", "problems", "recovered", "warnings"})
public record CheckResult(String url, String finalUrl, int status, String kind, String format, List<RawArticle> articles,
                          List<String> problems, boolean recovered, List<String> warnings) {
    public CheckResult {
        articles = List.copyOf(articles);
        problems = List.copyOf(problems);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A result without recovery or warnings. */
    public CheckResult(String url, String finalUrl, int status, String kind, String format, List<RawArticle> articles, List<String> problems) {
        this(url, finalUrl, status, kind, format, articles, problems, false, List.of());
    }

    public boolean ok() {
        return problems.isEmpty() && status >= 200 && status < 300;
    }
}
