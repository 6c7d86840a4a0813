package io.chipwatch.enrich.internal;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventParty;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Mention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parties of an {@code ENTITY_LIST} event: the organisations (gazetteer companies and organisations,
 * and unknown ones) named in the evidence sentence and in the sentences after it that enumerate the
 * additions or removals ("The additions include A, B and C." "Removed from the list were D and E.").
 *
 * <p>A sentence is cut into clauses at reporting verbs, relative and subordinate clauses and ", and" before
 * a new predicate, so that "BIS added nine firms, saying they bought servers containing Nvidia accelerators"
 * does not list Nvidia. Inside a clause, organisations in a row (nothing but names, commas, "and" between
 * them) form a chain that takes the direction of the nearest cue before it ("added", "removed", 列入, 移出),
 * else of the nearest after it ("A and B were added"). A cue about the past ("added in 2022", "previously
 * listed") gives no parties. A clause that only enumerates ("They include A and B") takes the direction
 * last used, at first the event's own. An organisation right after a verb or preposition that makes it
 * the object of something else ("supplied Huawei", "shipped to X") is not a party.
 */
public final class EntityListParties {
    /** Sentences after the evidence sentence that may still enumerate parties. */
    static final int FOLLOWING_SENTENCES = 6;

    private static final Set<String> ADD_CUES = Set.of("add", "adds", "added", "adding", "addition", "additions",
            "listed", "listing", "blacklist", "blacklists", "blacklisted", "blacklisting",
            "placed", "places", "placing", "designate", "designates", "designated", "designating", "designation",
            "named", "names", "put", "puts", "target", "targets", "targeted", "sanctioned", "entries");
    private static final Set<String> REMOVE_CUES = Set.of("remove", "removes", "removed", "removing", "removal",
            "removals", "delist", "delists", "delisted", "delisting", "lifted", "lifts", "dropped", "drops", "struck",
            "deleted", "off");
    private static final Set<String> LIST_CUES = Set.of("include", "includes", "included", "including", "among",
            "namely", "such", "are", "were", "comprise", "comprising", "affected", "following");
    private static final String[] ZH_ADD = {"列入", "纳入", "增列", "新增", "列为", "加入"};
    private static final String[] ZH_REMOVE = {"移出", "移除", "删除", "剔除", "撤出"};
    private static final String[] ZH_LIST = {"包括", "分别是", "分别为", "其中", "涉及"};
    private static final Set<String> CLAUSE_WORDS = Set.of("saying", "said", "says", "told", "argued", "stated",
            "noted", "warned", "that", "which", "who", "whose", "because", "after", "while", "but", "although",
            "when", "since", "whereas", "unless", "if");
    private static final Set<String> NOT_A_PARTY_AFTER = Set.of("helped", "helping", "help", "helps", "supplied",
            "supplying", "supply", "supplies", "for", "to", "from", "with", "by", "containing", "contained", "using",
            "used", "bought", "buying", "sold", "selling", "shipped", "shipping", "ship", "serving", "served", "against",
            "like", "via", "than", "versus", "vs", "on", "at", "into");
    private static final Set<String> PAST_WORDS = Set.of("previously", "already", "earlier", "formerly", "once", "first",
            "originally", "had", "ago", "last", "before");

    private EntityListParties() {}

    /** The events with parties set on each {@code ENTITY_LIST} event (others unchanged). */
    public static List<DetectedEvent> attach(List<DetectedEvent> events, String title, String text,
                                             List<EntityTagger.Match> matches, int publishedYear) {
        List<DetectedEvent> out = null;
        for (int k = 0; k < events.size(); k++) {
            DetectedEvent e = events.get(k);
            if (e.type() != EventType.ENTITY_LIST) {
                continue;
            }
            List<EventParty> parties = parties(e, title, text, matches, publishedYear);
            if (!parties.isEmpty()) {
                if (out == null) {
                    out = new ArrayList<>(events);
                }
                out.set(k, e.withParties(parties));
            }
        }
        return out == null ? events : List.copyOf(out);
    }

    static List<EventParty> parties(DetectedEvent e, String title, String text, List<EntityTagger.Match> matches,
                                    int publishedYear) {
        List<Span> window = new ArrayList<>();
        int inTitle = title.indexOf(e.evidence());
        int inText = inTitle >= 0 ? -1 : text.indexOf(e.evidence());
        if (inTitle < 0 && inText < 0) {
            return List.of();
        }
        List<Span> body = Sentences.split(Mention.TEXT, text);
        int first = 0;
        if (inTitle >= 0) {
            window.add(new Span(Mention.TITLE, inTitle, inTitle + e.evidence().length()));
        } else {
            while (first < body.size() && body.get(first).end() <= inText) {
                first++;
            }
        }
        for (int k = first; k < body.size() && window.size() <= FOLLOWING_SENTENCES; k++) {
            window.add(body.get(k));
        }
        EventDirection carry = e.direction() == EventDirection.REMOVED ? EventDirection.REMOVED : EventDirection.ADDED;
        Map<String, EventParty> parties = new LinkedHashMap<>();
        boolean evidence = true;
        for (Span sentence : window) {
            String field = Mention.TITLE.equals(sentence.field()) ? title : text;
            List<EntityTagger.Match> orgs = orgsIn(sentence, matches);
            if (!orgs.isEmpty()) {
                carry = sentence(field, sentence, orgs, carry, evidence, publishedYear, parties);
            }
            evidence = false;
        }
        return List.copyOf(parties.values());
    }

    private static List<EntityTagger.Match> orgsIn(Span s, List<EntityTagger.Match> matches) {
        List<EntityTagger.Match> out = new ArrayList<>();
        for (EntityTagger.Match m : matches) {
            EntityType t = m.entry().type();
            if (m.field().equals(s.field()) && m.start() >= s.start() && m.end() <= s.end()
                    && (t == EntityType.COMPANY || t == EntityType.ORGANIZATION)) {
                out.add(m);
            }
        }
        return out;
    }

    /** A cue in a sentence: where, which way (null: only enumerates), and whether it is about the past. */
    private record Cue(int start, int end, EventDirection direction, boolean past) {}

    private static EventDirection sentence(String field, Span sentence, List<EntityTagger.Match> orgs,
                                           EventDirection carry, boolean evidence, int year,
                                           Map<String, EventParty> parties) {
        List<int[]> clauses = clauses(field, sentence);
        List<Cue> cues = cues(field, sentence, year);
        EventDirection last = carry;
        EventDirection open = null;
        java.util.Set<String> objects = new java.util.HashSet<>();
        for (int[] clause : clauses) {
            List<EntityTagger.Match> in = new ArrayList<>();
            for (EntityTagger.Match m : orgs) {
                if (m.start() < clause[0] || m.end() > clause[1]) {
                    continue;
                }
                // "on behalf of Semiconductor Manufacturing International Corp (SMIC)": the bracketed short name too
                if (objectOfOtherVerb(field, m.start()) || afterBracket(field, m.start()) && objects.contains(m.entry().id())) {
                    objects.add(m.entry().id());
                } else {
                    in.add(m);
                }
            }
            if (in.isEmpty()) {
                continue;
            }
            List<Cue> here = cues.stream().filter(c -> c.start() >= clause[0] && c.end() <= clause[1]).toList();
            int k = 0;
            while (k < in.size()) {
                int j = k;
                while (j + 1 < in.size() && !cueBetween(here, in.get(j).end(), in.get(j + 1).start())
                        && joinable(field, in.get(j).end(), in.get(j + 1).start())) {
                    j++;
                }
                EventDirection d = direction(here, in.get(k).start(), in.get(j).end(), last);
                if (d == null && here.isEmpty() && clause[2] == 1) {
                    d = open; // "The additions include A; B, accused of ...; and C": items after semicolons
                }
                if (d != null) {
                    last = d;
                    open = d;
                    for (int x = k; x <= j; x++) {
                        EntityTagger.Match m = in.get(x);
                        String id = m.entry().id();
                        boolean known = !OrgRecognizer.isUnknown(m.entry());
                        String name = known ? field.substring(m.start(), m.end()) : m.entry().name();
                        parties.putIfAbsent(id, new EventParty(name, id, known, d));
                    }
                }
                k = j + 1;
            }
        }
        return last;
    }

    /** The chain's direction: the nearest cue before it in the clause, else after it; null when none or past. */
    private static EventDirection direction(List<Cue> cues, int start, int end, EventDirection carry) {
        Cue before = null;
        Cue after = null;
        boolean listing = false;
        for (Cue c : cues) {
            if (c.direction() == null) {
                listing = true;
                continue;
            }
            if (c.end() <= start) {
                before = c;
            } else if (c.start() >= end && after == null) {
                after = c;
            }
        }
        Cue chosen = before != null ? before : after;
        if (chosen == null) {
            return listing ? carry : null;
        }
        return chosen.past() ? null : chosen.direction();
    }

    private static boolean cueBetween(List<Cue> cues, int from, int to) {
        for (Cue c : cues) {
            if (c.direction() != null && c.start() >= from && c.end() <= to) {
                return true;
            }
        }
        return false;
    }

    /** Two names in a row: only commas, "and", "&", 、, 和, 及 or a short appositive between them. */
    private static boolean joinable(String s, int from, int to) {
        if (to - from > 80) {
            return false;
        }
        String gap = s.substring(from, to);
        return !gap.contains(";") && !gap.contains(".");
    }

    private static boolean afterBracket(String s, int at) {
        int e = at;
        while (e > 0 && s.charAt(e - 1) == ' ') {
            e--;
        }
        return e > 0 && (s.charAt(e - 1) == '(' || s.charAt(e - 1) == '（');
    }

    private static boolean objectOfOtherVerb(String s, int at) {
        int e = at;
        while (e > 0 && s.charAt(e - 1) == ' ') {
            e--;
        }
        int b = e;
        while (b > 0 && Character.isLetter(s.charAt(b - 1)) && !Text.isCjk(s.charAt(b - 1))) {
            b--;
        }
        if (b == e) {
            return false;
        }
        String word = Text.lower(s.substring(b, e));
        return NOT_A_PARTY_AFTER.contains(word) || "of".equals(word) && precededBy(s, b, "behalf", "supplier", "suppliers",
                "customer", "customers", "rival", "rivals", "competitor", "competitors", "partner", "partners");
    }

    /** Clause ranges of the sentence (absolute offsets), each with 1 when it follows a semicolon, else 0. */
    private static List<int[]> clauses(String s, Span sentence) {
        List<int[]> out = new ArrayList<>();
        int start = sentence.start();
        int afterSemicolon = 0;
        int i = sentence.start();
        int end = sentence.end();
        while (i < end) {
            char c = s.charAt(i);
            if (c == ';' || c == '；') {
                add(out, start, i, afterSemicolon);
                start = i + 1;
                afterSemicolon = 1;
                i++;
            } else if (c == '，' && startsWithAny(s, i + 1, "称", "表示", "并", "但", "以", "因", "理由")
                    || c == ',' && i + 6 < end && s.startsWith(" and ", i + 1) && Character.isLowerCase(s.charAt(i + 6))) {
                add(out, start, i, afterSemicolon);
                start = i + 1;
                afterSemicolon = 0;
                i++;
            } else if (Character.isLetter(c) && !Text.isCjk(c)) {
                int w = i;
                while (w < end && Character.isLetter(s.charAt(w))) {
                    w++;
                }
                if (i > start && CLAUSE_WORDS.contains(s.substring(i, w))) {
                    add(out, start, i, afterSemicolon);
                    start = i;
                    afterSemicolon = 0;
                }
                i = w;
            } else {
                i++;
            }
        }
        add(out, start, end, afterSemicolon);
        return out;
    }

    private static void add(List<int[]> out, int start, int end, int afterSemicolon) {
        if (end > start) {
            out.add(new int[] {start, end, afterSemicolon});
        }
    }

    private static boolean startsWithAny(String s, int at, String... words) {
        for (String w : words) {
            if (s.startsWith(w, at)) {
                return true;
            }
        }
        return false;
    }

    private static List<Cue> cues(String s, Span sentence, int year) {
        List<Cue> out = new ArrayList<>();
        int i = sentence.start();
        int end = sentence.end();
        while (i < end) {
            char c = s.charAt(i);
            if (Text.isCjk(c)) {
                EventDirection d = zhCue(s, i);
                if (d != null || startsWithAny(s, i, ZH_LIST)) {
                    out.add(new Cue(i, i + 2, d, d != null && pastNear(s, sentence.start(), i, i + 2, end, year)));
                    i += 2;
                } else {
                    i++;
                }
                continue;
            }
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int w = i;
            while (w < end && Character.isLetter(s.charAt(w))) {
                w++;
            }
            String word = Text.lower(s.substring(i, w));
            EventDirection d = ADD_CUES.contains(word) ? EventDirection.ADDED
                    : REMOVE_CUES.contains(word) && !("off".equals(word) && !precededBy(s, i, "taken", "take", "takes", "came", "come", "struck"))
                    ? EventDirection.REMOVED : null;
            if (d != null || LIST_CUES.contains(word)) {
                out.add(new Cue(i, w, d, d != null && pastNear(s, sentence.start(), i, w, end, year)));
            }
            i = w;
        }
        return out;
    }

    private static EventDirection zhCue(String s, int i) {
        if (startsWithAny(s, i, ZH_ADD)) {
            return EventDirection.ADDED;
        }
        if (startsWithAny(s, i, ZH_REMOVE)) {
            return EventDirection.REMOVED;
        }
        return null;
    }

    private static boolean precededBy(String s, int at, String... words) {
        int e = at;
        while (e > 0 && s.charAt(e - 1) == ' ') {
            e--;
        }
        for (String w : words) {
            if (e >= w.length() && s.regionMatches(true, e - w.length(), w, 0, w.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the cue at [start, end) is about the past: a year before the article's (or "2019年") within a few
     * words after it, or "previously", "had", "already" ... just before it.
     */
    private static boolean pastNear(String s, int sentenceStart, int start, int end, int sentenceEnd, int year) {
        int to = Math.min(sentenceEnd, end + 40);
        for (int i = end; i + 4 <= to; i++) {
            if ((s.charAt(i) == '1' || s.charAt(i) == '2') && Character.isDigit(s.charAt(i + 1))
                    && Character.isDigit(s.charAt(i + 2)) && Character.isDigit(s.charAt(i + 3))
                    && (i == 0 || !Character.isDigit(s.charAt(i - 1)))
                    && (i + 4 >= s.length() || !Character.isDigit(s.charAt(i + 4)))) {
                int y = Integer.parseInt(s.substring(i, i + 4));
                if (y >= 1990 && y < year) {
                    return true;
                }
            }
        }
        String before = Text.lower(s.substring(Math.max(sentenceStart, start - 30), start));
        for (String w : before.split("[^\\p{L}]+")) {
            if (PAST_WORDS.contains(w)) {
                return true;
            }
        }
        String after = s.substring(end, Math.min(s.length(), end + 16));
        return after.startsWith(" years ago") || after.startsWith(" last year");
    }
}
