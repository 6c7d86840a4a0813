package io.chipwatch.enrich.internal;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gazetteer tagging with two Aho-Corasick tries: one over case-folded text for names and aliases,
 * one over the text as written for {@code exact} aliases (and for names and aliases of three
 * characters or fewer in Latin script, such as "US" or "Arm", which are otherwise ordinary words).
 * Latin-script matches must be whole words (a trailing plural "s" after a model number or acronym
 * is allowed: "H20s", "TPUs"); CJK matches need no boundaries. Overlapping matches are resolved
 * longest first, then leftmost.
 *
 * <p>Tagging runs on every article and must keep above 50 MB/s per core with tens of thousands of
 * patterns, so the tries are double-array Aho-Corasick automata ({@code com.hankcs}
 * aho-corasick-double-array-trie): two int-array reads per character and hits reported through a
 * callback, where {@code org.ahocorasick} did a boxed {@code HashMap<Character, State>} lookup per
 * character and built an emit object per hit (three quarters of tagging time). Each field is scanned
 * from one char buffer, folded per char ({@link Text#fold} is per char, so offsets are those of the
 * text) without building a folded String. The price is paid once, at construction: placing states
 * in the double array grows faster than the pattern count (about 0.1 s for the seeds gazetteer, 6 s
 * or more for 33,000 patterns, where {@code org.ahocorasick} took under 1 s).
 */
public final class EntityTagger {
    private static final double TITLE_WEIGHT = 3.0;
    private static final double LEAD_WEIGHT = 2.0;
    private static final double BODY_WEIGHT = 1.0;
    private static final int LEAD_SENTENCES = 2;

    private static final Comparator<Match> LONGEST_THEN_LEFTMOST =
            Comparator.comparingInt((Match m) -> m.end() - m.start()).reversed().thenComparingInt(Match::start);
    private static final Comparator<Match> BY_START = Comparator.comparingInt(Match::start);

    private final Patterns folded;
    private final Patterns exact;
    private final int patternCount;
    /** Finds organisations the gazetteer does not know; null: gazetteer entities only. */
    private final OrgRecognizer orgs;

    /** One resolved match. */
    public record Match(GazetteerEntry entry, String field, int start, int end) {}

    /** Tagging output: entities most salient first, and every match for sentence-level rules. */
    public record Result(List<TaggedEntity> entities, List<Match> matches) {}

    /** The patterns of a gazetteer: folded ones for the case-insensitive trie, as written for the exact one. */
    record PatternSets(Map<String, GazetteerEntry> folded, Map<String, GazetteerEntry> exact) {}

    /** A tagger of gazetteer entities only. */
    public EntityTagger(Gazetteer gazetteer) {
        this(gazetteer, null);
    }

    /** A tagger of gazetteer entities and, when {@code orgs} is not null, of organisations it does not know. */
    public EntityTagger(Gazetteer gazetteer, OrgRecognizer orgs) {
        PatternSets p = patterns(gazetteer);
        this.folded = new Patterns(p.folded());
        this.exact = new Patterns(p.exact());
        this.patternCount = p.folded().size() + p.exact().size();
        this.orgs = orgs;
    }

    static PatternSets patterns(Gazetteer gazetteer) {
        Map<String, GazetteerEntry> ci = new LinkedHashMap<>();
        Map<String, GazetteerEntry> cs = new LinkedHashMap<>();
        for (GazetteerEntry e : gazetteer.entries()) {
            Set<String> exactForms = new LinkedHashSet<>();
            e.exact().forEach(x -> exactForms.add(Text.normalize(x)));
            Set<String> loose = new LinkedHashSet<>();
            loose.add(Text.normalize(e.name()));
            e.aliases().forEach(a -> loose.add(Text.normalize(a)));
            for (String a : loose) {
                if (a.isEmpty() || exactForms.contains(a)) {
                    continue;
                }
                if (isShortLatin(a)) {
                    exactForms.add(a);
                } else {
                    variants(a).forEach(v -> ci.putIfAbsent(Text.fold(v), e));
                }
            }
            exactForms.forEach(x -> variants(x).forEach(v -> cs.putIfAbsent(v, e)));
        }
        return new PatternSets(ci, cs);
    }

    public int patternCount() {
        return patternCount;
    }

    private static boolean isShortLatin(String alias) {
        return alias.length() <= 3 && !Text.containsCjk(alias);
    }

    /** "Ascend 950" is also written "Ascend-950" and "Ascend950". */
    private static List<String> variants(String alias) {
        List<String> out = new ArrayList<>(List.of(alias));
        if (alias.indexOf(' ') > 0 && !Text.containsCjk(alias)) {
            out.add(alias.replace(' ', '-'));
            if (alias.matches(".*[\\p{L}] \\d[^ ]*$")) {
                out.add(alias.substring(0, alias.lastIndexOf(' ')) + alias.substring(alias.lastIndexOf(' ') + 1));
            }
        }
        return out;
    }

    public Result tag(String title, String text) {
        List<Match> matches = new ArrayList<>();
        matches.addAll(find(Mention.TITLE, title));
        matches.addAll(find(Mention.TEXT, text));
        if (orgs != null) {
            List<Match> unknown = orgs.recognize(title, text, matches);
            if (!unknown.isEmpty()) {
                matches = merge(matches, unknown);
            }
        }
        List<Span> textSentences = Sentences.split(Mention.TEXT, text, LEAD_SENTENCES + 1);
        int leadEnd = textSentences.size() > LEAD_SENTENCES ? textSentences.get(LEAD_SENTENCES - 1).end() : text.length();
        Map<String, List<Match>> byEntity = new LinkedHashMap<>();
        for (Match m : matches) {
            byEntity.computeIfAbsent(m.entry().id(), k -> new ArrayList<>()).add(m);
        }
        List<TaggedEntity> entities = new ArrayList<>();
        Map<String, Integer> firstPos = new LinkedHashMap<>();
        for (List<Match> ms : byEntity.values()) {
            GazetteerEntry e = ms.get(0).entry();
            double score = 0;
            List<Mention> mentions = new ArrayList<>();
            for (Match m : ms) {
                boolean inTitle = Mention.TITLE.equals(m.field());
                score += inTitle ? TITLE_WEIGHT : m.start() < leadEnd ? LEAD_WEIGHT : BODY_WEIGHT;
                String src = inTitle ? title : text;
                mentions.add(new Mention(src.substring(m.start(), m.end()), m.field(), m.start(), m.end()));
            }
            double salience = Math.round((1.0 - Math.exp(-score / 4.0)) * 1000.0) / 1000.0;
            Match first = ms.get(0);
            firstPos.put(e.id(), Mention.TITLE.equals(first.field()) ? first.start() : title.length() + 1 + first.start());
            entities.add(new TaggedEntity(e.id(), e.name(), e.type(), e.ancestors(), ms.size(), salience, mentions,
                    e.inheritedTags(), e.inheritedCountry(), !OrgRecognizer.isUnknown(e)));
        }
        entities.sort(Comparator.comparingDouble(TaggedEntity::salience).reversed()
                .thenComparing(t -> firstPos.get(t.id()))
                .thenComparing(TaggedEntity::id));
        return new Result(List.copyOf(entities), outermost(matches));
    }

    /**
     * The matches without those inside another one of the same field: a local subsidiary's name holds its parent's
     * ("Samsung" in "Samsung China Semiconductor Co., Ltd."). The parent is an entity of the article all the
     * same; the sentence-level rules (listed parties, event arguments) read one name per span.
     */
    private static List<Match> outermost(List<Match> matches) {
        List<Match> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            if (!out.isEmpty()) {
                Match last = out.get(out.size() - 1);
                if (last.field().equals(m.field()) && m.start() < last.end()) {
                    if (m.end() - m.start() > last.end() - last.start() && m.start() <= last.start()) {
                        out.set(out.size() - 1, m);
                    }
                    continue;
                }
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    /** Two match lists, each in field (title first) then offset order, merged in that order. */
    private static List<Match> merge(List<Match> a, List<Match> b) {
        List<Match> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j >= b.size() || i < a.size() && order(a.get(i)) <= order(b.get(j))) {
                out.add(a.get(i++));
            } else {
                out.add(b.get(j++));
            }
        }
        return out;
    }

    private static long order(Match m) {
        return (Mention.TITLE.equals(m.field()) ? 0L : 1L << 32) + m.start();
    }

    /** Matches in one field, boundaries checked and overlaps resolved, in text order. */
    List<Match> find(String field, String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        List<Match> candidates = new ArrayList<>();
        Hits hits = new Hits(s, field, candidates);
        char[] buf = new char[s.length()];
        // folded hits before exact ones: the sort below is stable, so on an identical span the folded entry wins
        folded.scanFolded(s, buf, hits);
        exact.scan(s, buf, hits);
        if (candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort(LONGEST_THEN_LEFTMOST);
        boolean[] taken = new boolean[s.length()];
        List<Match> out = new ArrayList<>(candidates.size());
        for (Match m : candidates) {
            boolean free = true;
            for (int i = m.start(); i < m.end() && free; i++) {
                free = !taken[i];
            }
            if (free) {
                for (int i = m.start(); i < m.end(); i++) {
                    taken[i] = true;
                }
                out.add(m);
            }
        }
        out.sort(BY_START);
        return out;
    }

    /** Keeps the hits of one field that pass the boundary check. */
    private record Hits(String s, String field, List<Match> out) implements AhoCorasickDoubleArrayTrie.IHit<GazetteerEntry> {
        @Override
        public void hit(int begin, int end, GazetteerEntry entry) {
            if (wholeWord(s, begin, end)) {
                out.add(new Match(entry, field, begin, end));
            }
        }
    }

    /**
     * One automaton over a set of patterns (none: scanning finds nothing). The double array is
     * indexed by state base + char, with slack after the last state for every char but U+FFFF (a
     * noncharacter): that one would read past the end, so text chars U+FFFF are scanned as '\0',
     * which no pattern holds (normalisation drops control chars), and patterns holding it are left out.
     */
    private static final class Patterns {
        private static final char PAST_END = '\uFFFF';

        private final AhoCorasickDoubleArrayTrie<GazetteerEntry> trie;

        Patterns(Map<String, GazetteerEntry> keywords) {
            Map<String, GazetteerEntry> usable = new LinkedHashMap<>(keywords);
            usable.keySet().removeIf(k -> k.indexOf(PAST_END) >= 0);
            if (usable.isEmpty()) {
                this.trie = null;
            } else {
                this.trie = new AhoCorasickDoubleArrayTrie<>();
                trie.build(usable);
            }
        }

        void scan(String s, char[] buf, Hits hits) {
            if (trie == null) {
                return;
            }
            s.getChars(0, buf.length, buf, 0);
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == PAST_END) {
                    buf[i] = '\0';
                }
            }
            trie.parseText(buf, hits);
        }

        /** As {@link #scan} over {@link Text#fold}{@code (s)}. */
        void scanFolded(String s, char[] buf, Hits hits) {
            if (trie == null) {
                return;
            }
            s.getChars(0, buf.length, buf, 0);
            for (int i = 0; i < buf.length; i++) {
                char c = buf[i];
                if (c >= 'A' && c <= 'Z') {
                    buf[i] = (char) (c + ('a' - 'A')); // Character.toLowerCase for ASCII, without its table lookups
                } else if (c >= 0x80) {
                    c = Text.foldChar(c);
                    buf[i] = c == PAST_END ? '\0' : c;
                }
            }
            trie.parseText(buf, hits);
        }
    }

    static boolean wholeWord(String s, int start, int end) {
        if (Text.isWordChar(s.charAt(start)) && start > 0 && Text.isWordChar(s.charAt(start - 1))) {
            return false;
        }
        char last = s.charAt(end - 1);
        if (!Text.isWordChar(last) || end >= s.length() || !Text.isWordChar(s.charAt(end))) {
            return true;
        }
        // plural of a model number or acronym: "H20s", "TPUs"
        boolean pluralable = Character.isDigit(last) || Character.isUpperCase(last);
        return pluralable && s.charAt(end) == 's' && (end + 1 >= s.length() || !Text.isWordChar(s.charAt(end + 1)));
    }
}
