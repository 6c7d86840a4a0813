package io.chipwatch.enrich.internal;

import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import java.util.List;
import java.util.Map;

/**
 * One compiled rule of {@code seeds/events.yaml}: every group of {@code all} must match in one
 * sentence, no {@code unless} term may (and no {@code articleUnless} term anywhere in the article);
 * the direction is the one whose cue appears first.
 */
public record EventRule(String id, EventType type, double confidence, List<List<Term>> all, List<Term> unless,
                        List<Term> articleUnless, Map<EventDirection, List<Term>> directions,
                        EventDirection defaultDirection, boolean requireDirection) {
    public EventRule {
        all = all.stream().map(List::copyOf).toList();
        unless = List.copyOf(unless);
        articleUnless = List.copyOf(articleUnless);
        directions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(directions));
    }
}
