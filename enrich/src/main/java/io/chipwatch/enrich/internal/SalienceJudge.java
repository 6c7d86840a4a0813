package io.chipwatch.enrich.internal;

import io.chipwatch.enrich.internal.SalienceCues.Cue;
import io.chipwatch.enrich.internal.SalienceCues.Kind;
import io.chipwatch.model.Salience;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how central a detected event is to its article from what the article says around the
 * trigger: where the sentence stands (headline, lead, body), and the cues in the trigger's clause: time
 * expressions placing the fact in the past relative to the published date ("in 2023", "last year", a date
 * older than the article), "since", "previously", past perfect, a relative clause of history, modal and
 * conditional statements, generic statements of a regime, and recency ("on Tuesday", "today", a date of
 * the last days). The cue words are data ({@link SalienceCues}); dates are parsed here.
 *
 * <p>The decision: a hypothetical or generic clause is {@code background}; a clause placed in the past is
 * {@code background} unless a recency cue is in it too (a recapped recent event is {@code secondary});
 * otherwise headline and lead are {@code main}, the body {@code main} only with a recency cue, else
 * {@code secondary} ({@code background} when it gives a precedent: "after", "following").
 */
final class SalienceJudge {
    /** Where a sentence stands. */
    enum Position {
        HEADLINE("headline"), LEAD("lead"), BODY("body");

        final String label;

        Position(String label) {
            this.label = label;
        }
    }

    record Verdict(Salience salience, String reason) {}

    /** A cue found in a sentence. */
    record CueHit(Kind kind, String label, int start, int end) {}

    /** How a time expression relates to the published date. */
    enum When { PAST, RECAP, RECENT, OTHER, PAST_ATTRIBUTE }

    record DateHit(int start, int end, When when, String label) {}

    /** What a candidate sentence holds, worked out once however many rules fire in it. */
    record Analysis(String folded, List<CueHit> cues, List<DateHit> dates, List<int[]> segments, boolean question) {}

    /** The history label that does not demote headline and lead events on its own. */
    static final String SOFT_HISTORY = "previously";
    private static final int NOVEL_WINDOW_WORDS = 3;
    private static final int MODAL_AFTER_WORDS = 2;
    private static final int ATTRIBUTE_WORDS = 1;
    private static final int REPORTED_WINDOW_WORDS = 10;
    private static final int THAT_CLAUSE_WORDS = 16;
    private static final int BASELINE_AFTER_WORDS = 8;
    private static final int BASELINE_BEFORE_WORDS = 4;
    private static final int SHORT_FRONT_CJK = 8;
    private static final long RECENT_DAYS = 7;
    private static final long RECAP_DAYS = 21;

    private final SalienceCues cues;
    private final AnchorIndex anchors;

    /** Every cue, in the order of {@link SalienceCues#cues} (kind, then list order), with its kind. */
    private final Cue[] cueList;
    private final Kind[] cueKinds;
    /** Anchor id to the bit set (by index into {@link #cueList}) of the phrase cues that anchor starts. */
    private final long[][] cuesByAnchor;
    /** The cues tried in every sentence: entity terms and phrases without an anchor. */
    private final long[] alwaysTried;

    SalienceJudge(SalienceCues cues) {
        this.cues = cues;
        List<String> a = cues.anchors();
        this.anchors = a.isEmpty() ? null : new AnchorIndex(a);
        List<Cue> list = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (Map.Entry<Kind, List<Cue>> e : cues.cues().entrySet()) {
            for (Cue c : e.getValue()) {
                list.add(c);
                kinds.add(e.getKey());
            }
        }
        cueList = list.toArray(new Cue[0]);
        cueKinds = kinds.toArray(new Kind[0]);
        int words = (cueList.length >>> 6) + 1;
        alwaysTried = new long[words];
        int maxAnchor = -1;
        for (Cue c : cueList) {
            if (c.term() instanceof Term.Phrase p) {
                for (int id : p.anchorIds()) {
                    maxAnchor = Math.max(maxAnchor, id);
                }
            }
        }
        cuesByAnchor = new long[maxAnchor + 1][];
        for (int i = 0; i < cueList.length; i++) {
            if (cueList[i].term() instanceof Term.Phrase p && p.anchorIds().length > 0) {
                for (int id : p.anchorIds()) {
                    if (cuesByAnchor[id] == null) {
                        cuesByAnchor[id] = new long[words];
                    }
                    cuesByAnchor[id][i >>> 6] |= 1L << i;
                }
            } else {
                alwaysTried[i >>> 6] |= 1L << i;
            }
        }
    }

