package io.chipwatch.enrich.internal;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Mention;
import io.chipwatch.model.Salience;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence-level rule matching: every rule that matches a sentence gives a candidate, whose salience
 * {@link SalienceJudge} decides; for each event type the best candidate (main over secondary over
 * background, then the highest confidence, then the earliest sentence) becomes the article's event.
 */
public final class EventClassifier {
    private static final double TITLE_BONUS = 0.05;
    private static final double MAX_CONFIDENCE = 0.99;

    private final EventRules rules;
    /** Anchors of every phrase of these rules; null when the rules have no phrase with an anchor. */
    private final AnchorIndex anchors;
    private final SalienceJudge judge;
    /** The distinct articleUnless lists of the rules, and which one each rule has (by rule index). */
    private final List<List<Term>> articleUnless;
    private final int[] articleUnlessOf;
    /** Per rule: the anchors of its trigger group as a bit set, or null when the trigger group has entity terms. */
    private final long[][] triggerMasks;
    /**
     * By anchor id: the rules (bit set by rule index) whose trigger mask holds that anchor, so a sentence's
     * triable rules are the union over the anchors it contains, instead of one mask test per rule per sentence.
     */
    private final long[][] rulesByAnchor;
    /** The lead: sentences of the first paragraphs, at most this many. */
    static final int LEAD_PARAGRAPHS = 2;
    static final int LEAD_SENTENCES = 4;
    /**
     * Scorer features count the sentences supporting a type (a candidate of any salience, and those judged main) up to
     * this many supporting sentences; past it every sentence's work is cut short as without features.
     */
    static final int SUPPORT_COUNTED = 4;

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
            collect.accept(r.falseFriends());
            r.requires().forEach(a -> collect.accept(a.terms()));
            collect.accept(r.unless());
            collect.accept(r.articleUnless());
            r.directions().values().forEach(collect);
        }
        this.anchors = all.isEmpty() || !indexAnchors ? null : new AnchorIndex(all);
        this.judge = new SalienceJudge(rules.salience());
        Map<List<String>, Integer> distinct = new java.util.HashMap<>();
        List<List<Term>> lists = new ArrayList<>();
        articleUnlessOf = new int[rules.rules().size()];
        for (int r = 0; r < articleUnlessOf.length; r++) {
            List<Term> u = rules.rules().get(r).articleUnless();
            articleUnlessOf[r] = distinct.computeIfAbsent(u.stream().map(Term::source).toList(), k -> {
                lists.add(u);
                return lists.size() - 1;
            });
        }
        this.articleUnless = List.copyOf(lists);
        this.triggerMasks = new long[rules.rules().size()][];
        for (int r = 0; r < triggerMasks.length && anchors != null; r++) {
            triggerMasks[r] = triggerMask(rules.rules().get(r).all().get(0));
        }
        this.rulesByAnchor = rulesByAnchor(triggerMasks);
    }

    private static long[][] rulesByAnchor(long[][] triggerMasks) {
        int maxAnchor = -1;
        for (long[] mask : triggerMasks) {
            maxAnchor = mask == null ? maxAnchor : Math.max(maxAnchor, mask.length * 64 - 1);
        }
        long[][] out = new long[maxAnchor + 1][];
        for (int r = 0; r < triggerMasks.length; r++) {
            long[] mask = triggerMasks[r];
            for (int id = 0; mask != null && id < mask.length * 64; id++) {
                if ((mask[id >>> 6] & (1L << id)) != 0) {
                    if (out[id] == null) {
                        out[id] = new long[(triggerMasks.length >>> 6) + 1];
                    }
                    out[id][r >>> 6] |= 1L << r;
                }
            }
        }
        return out;
    }

    /** The anchor ids of a trigger group, or null when one of its terms can match without an anchor (entity terms). */
    private static long[] triggerMask(List<Term> trigger) {
        int max = 0;
        for (Term t : trigger) {
            if (!(t instanceof Term.Phrase p) || p.anchorIds().length == 0) {
                return null;
            }
            for (int id : p.anchorIds()) {
                max = Math.max(max, id);
            }
        }
        long[] mask = new long[(max >>> 6) + 1];
        for (Term t : trigger) {
            for (int id : ((Term.Phrase) t).anchorIds()) {
                mask[id >>> 6] |= 1L << id;
            }
        }
        return mask;
    }

    public EventRules rules() {
        return rules;
    }

    /** Classification without a published date: dates in the text then place nothing in the past. */
    public List<DetectedEvent> classify(String title, String text, List<EntityTagger.Match> matches) {
        return classify(title, text, matches, null);
    }

    /**
     * The article's events, one per type: the best candidate (main over secondary over background, then
     * confidence, then the earliest sentence), main events first.
     *
     * @param published the article's published date (UTC), against which time expressions are placed; or null
     */
    public List<DetectedEvent> classify(String title, String text, List<EntityTagger.Match> matches, LocalDate published) {
        return classify(title, text, matches, published, false).events();
    }

    /**
     * The article's events as {@link #classify(String, String, List, LocalDate)} gives them, each with the features
     * {@link EventScorer} reads (same order). It tries every rule in every sentence, also where the event already
     * found cannot be beaten, to count the sentences that support each type; the events are the same.
     */
    public Classified classifyWithFeatures(String title, String text, List<EntityTagger.Match> matches, LocalDate published) {
        return classify(title, text, matches, published, true);
    }

    /** Events, and per event (same order) its scorer features; {@code features} is empty when not asked for. */
    public record Classified(List<DetectedEvent> events, List<List<String>> features) {}

    /** What the scorer needs of the sentence that gave a type's best event. */
    private record Origin(int sentence, SalienceJudge.Position position, String rule, SalienceJudge.Analysis analysis) {}

    private Classified classify(String title, String text, List<EntityTagger.Match> matches, LocalDate published, boolean features) {
        List<SentenceView> sentences = new ArrayList<>();
        List<SalienceJudge.Position> positions = new ArrayList<>();
        for (Span s : Sentences.split(Mention.TITLE, title)) {
            sentences.add(view(s, title, matches, anchors));
            positions.add(SalienceJudge.Position.HEADLINE);
        }
        int paragraph = 0;
        int inText = 0;
        int blank = text.indexOf("\n\n");
        for (Span s : Sentences.split(Mention.TEXT, text)) {
            if (blank >= 0 && blank < s.start()) {
                paragraph++;
                blank = text.indexOf("\n\n", s.start()); // the next paragraph break (searched once per paragraph)
            }
            sentences.add(view(s, text, matches, anchors));
            positions.add(paragraph < LEAD_PARAGRAPHS && inText < LEAD_SENTENCES ? SalienceJudge.Position.LEAD
                    : SalienceJudge.Position.BODY);
            inText++;
        }
        // rules often share one articleUnless list (casino chips, ...): each distinct list is checked once, and
        // only when a rule of it is about to be applied (most rules find no trigger word in any sentence)
        ArticleVetoes vetoes = new ArticleVetoes(title + "\n" + text);
        String genre = null;
        for (int i = 0; i < sentences.size() && positions.get(i) == SalienceJudge.Position.HEADLINE && genre == null; i++) {
            genre = judge.headlineGenre(sentences.get(i));
        }
        long[] triable = new long[(rules.rules().size() >>> 6) + 1];
        Map<EventType, DetectedEvent> best = new EnumMap<>(EventType.class);
        SalienceJudge.Analysis[] analyses = new SalienceJudge.Analysis[sentences.size()];
        int types = EventType.values().length;
        int[] support = new int[types];
        int[] mainSupport = new int[types];
        int[] lastSupport = new int[types];
        int[] lastMain = new int[types];
        java.util.Arrays.fill(lastSupport, -1);
        java.util.Arrays.fill(lastMain, -1);
        Map<EventType, Origin> origins = new EnumMap<>(EventType.class);
        for (int i = 0; i < sentences.size(); i++) {
            SentenceView sentence = sentences.get(i);
            if (vetoed(rules.globalUnless(), sentence)) {
                continue;
            }
            boolean headline = positions.get(i) == SalienceJudge.Position.HEADLINE;
            AnchorIndex.Hits hits = sentence.anchorHits();
            if (hits != null) {
                java.util.Arrays.fill(triable, 0L);
                hits.orPresent(rulesByAnchor, triable);
            }
            for (int r = 0; r < rules.rules().size(); r++) {
                if (hits != null && triggerMasks[r] != null && (triable[r >>> 6] & (1L << r)) == 0) {
                    continue; // none of the rule's trigger words is in the sentence
                }
                EventRule rule = rules.rules().get(r);
                DetectedEvent prior = best.get(rule.type());
                // with features, the shortcuts wait until the type's support is counted (SUPPORT_COUNTED sentences)
                boolean counted = !features || support[rule.type().ordinal()] >= SUPPORT_COUNTED;
                if (counted && prior != null && prior.salience() == Salience.MAIN && prior.confidence() >= confidence(rule, headline)) {
                    continue; // nothing this rule finds here could beat the event already found
                }
                if (vetoes.vetoed(r)) {
                    continue;
                }
                Candidate c = apply(rule, sentence);
                if (c == null || counted && prior != null && prior.salience() == Salience.MAIN && prior.confidence() >= c.confidence()) {
                    continue;
                }
                if (analyses[i] == null) {
                    analyses[i] = judge.analyse(sentence, published);
                }
                SalienceJudge.Verdict v = SalienceJudge.capped(
                        judge.judge(analyses[i], positions.get(i), c.trigger().start(), c.trigger().end()), genre);
                DetectedEvent e = new DetectedEvent(rule.type(), c.direction(), c.confidence(), sentence.text(), sentence.entityIds(),
                        sentence.text().substring(c.trigger().start(), c.trigger().end()), v.salience(), v.reason());
                if (features && support[rule.type().ordinal()] < SUPPORT_COUNTED || features && lastSupport[rule.type().ordinal()] == i) {
                    int t = rule.type().ordinal();
                    if (lastSupport[t] != i) {
                        lastSupport[t] = i;
                        support[t]++;
                    }
                    if (v.salience() == Salience.MAIN && lastMain[t] != i) {
                        lastMain[t] = i;
                        mainSupport[t]++;
                    }
                }
                if (prior == null || better(e, prior)) {
                    best.put(e.type(), e);
                    if (features) {
                        origins.put(e.type(), new Origin(i, positions.get(i), rule.id(), analyses[i]));
                    }
                }
            }
        }
        List<DetectedEvent> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparing(DetectedEvent::salience).thenComparing(Comparator.comparingDouble(DetectedEvent::confidence).reversed())
                .thenComparing(DetectedEvent::type));
        if (!features) {
            return new Classified(List.copyOf(out), List.of());
        }
        List<List<String>> f = new ArrayList<>();
        String headline = title;
        for (int k = 0; k < out.size(); k++) {
            DetectedEvent e = out.get(k);
            Origin o = origins.get(e.type());
            int t = e.type().ordinal();
            f.add(EventScorer.features(e, new EventScorer.Context(o.sentence(), o.position().label, o.rule(), support[t], mainSupport[t],
                    k, out, genre, cueKinds(o.analysis()), headline)));
        }
        return new Classified(List.copyOf(out), List.copyOf(f));
    }

    /** The cue kinds, date relations and question mark of a sentence's analysis, as feature names. */
    private static List<String> cueKinds(SalienceJudge.Analysis a) {
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
        for (SalienceJudge.CueHit h : a.cues()) {
            kinds.add("cue=" + h.kind());
        }
        for (SalienceJudge.DateHit d : a.dates()) {
            kinds.add("date=" + d.when());
        }
        if (a.question()) {
            kinds.add("question");
        }
        return List.copyOf(kinds);
    }

    /** The articleUnless verdicts of one article, each distinct list decided on first use. */
    private final class ArticleVetoes {
        private final String whole;
        private final Boolean[] byList = new Boolean[articleUnless.size()];
        private SentenceView article;

        ArticleVetoes(String whole) {
            this.whole = whole;
        }

        boolean vetoed(int rule) {
            int u = articleUnlessOf[rule];
            if (byList[u] == null) {
                if (article == null) {
                    article = new SentenceView(new Span(Mention.TEXT, 0, whole.length()), whole, Text.fold(whole), List.of());
                }
                byList[u] = EventClassifier.vetoed(articleUnless.get(u), article);
            }
            return byList[u];
        }
    }

    private static boolean better(DetectedEvent e, DetectedEvent prior) {
        return e.salience().outranks(prior.salience())
                || e.salience() == prior.salience() && e.confidence() > prior.confidence();
    }

    private static double confidence(EventRule rule, boolean headline) {
        double c = rule.confidence() + (headline ? TITLE_BONUS : 0);
        return Math.round(Math.min(MAX_CONFIDENCE, c) * 100.0) / 100.0;
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

    /** A rule's match in a sentence, before salience. */
    record Candidate(Term.Hit trigger, EventDirection direction, double confidence) {}

    static Candidate apply(EventRule rule, SentenceView s) {
        Term.Hit trigger = null;
        for (List<Term> group : rule.all()) {
            // only the first group's earliest hit is used (the trigger); the others need just one hit
            Term.Hit hit = trigger == null ? trigger(group, rule.falseFriends(), s) : anyHit(group, s);
            if (hit == null) {
                return null;
            }
            if (trigger == null) {
                trigger = hit;
            }
        }
        for (EventRule.Argument arg : rule.requires()) {
            if (!hasArgument(arg, trigger, s)) {
                return null;
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
        return new Candidate(trigger, direction, confidence(rule, Mention.TITLE.equals(s.span().field())));
    }

    /** The earliest trigger hit that is not part of a false friend ("seized on the listing" is no seizure). */
    private static Term.Hit trigger(List<Term> group, List<Term> falseFriends, SentenceView s) {
        Term.Hit hit = firstHit(group, s, 0);
        if (falseFriends.isEmpty()) {
            return hit;
        }
        while (hit != null && insideFalseFriend(hit, falseFriends, s)) {
            hit = firstHit(group, s, hit.start() + 1);
        }
        return hit;
    }

    private static boolean insideFalseFriend(Term.Hit hit, List<Term> falseFriends, SentenceView s) {
        for (Term t : falseFriends) {
            for (Term.Hit f = t.findIn(s, 0, hit.end()); f != null; f = t.findIn(s, f.start() + 1, hit.end())) {
                if (f.start() <= hit.start() && f.end() >= hit.end() || f.start() < hit.end() && hit.start() < f.end()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One of the argument's terms within its window of words around the trigger (anywhere when the window is 0). */
    private static boolean hasArgument(EventRule.Argument arg, Term.Hit trigger, SentenceView s) {
        int from = 0;
        int to = Integer.MAX_VALUE;
        if (arg.within() > 0) {
            from = wordsBack(s.folded(), trigger.start(), arg.within());
            to = wordsForward(s.folded(), trigger.end(), arg.within());
        }
        for (Term t : arg.terms()) {
            Term.Hit h = t.findIn(s, from, to);
            if (h != null && (h.start() != trigger.start() || h.end() != trigger.end())) {
                return true;
            }
        }
        return false;
    }

    /** The offset {@code words} words before {@code pos} (two CJK characters count as one word). */
    static int wordsBack(String f, int pos, int words) {
        int seen = 0;
        int cjk = 0;
        int i = pos;
        while (i > 0) {
            char c = f.charAt(i - 1);
            if (Text.isCjk(c)) {
                if (++cjk % 2 == 0) {
                    seen++;
                }
            } else if (Character.isLetterOrDigit(c) && (i - 1 == 0 || !Character.isLetterOrDigit(f.charAt(i - 2)))) {
                seen++;
            }
            if (seen > words) {
                break;
            }
            i--;
        }
        return i;
    }

    /** The offset {@code words} words after {@code pos} (two CJK characters count as one word). */
    static int wordsForward(String f, int pos, int words) {
        int seen = 0;
        int cjk = 0;
        int i = pos;
        while (i < f.length()) {
            char c = f.charAt(i);
            if (Text.isCjk(c)) {
                if (cjk++ % 2 == 0) {
                    seen++;
                }
            } else if (Character.isLetterOrDigit(c) && (i == 0 || !Character.isLetterOrDigit(f.charAt(i - 1)))) {
                seen++;
            }
            if (seen > words) {
                break;
            }
            i++;
        }
        return i;
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
        return firstHit(group, s, 0);
    }

    /** The earliest hit of any term in the group starting at or after {@code from}. */
    private static Term.Hit firstHit(List<Term> group, SentenceView s, int from) {
        Term.Hit best = null;
        for (Term t : group) {
            Term.Hit h = t.findIn(s, from, best == null ? Integer.MAX_VALUE : best.start());
            if (h != null && (best == null || h.start() < best.start())) {
                best = h;
            }
        }
        return best;
    }
}
