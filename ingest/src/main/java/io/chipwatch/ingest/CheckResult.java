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
 */
@JsonPropertyOrder({"url", "finalUrl", "status", "kind", "format", "articles", "problems"})
public record CheckResult(String url, String finalUrl, int status, String kind, String format, List<RawArticle> articles,
                          List<String> problems) {
    public CheckResult {
        articles = List.copyOf(articles);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty() && status >= 200 && status < 300;
    }
}