    Analysis analyse(SentenceView sentence, LocalDate published) {
        SentenceView s = anchors == null ? sentence
                : new SentenceView(sentence.span(), sentence.text(), sentence.folded(), sentence.matches(), anchors.scan(sentence.folded()));
        // Only the cues one of whose anchors is in the sentence can match (a phrase looks for itself only where
        // its anchors occur), so those are tried, in cue order, instead of every cue of every kind.
        long[] tried = alwaysTried.clone();
        if (s.anchorHits() != null && anchors != null) {
            s.anchorHits().orPresent(cuesByAnchor, tried);
        } else {
            java.util.Arrays.fill(tried, -1L);
        }
        List<CueHit> hits = new ArrayList<>();
        for (int w = 0; w < tried.length; w++) {
            for (long bits = tried[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (i >= cueList.length) {
                    break;
                }
                Cue c = cueList[i];
                for (Term.Hit h = c.term().find(s); h != null; h = c.term().findIn(s, h.start() + 1, Integer.MAX_VALUE)) {
                    hits.add(new CueHit(cueKinds[i], c.label(), h.start(), h.end()));
                }
            }
        }
        String f = s.folded();
        List<DateHit> dates = published == null ? List.of() : dates(f, published);
        // a cue inside a date ("may" in "May 5") is part of the date
        hits.removeIf(h -> dates.stream().anyMatch(d -> h.start() >= d.start() && h.start() < d.end()));
        // a recency word inside a history cue is part of it: "today" in "three years ago today" dates the anniversary
        List<CueHit> history = hits.stream().filter(h -> h.kind() == Kind.HISTORY).toList();
        if (!history.isEmpty()) {
            hits.removeIf(h -> h.kind() == Kind.RECENT && history.stream().anyMatch(o -> h.start() >= o.start() && h.start() < o.end()));
        }
        int end = f.length();
        while (end > 0 && "\"')]}」』）》 ".indexOf(f.charAt(end - 1)) >= 0) {
            end--;
        }
        boolean question = end > 0 && (f.charAt(end - 1) == '?' || f.charAt(end - 1) == '？');
        return new Analysis(f, hits, dates, segments(f, hits), question);
    }

    /**
     * The label of the first headline-genre cue in a headline sentence ("preview"), or null: an article of
     * that genre has no main event.
     */
    String headlineGenre(SentenceView headline) {
        List<Cue> genres = cues.of(Kind.HEADLINE_GENRE);
        if (genres.isEmpty()) {
            return null;
        }
        SentenceView s = anchors == null ? headline
                : new SentenceView(headline.span(), headline.text(), headline.folded(), headline.matches(), anchors.scan(headline.folded()));
        for (Cue c : genres) {
            if (c.term().find(s) != null) {
                return c.label();
            }
        }
        return null;
    }

    /** A verdict capped by the article's headline genre: a main event of a preview is secondary. */
    static Verdict capped(Verdict v, String headlineGenre) {
        return headlineGenre == null || v.salience() != Salience.MAIN ? v
                : new Verdict(Salience.SECONDARY, v.reason() + "+genre:" + headlineGenre);
    }

    Verdict judge(Analysis a, Position pos, int triggerStart, int triggerEnd) {
        int[] seg = segmentOf(a.segments(), triggerStart);
        int from = seg[0];
        int to = seg[1];
        Map<Kind, String> found = new EnumMap<>(Kind.class);
        List<String> history = new ArrayList<>();
        String recap = null;
        boolean recent = false;
        boolean novel = false;
        boolean pastDate = false;
        boolean subordinate = false;
        boolean pastVerb = false;
        boolean consequence = false;
        boolean anaphora = false;
        for (CueHit h : a.cues()) {
            if (h.kind() == Kind.GENRE && pos == Position.HEADLINE && h.start() == skipSpaces(a.folded(), 0)) {
                return new Verdict(Salience.BACKGROUND, pos.label + "+genre:" + h.label());
            }
            // a time adverbial opening the sentence ("On Tuesday, ...", 同日,...) dates every clause of it
            if (h.kind() == Kind.RECENT && h.start() == skipSpaces(a.folded(), 0)) {
                recent = true;
            }
            // a leading condition governs the main clause after it: "Unless BIS extends the suspension, the licence
            // requirements will apply again", "If approved, the rule would ...", 如果 ...
            if (h.kind() == Kind.HYPOTHETICAL && CONDITIONAL.equals(h.label()) && h.start() == skipSpaces(a.folded(), 0)
                    && h.end() <= triggerStart && h.start() < from) {
                found.putIfAbsent(Kind.HYPOTHETICAL, CONDITIONAL);
            }
            // a leading Chinese time clause "在 ... 数月之后," holds the trigger it dates, across its brackets and quotes:
            // "在BIS宣布暂停执行所谓"关联方规则"(又称"50%规则")数月之后,企业仍在 ..." recaps the rule
            if (h.kind() == Kind.RECAP && a.folded().startsWith("在", skipSpaces(a.folded(), 0)) && h.start() >= triggerEnd
                    && noCommaBetween(a.folded(), triggerEnd, h.start())) {
                recap = recap == null ? h.label() : recap;
            }
            if (h.start() < from || h.start() >= to || reported(a, h) || baseline(a, h, triggerStart)) {
                continue;
            }
            switch (h.kind()) {
                // in the headline and lead a soft cue ("previously", 此前) more often dates a detail than the news
                case HISTORY -> {
                    // "removed three firms from its list after checks that had stalled for a year": the tense of a
                    // relative clause after the trigger is that clause's, not the trigger's
                    boolean laterRelative = PERFECT.equals(h.label()) && h.start() >= triggerEnd
                            && afterRelativePronoun(a.folded(), h.start());
                    if ((pos == Position.BODY || !SOFT_HISTORY.equals(h.label())) && !laterRelative) {
                        addLabel(history, h.label());
                    }
                }
                case RECAP -> recap = recap == null ? h.label() : recap;
                case RECENT -> recent = true;
                case NOVEL -> novel |= h.start() <= triggerEnd && words(a.folded(), h.end(), triggerStart) <= NOVEL_WINDOW_WORDS;
                case SUBORDINATE -> subordinate |= h.start() < triggerStart;
                case CONSEQUENCE -> consequence |= h.start() < triggerStart;
                case PAST_VERB -> pastVerb = true;
                case ANAPHORA -> anaphora |= h.start() <= triggerStart && h.end() >= triggerEnd;
                case HYPOTHETICAL, GENERIC -> {
                    // modality bears on the trigger when it comes before it ("could add", "cannot receive")
                    // or right after it ("licences could be revoked"); later it belongs to another verb. A cue inside
                    // the trigger is the rule's own wording ("must use domestic chips", 须用国产算力 is the mandate)
                    boolean inTrigger = h.start() >= triggerStart && h.start() < triggerEnd;
                    if (!inTrigger && (h.start() < triggerStart || words(a.folded(), triggerEnd, h.start()) <= MODAL_AFTER_WORDS)) {
                        found.putIfAbsent(h.kind(), h.label());
                    }
                }
                default -> { }
            }
        }
        for (DateHit d : a.dates()) {
            if (d.start() < from || d.start() >= to || baseline(a, d, triggerStart)) {
                continue;
            }
            if (d.when() == When.PAST_ATTRIBUTE) {
                // "its 2020 listing", "the October 2022 rules": the thing the trigger names is that old
                if (d.end() <= triggerStart && words(a.folded(), d.end(), triggerStart) <= ATTRIBUTE_WORDS) {
                    addLabel(history, d.label());
                }
                continue;
            }
            switch (d.when()) {
                case PAST -> {
                    addLabel(history, d.label());
                    pastDate = true;
                }
                case RECAP -> {
                    recap = recap == null ? d.label() : recap;
                    pastDate = true;
                }
                case RECENT -> recent = true;
                default -> { }
            }
        }
        // "new" says the thing is new, not when: a "new rule" dated August in an October article is history
        recent |= novel && !pastDate;
        boolean relative = startsWith(a, from, Kind.RELATIVE) || from > 0 && participle(a.folded(), skipSpaces(a.folded(), from));
        if (a.question()) {
            found.putIfAbsent(Kind.HYPOTHETICAL, "question");
        }
        String at = pos.label;
        if (found.containsKey(Kind.HYPOTHETICAL)) {
            return new Verdict(Salience.BACKGROUND, at + "+" + found.get(Kind.HYPOTHETICAL));
        }
        if (found.containsKey(Kind.GENERIC) && !recent) {
            return new Verdict(Salience.BACKGROUND, at + "+" + found.get(Kind.GENERIC));
        }
        if (relative && (pastVerb || !history.isEmpty()) && !recent) {
            return new Verdict(Salience.BACKGROUND, at + "+relative-clause-history" + (history.isEmpty() ? "" : "+" + history.get(0)));
        }
        if (!history.isEmpty() && !recent) {
            return new Verdict(Salience.BACKGROUND, at + "+" + String.join("+", history));
        }
        if (recap != null && !recent) {
            return new Verdict(Salience.SECONDARY, at + "+" + recap);
        }
        if (consequence) {
            return new Verdict(Salience.SECONDARY, at + "+consequence");
        }
        if (pos != Position.HEADLINE && quoted(a.folded(), triggerStart)) {
            return new Verdict(Salience.SECONDARY, at + "+quote");
        }
        if (relative && !recent) {
            return new Verdict(Salience.SECONDARY, at + "+relative-clause");
        }
        if (anaphora && pos == Position.BODY) {
            return new Verdict(Salience.SECONDARY, at + "+anaphora");
        }
        String news = recent && (pos == Position.BODY || !history.isEmpty()) ? at + "+recent" : at;
        if (pos != Position.BODY || recent) {
            return new Verdict(Salience.MAIN, news);
        }
        return subordinate ? new Verdict(Salience.BACKGROUND, at + "+reported-history") : new Verdict(Salience.SECONDARY, at);
    }

    /**
     * Inside quotation marks: a speaker's words, colour rather than the reported fact. An odd number of
     * quote marks on either side of the trigger puts it inside (sentence splitting can leave the opening
     * mark with the sentence before). A short quoted span with both marks in the sentence is a term, not
     * speech: the name of a clause or a policy (暂停实施"原则上不予许可"规定, the so-called "affiliates rule").
     * A headline is never demoted for quotes (the caller): headlines quote terms and sources as their news.
     */
    static boolean quoted(String f, int at) {
        int open = f.lastIndexOf('"', at - 1);
        int close = f.indexOf('"', at);
        if (open >= 0 && close > open && close - open - 1 <= TERM_QUOTE_CHARS && evenBefore(f, open)) {
            return false;
        }
        // corner brackets around a name: 「戰略性高科技貨品輸出管制實體名單」, the name of a list, not speech
        int cornerOpen = Math.max(f.lastIndexOf('「', at - 1), f.lastIndexOf('『', at - 1));
        int cornerClose = cornerOpen < 0 ? -1 : indexOfAny(f, at, '」', '』');
        if (cornerOpen >= 0 && cornerClose > cornerOpen && cornerClose - cornerOpen - 1 <= TERM_CORNER_CHARS
                && f.lastIndexOf('」', at - 1) < cornerOpen && f.lastIndexOf('』', at - 1) < cornerOpen) {
            return false;
        }
        return oddQuotes(f, at);
    }

    /** Whether [from, to) holds no comma (Latin or full-width) outside brackets: still the same clause. */
    private static boolean noCommaBetween(String f, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = f.charAt(i);
            if (c == '(' || c == '（') {
                depth++;
            } else if ((c == ')' || c == '）') && depth > 0) {
                depth--;
            } else if ((c == ',' || c == '，') && depth == 0) {
                return false;
            }
        }
        return true;
    }

