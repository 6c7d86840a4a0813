package io.chipwatch.enrich.internal;

import java.util.List;
import java.util.function.Predicate;

/**
 * A sentence as the classifier sees it: the text as written, its case-folded twin (same length),
 * the gazetteer matches inside it with offsets relative to the sentence, and where the phrase
 * anchors of the classifier's rules occur in the folded text (null: phrases look for themselves).
 */
public record SentenceView(Span span, String text, String folded, List<EntityTagger.Match> matches,
                           AnchorIndex.Hits anchorHits) {

    public SentenceView(Span span, String text, String folded, List<EntityTagger.Match> matches) {
        this(span, text, folded, matches, null);
    }

    /** The first mention passing the test that starts at a sentence offset in [from, to). */
    Term.Hit firstMention(Predicate<EntityTagger.Match> test, int from, int to) {
        for (EntityTagger.Match m : matches) {
            int start = m.start() - span.start();
            if (start >= to) {
                break;
            }
            if (start >= from && test.test(m)) {
                return new Term.Hit(start, m.end() - span.start());
            }
        }
        return null;
    }

    /** Ids of the entities mentioned in the sentence, in order of first mention. */
    List<String> entityIds() {
        return matches.stream().map(m -> m.entry().id()).distinct().toList();
    }
}
