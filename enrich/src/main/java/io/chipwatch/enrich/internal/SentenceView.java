package io.chipwatch.enrich.internal;

import java.util.List;
import java.util.function.Predicate;

/**
 * A sentence as the classifier sees it: the text as written, its case-folded twin (same length),
 * and the gazetteer matches inside it with offsets relative to the sentence.
 */
public record SentenceView(Span span, String text, String folded, List<EntityTagger.Match> matches) {

    Term.Hit firstMention(Predicate<EntityTagger.Match> test) {
        for (EntityTagger.Match m : matches) {
            if (test.test(m)) {
                return new Term.Hit(m.start() - span.start(), m.end() - span.start());
            }
        }
        return null;
    }

    /** Ids of the entities mentioned in the sentence, in order of first mention. */
    List<String> entityIds() {
        return matches.stream().map(m -> m.entry().id()).distinct().toList();
    }
}