    /** The label of the perfect-aspect cues (seeds/events.yaml, salience.history.perfect-aspect). */
    private static final String PERFECT = "perfect-aspect";

    /** Whether the word before {@code at} is a relative pronoun: "checks that had stalled", "a rule which had". */
    private static boolean afterRelativePronoun(String f, int at) {
        int e = at;
        while (e > 0 && f.charAt(e - 1) == ' ') {
            e--;
        }
        int b = e;
        while (b > 0 && Character.isLetter(f.charAt(b - 1))) {
            b--;
        }
        String w = f.substring(b, e);
        return w.equals("that") || w.equals("which") || w.equals("who");
    }

    /** The label of the conditional cues (seeds/events.yaml, salience.hypothetical.conditional). */
    private static final String CONDITIONAL = "conditional";

    /** The longest span in corner brackets read as a name (of a list, a law, a rule) rather than as speech. */
    static final int TERM_CORNER_CHARS = 24;

    private static int indexOfAny(String f, int from, char a, char b) {
        for (int i = Math.max(0, from); i < f.length(); i++) {
            if (f.charAt(i) == a || f.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** The longest quoted span (characters between the marks) read as a term rather than as speech. */
    static final int TERM_QUOTE_CHARS = 16;

    /** The mark at {@code open} opens a quotation: an even number of marks comes before it. */
    private static boolean evenBefore(String f, int open) {
        int n = 0;
        for (int i = 0; i < open; i++) {
            if (f.charAt(i) == '"') {
                n++;
            }
        }
        return n % 2 == 0;
    }

    private static boolean oddQuotes(String f, int at) {
        int before = 0;
        int after = 0;
        int corner = 0;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '"') {
                if (i < at) {
                    before++;
                } else {
                    after++;
                }
            } else if (i < at && (c == '「' || c == '『')) {
                corner++;
            } else if (i < at && (c == '」' || c == '』')) {
                corner--;
            }
        }
        return before % 2 == 1 || after % 2 == 1 || corner > 0;
    }

    private static void addLabel(List<String> labels, String label) {
        if (labels.size() < 2 && !labels.contains(label)) {
            labels.add(label);
        }
    }

    /**
     * A history or recap cue inside a comparison baseline ("from a year earlier", "the largest since") that comes after
     * the trigger: the fact is measured against it. A trigger inside or after the baseline is the baseline event
     * itself ("the largest scheme since Washington began restricting exports") and stays history.
     */
    private static boolean baseline(Analysis a, CueHit h, int triggerStart) {
        if (h.kind() != Kind.HISTORY && h.kind() != Kind.RECAP) {
            return false;
        }
        for (CueHit c : a.cues()) {
            if (c.kind() == Kind.COMPARISON && triggerStart < c.start() && h.start() >= c.start() && h.start() < c.end()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A date inside a comparison baseline or next to it: "compared with 9.8 billion yuan in the first half of 2024",
     * "寒武纪2020年科创板上市以来规模最大" (the date a record is measured from), "from 88 yuan at the start of May".
     */
    private static boolean baseline(Analysis a, DateHit d, int triggerStart) {
        for (CueHit c : a.cues()) {
            if (c.kind() != Kind.COMPARISON || triggerStart >= c.start()) {
                continue;
            }
            if (d.start() >= c.start() && d.start() < c.end()
                    || d.start() >= c.end() && words(a.folded(), c.end(), d.start()) <= BASELINE_AFTER_WORDS
                    || d.end() <= c.start() && words(a.folded(), d.end(), c.start()) <= BASELINE_BEFORE_WORDS) {
                return true;
            }
        }
        return false;
    }

    /** A REPORTED cue after a reporting verb is reported speech ("said it would", "told them they must"). */
    private static boolean reported(Analysis a, CueHit h) {
        if (h.kind() != Kind.HYPOTHETICAL && h.kind() != Kind.GENERIC && h.kind() != Kind.HISTORY) {
            return false;
        }
        boolean backshift = false;
        for (CueHit r : a.cues()) {
            if (r.kind() == Kind.REPORTED && r.start() == h.start()) {
                backshift = true;
                break;
            }
        }
        if (!backshift) {
            return false;
        }
        for (CueHit r : a.cues()) {
            if (r.kind() == Kind.REPORTING && r.end() <= h.start() && (words(a.folded(), r.end(), h.start()) <= REPORTED_WINDOW_WORDS
                    || thatClause(a.folded(), r.end(), h.start()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A further "that" clause of the same reporting verb ("the prospectus says its capacity reached ... and that
     * yields had reached ...", "has specified that every accelerator in a ... tender must be"): the verb of that clause
     * comes after its subject, which can be long, so the window is wider than right after the reporting verb.
     */
    private static boolean thatClause(String f, int from, int at) {
        int that = f.lastIndexOf(" that ", at);
        return that >= from && words(f, that + 6, at) <= THAT_CLAUSE_WORDS;
    }

    private static boolean startsWith(Analysis a, int from, Kind kind) {
        int i = from;
        String f = a.folded();
        while (i < f.length() && (f.charAt(i) == ' ' || f.charAt(i) == ',')) {
            i++;
        }
        for (CueHit h : a.cues()) {
            if (h.kind() == kind && h.start() == i) {
                return true;
            }
        }
        return false;
    }

    /**
     * Clauses of the sentence: split at ; : ( ) and a spaced dash; at a Chinese comma; at an English comma
     * followed by a clause opener; and after a leading subordinate clause ("After ..., ..."). A short
     * leading Chinese clause (此前, 2023年10月, 据报道) belongs to the clause it introduces.
     */
    private List<int[]> segments(String f, List<CueHit> hits) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int n = f.length();
        boolean leadingSubordinate = opensAt(hits, skipSpaces(f, 0), Kind.SUBORDINATE)
                || opensAt(hits, skipSpaces(f, 0), Kind.HYPOTHETICAL);
        boolean insertion = false;
        for (int i = 0; i < n; i++) {
            char c = f.charAt(i);
            // Chinese runs words together, so a space between two Chinese characters separates clauses, as in
            // headlines: "新建智算中心须用国产算力 昇腾订单排至明年"
            boolean boundary = c == ';' || c == ':' || c == '(' || c == ')'
                    || c == '-' && i > 0 && i + 1 < n && f.charAt(i - 1) == ' ' && f.charAt(i + 1) == ' '
                    || c == ' ' && i > 0 && i + 1 < n && Text.isCjk(f.charAt(i - 1)) && Text.isCjk(f.charAt(i + 1));
            if (c == ',' && !(i > 0 && i + 1 < n && Character.isDigit(f.charAt(i - 1)) && Character.isDigit(f.charAt(i + 1)))) {
                int next = skipSpaces(f, i + 1);
                boolean cjk = i > 0 && Text.isCjk(f.charAt(i - 1)) || next < n && Text.isCjk(f.charAt(next));
                if (cjk) {
                    boundary = !(out.isEmpty() && cjkChars(f, start, i) <= SHORT_FRONT_CJK);
                } else {
                    // a relative or participial insertion (", which ... ,", ", published last week,") and a
                    // subordinate clause end at the next comma; other clause openers run to the end
                    boolean opens = opensAt(hits, next, Kind.CLAUSE_OPENER) || participle(f, next) || gerund(f, next);
                    boundary = opens || leadingSubordinate || insertion;
                    insertion = opensAt(hits, next, Kind.RELATIVE) || opensAt(hits, next, Kind.SUBORDINATE) || participle(f, next);
                }
                leadingSubordinate = false;
            }
            if (boundary) {
                out.add(new int[] {start, i});
                start = i + 1;
            }
        }
        out.add(new int[] {start, n});
        return out;
    }

    /** A present participle opening a clause of its own: ", moving away from ...", ", saying ...". */
    private static boolean gerund(String f, int at) {
        int e = at;
        while (e < f.length() && Character.isLetter(f.charAt(e))) {
            e++;
        }
        return e - at >= 5 && f.startsWith("ing", e - 3) && (e >= f.length() || f.charAt(e) == ' ');
    }

    /** A past participle opening a reduced relative clause: ", published by ...", ", founded in 2019". */
    private static boolean participle(String f, int at) {
        int e = at;
        while (e < f.length() && Character.isLetter(f.charAt(e))) {
            e++;
        }
        return e - at >= 5 && f.startsWith("ed", e - 2) && (e >= f.length() || f.charAt(e) == ' ');
    }

    private static boolean opensAt(List<CueHit> hits, int at, Kind kind) {
        for (CueHit h : hits) {
            if (h.kind() == kind && h.start() == at) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaces(String f, int i) {
        while (i < f.length() && f.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int cjkChars(String f, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Text.isCjk(f.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static int[] segmentOf(List<int[]> segments, int at) {
        for (int[] s : segments) {
            if (at >= s[0] && at < s[1]) {
                return s;
            }
        }
        return segments.get(segments.size() - 1);
    }

    /** Words between two offsets: Latin words, and one per two CJK characters. */
    static int words(String f, int from, int to) {
        int words = 0;
        int cjk = 0;
        boolean inWord = false;
        for (int i = Math.max(0, from); i < Math.min(to, f.length()); i++) {
            char c = f.charAt(i);
            if (Text.isCjk(c)) {
                cjk++;
                inWord = false;
            } else if (Character.isLetterOrDigit(c)) {
                if (!inWord) {
                    words++;
                }
                inWord = true;
            } else {
                inWord = false;
            }
        }
        return words + (cjk + 1) / 2;
    }

    // ------------------------------------------------------------------ dates

    private static final String MONTH = "(january|february|march|april|may|june|july|august|september|october|november|december"
            + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?";
    private static final String NOT_AFTER_WORD = "(?<![\\p{L}\\p{Nd}])";
    /**
     * Groups: 1 month 2 day 3 year | 4 day 5 month 6 year | 7 month 8 year | 9 preposition 10 year |
     * 11 preposition 12 month | 13-15 ISO date | 16 year 17 month 18 day (Chinese) | 19 month 20 day (Chinese) |
     * 21 a month without year or day (Chinese: 8月, 今年9月) |
     * 22 a bare year (an attribute when it stands right before the trigger: "its 2020 listing").
     */
    static final Pattern DATES = Pattern.compile(
            NOT_AFTER_WORD + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4}))?"
            + "|" + NOT_AFTER_WORD + "(\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTH + "(?:,?\\s+(\\d{4}))?(?![\\p{L}\\p{Nd}])"
            + "|" + NOT_AFTER_WORD + MONTH + ",?\\s+(\\d{4})(?!\\d)"
            + "|(?<!\\p{L})(in|since|during|from|until|through|throughout|before|early|late|mid|end of|beginning of|start of"
            + "|spring of|summer of|autumn of|fall of|winter of|as of)[\\s-]+((?:19|20)\\d{2})(?![\\d年]|-\\d)"
            + "|(?<!\\p{L})(in|since|during|from|until|early|late|mid|last)[\\s-]+" + MONTH + "(?![\\p{L}]|\\s+\\d)"
            + "|(?<!\\d)((?:19|20)\\d{2})-(\\d{2})-(\\d{2})(?!\\d)"
            + "|(?<!\\d)((?:19|20)\\d{2})\\s*年(?:\\s*(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*[日号])?)?"
            + "|(?<![\\d年])(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]"
            + "|(?<![\\d.])(\\d{1,2})\\s*月(?![\\d日号])"
            + "|(?<![\\d.,$])((?:19|20)\\d{2})(?![\\d%,.]\\d|\\d|%)");

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    static List<DateHit> dates(String f, LocalDate ref) {
        List<DateHit> out = new ArrayList<>();
        if (!mayHoldDate(f)) {
            return out;
        }
        SparseFind.forEach(DATES, f, SalienceJudge::mayStartDate, m -> {
            DateHit d = date(m, ref, f);
            if (d != null) {
                out.add(d);
            }
        });
        return out;
    }

    /**
     * Where {@link #DATES} can start (it is tried only there, see {@link SparseFind}): a digit, or the first
     * letter of a month or time preposition not right after a letter (each such alternative opens with a
     * lookbehind that forbids one). The text is case-folded and the pattern has no case-insensitive flag.
     */
    static boolean mayStartDate(String f, int i) {
        char c = f.charAt(i);
        if (SparseFind.isAsciiDigit(c)) {
            return true;
        }
        return DATE_INITIALS.indexOf(c) >= 0 && (i == 0 || !Character.isLetter(f.charAt(i - 1)));
    }

    /** First letters of the words a letter-led alternative of {@link #DATES} starts with (a test checks them). */
    static final String DATE_INITIALS = "abdefijlmnostuw";

    /** Digits or a month name: most sentences have neither, and the date regex stays off them. */
    private static boolean mayHoldDate(String f) {
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        for (String mo : MONTHS) {
            if (f.contains(mo)) {
                return true;
            }
        }
        return false;
    }

    private static DateHit date(Matcher m, LocalDate ref, String f) {
        int s = m.start();
        int e = m.end();
        try {
            if (m.group(1) != null) {
                return day(s, e, ref, month(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
            }
            if (m.group(5) != null) {
                return day(s, e, ref, month(m.group(5)), Integer.parseInt(m.group(4)), m.group(6));
            }
            if (m.group(7) != null) {
                DateHit d = monthOf(s, e, ref, YearMonth.of(Integer.parseInt(m.group(8)), month(m.group(7))));
                // "the October 2025 package", "extends pause on October 2025 controls": the date names the thing,
                // it does not place the verb; as with a bare year, it dates only the trigger it stands before
                return d.when() == When.PAST && attribute(f, s, e) ? new DateHit(s, e, When.PAST_ATTRIBUTE, d.label()) : d;
            }
            if (m.group(10) != null) {
                int year = Integer.parseInt(m.group(10));
                return new DateHit(s, e, year < ref.getYear() ? When.PAST : When.OTHER, "past-time:" + year);
            }
            if (m.group(12) != null) {
                int month = month(m.group(12));
                // a month without a year: the latest such month not after the published one
                YearMonth ym = YearMonth.of(ref.getYear(), month);
                if (month > ref.getMonthValue()) {
                    if (!"last".equals(m.group(11)) && !"since".equals(m.group(11))) {
                        return new DateHit(s, e, When.OTHER, "future"); // "in December" may well be ahead
                    }
                    ym = ym.minusYears(1);
                }
                return monthOf(s, e, ref, ym);
            }
            if (m.group(13) != null) {
                return day(s, e, ref, Integer.parseInt(m.group(14)), Integer.parseInt(m.group(15)), m.group(13));
            }
            if (m.group(16) != null) {
                int year = Integer.parseInt(m.group(16));
                if (m.group(18) != null) {
                    return day(s, e, ref, Integer.parseInt(m.group(17)), Integer.parseInt(m.group(18)), m.group(16));
                }
                if (m.group(17) != null) {
                    return monthOf(s, e, ref, YearMonth.of(year, Integer.parseInt(m.group(17))));
                }
                return new DateHit(s, e, year < ref.getYear() ? When.PAST : When.OTHER, "past-time:" + year);
            }
            if (m.group(19) != null) {
                return day(s, e, ref, Integer.parseInt(m.group(19)), Integer.parseInt(m.group(20)), null);
            }
            if (m.group(21) != null) {
                // 8月 in an article of October: the latest such month not after the published one, as "in August"
                int month = Integer.parseInt(m.group(21));
                if (month > ref.getMonthValue()) {
                    return new DateHit(s, e, When.OTHER, "future");
                }
                return monthOf(s, e, ref, YearMonth.of(ref.getYear(), month));
            }
            if (m.group(22) != null) {
                int year = Integer.parseInt(m.group(22));
                return year < ref.getYear() ? new DateHit(s, e, When.PAST_ATTRIBUTE, "past-time:" + year) : null;
            }
        } catch (java.time.DateTimeException | NumberFormatException ex) {
            return null; // "February 30", "13月": not a date
        }
        return null;
    }

    private static final Pattern TIME_PREPOSITION = Pattern.compile(
            "(?:\\b(?:in|since|during|from|until|till|before|after|by|through|throughout|of|early|late|mid|between|and|to))\\s+$");

    /** A month-year date followed by a word and not introduced by a time preposition modifies that word. */
    private static boolean attribute(String f, int start, int end) {
        boolean wordAfter = end + 1 < f.length() && f.charAt(end) == ' ' && Character.isLetter(f.charAt(end + 1));
        return wordAfter && !TIME_PREPOSITION.matcher(f.substring(Math.max(0, start - 20), start)).find();
    }

    private static int month(String name) {
        String n = name.replace(".", "");
        return MONTHS.indexOf(n.length() > 3 ? n.substring(0, 3) : n) + 1;
    }

    private static DateHit day(int s, int e, LocalDate ref, int month, int day, String year) {
        LocalDate d = LocalDate.of(year == null ? ref.getYear() : Integer.parseInt(year), month, day);
        long before = ChronoUnit.DAYS.between(d, ref);
        if (year == null && before < -1) {
            return new DateHit(s, e, When.OTHER, "future"); // ahead this year, or last year: ambiguous
        }
        if (before > RECAP_DAYS) {
            return new DateHit(s, e, When.PAST, "date-before-published");
        }
        if (before > RECENT_DAYS) {
            return new DateHit(s, e, When.RECAP, "date-before-published");
        }
        return new DateHit(s, e, before >= -1 ? When.RECENT : When.OTHER, "date");
    }

    private static DateHit monthOf(int s, int e, LocalDate ref, YearMonth ym) {
        long before = ChronoUnit.DAYS.between(ym.atEndOfMonth(), ref);
        String label = "past-time:" + ym;
        if (before > RECAP_DAYS) {
            return new DateHit(s, e, When.PAST, label);
        }
        return new DateHit(s, e, before > 0 ? When.RECAP : When.OTHER, label);
    }
}
