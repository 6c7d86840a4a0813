package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Running totals of one entity in one trend window. */
public record TrendCount(@JsonProperty("articles") long articles, @JsonProperty("mentions") long mentions) {
    public static final TrendCount ZERO = new TrendCount(0, 0);

    public TrendCount plus(long mentionsInArticle) {
        return new TrendCount(articles + 1, mentions + mentionsInArticle);
    }
}
