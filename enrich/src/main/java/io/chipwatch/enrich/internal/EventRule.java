package io.chipwatch.enrich.internal;

import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import java.util.List;
import java.util.Map;

/**
 * One compiled rule of {@code seeds/events.yaml}: every group of {@code all} must match in one
 * sentence, every argument of {@code requires} near the trigger, no {@code unless} term may (and no
 * {@code articleUnless} term anywhere in the article); a trigger occurrence inside one of the rule's
 * {@code falseFriends} does not count. The direction is the one whose cue appears first.
 */
public record EventRule(String id, EventType type, double confidence, List<List<Term>> all, List<Term> unless,
                        List<Term> articleUnless, Map<EventDirection, List<Term>> directions,
                        EventDirection defaultDirection, boolean requireDirection, List<Term> falseFriends,
                        List<Argument> requires) {
    public EventRule {
        all = all.stream().map(List::copyOf).toList();
        unless = List.copyOf(unless);
        articleUnless = List.copyOf(articleUnless);
        directions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(directions));
        falseFriends = List.copyOf(falseFriends);
        requires = List.copyOf(requires);
    }

    /**
     * An argument the event needs (the authority acting, the party acted on, the list, the licensed
     * product ...): one of {@code terms} within {@code within} words of the trigger (0: anywhere in the
     * sentence). Two CJK characters count as one word.
     */
    public record Argument(String name, List<Term> terms, int within) {
        public Argument {
            terms = List.copyOf(terms);
        }
    }
}
