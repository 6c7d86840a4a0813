package io.chipwatch.enrich.internal;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Mention;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence-level rule matching: for each event type, the best-scoring sentence (highest
 * confidence, then earliest) becomes the article's event of that type.
 */
public final class EventClassifier {
    private static final double TITLE_BONUS = 0.05;
    private static final double MAX_CONFIDENCE = 0.99;

    private final EventRules rules;
    /** Anchors of every phrase of these rules; null when the rules have no phrase with an anchor. */
    private final AnchorIndex anchors;

    public EventClassifier(EventRules rules) {
        this(rules, true);
    }

    /** {@code indexAnchors} false: every phrase scans for its own anchors (the reference the index is tested against). */
    EventClassifier(EventRules rules, boolean indexAnchors) {
        this.rules = rules;
        java.util.Set<String> all = new java.util.HashSet<>();
        java.util.function.Consumer<List<Term>> collect = terms -> terms.forEach(t -> {
            if (t instanceof Term.Phrase p) {
                all.addAll(p.anchors());
            }
        });
        collect.accept(rules.globalUnless());
        for (EventRule r : rules.rules()) {
            r.all().forEach(collect);
            collect.accept(r.unless());
            collect.accept(r.articleUnless());
            r.directions().values().forEach(collect);
        }
        this.anchors = all.isEmpty() || !indexAnchors ? null : new AnchorIndex(all);
    }

    public EventRules rules() {
        return rules;
    }

    public List<DetectedEvent> classify(String title, String text, List<EntityTagger.Match> matches) {
        List<SentenceView> sentences = new ArrayList<>();
        for (Span s : Sentences.split(Mention.TITLE, title)) {
            sentences.add(view(s, title, matches, anchors));
        }
        for (Span s : Sentences.split(Mention.TEXT, text)) {
            sentences.add(view(s, text, matches, anchors));
        }
        String whole = title + "\n" + text;
        SentenceView article = new SentenceView(new Span(Mention.TEXT, 0, whole.length()), whole, Text.fold(whole), List.of());
        List<EventRule> applicable = rules.rules().stream().filter(r -> !vetoed(r.articleUnless(), article)).toList();
        Map<EventType, DetectedEvent> best = new EnumMap<>(EventType.class);
        for (SentenceView sentence : sentences) {
            if (vetoed(rules.globalUnless(), sentence)) {
                continue;
            }
            for (EventRule rule : applicable) {
                DetectedEvent e = apply(rule, sentence);
                if (e != null) {
                    DetectedEvent prior = best.get(e.type());
                    if (prior == null || e.confidence() > prior.confidence()) {
                        best.put(e.type(), e);
                    }
                }
            }
        }
        List<DetectedEvent> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingDouble(DetectedEvent::confidence).reversed()
                .thenComparing(DetectedEvent::type));
        return List.copyOf(out);
    }

    /** The sentence with the matches inside it; {@code all} is in field, then offset order. */
    private static SentenceView view(Span span, String field, List<EntityTagger.Match> all, AnchorIndex anchors) {
        String text = field.substring(span.start(), span.end());
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            EntityTagger.Match m = all.get(mid);
            int cmp = m.field().equals(span.field()) ? Integer.compare(m.start(), span.start())
                    : Mention.TITLE.equals(m.field()) ? -1 : 1;
            if (cmp < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<EntityTagger.Match> inside = new ArrayList<>();
        for (int i = lo; i < all.size(); i++) {
            EntityTagger.Match m = all.get(i);
            if (!m.field().equals(span.field()) || m.start() >= span.end()) {
                break;
            }
            if (m.end() <= span.end()) {
                inside.add(m);
            }
        }
        String folded = Text.fold(text);
        return new SentenceView(span, text, folded, inside, anchors == null ? null : anchors.scan(folded));
    }

    private static boolean vetoed(List<Term> unless, SentenceView s) {
        for (Term t : unless) {
            if (t.find(s) != null) {
                return true;
            }
        }
        return false;
    }

    static DetectedEvent apply(EventRule rule, SentenceView s) {
        Term.Hit trigger = null;
        for (List<Term> group : rule.all()) {
            // only the first group's earliest hit is used (the trigger); the others need just one hit
            Term.Hit hit = trigger == null ? firstHit(group, s) : anyHit(group, s);
            if (hit == null) {
                return null;
            }
            if (trigger == null) {
                trigger = hit;
            }
        }
        if (vetoed(rule.unless(), s)) {
            return null;
        }
        EventDirection direction = rule.defaultDirection();
        int at = Integer.MAX_VALUE;
        for (Map.Entry<EventDirection, List<Term>> d : rule.directions().entrySet()) {
            Term.Hit hit = firstHit(d.getValue(), s);
            if (hit != null && hit.start() < at) {
                at = hit.start();
                direction = d.getKey();
            }
        }
        if (rule.requireDirection() && at == Integer.MAX_VALUE) {
            return null;
        }
        double confidence = rule.confidence() + (Mention.TITLE.equals(s.span().field()) ? TITLE_BONUS : 0);
        confidence = Math.round(Math.min(MAX_CONFIDENCE, confidence) * 100.0) / 100.0;
        return new DetectedEvent(rule.type(), direction, confidence, s.text(), s.entityIds(),
                s.text().substring(trigger.start(), trigger.end()));
    }

    /** A hit of some term in the group, or null when none matches. */
    private static Term.Hit anyHit(List<Term> group, SentenceView s) {
        for (Term t : group) {
            Term.Hit h = t.find(s);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    /** The earliest hit of any term in the group. */
    private static Term.Hit firstHit(List<Term> group, SentenceView s) {
        Term.Hit best = null;
        for (Term t : group) {
            Term.Hit h = t.find(s);
            if (h != null && (best == null || h.start() < best.start())) {
                best = h;
            }
        }
        return best;
    }
}
