package io.chipwatch.enrich.internal;

import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Gazetteer tagging with two Aho-Corasick tries: one over case-folded text for names and aliases,
 * one over the text as written for {@code exact} aliases (and for names and aliases of three
 * characters or fewer in Latin script, such as "US" or "Arm", which are otherwise ordinary words).
 * Latin-script matches must be whole words (a trailing plural "s" after a model number or acronym
 * is allowed: "H20s", "TPUs"); CJK matches need no boundaries. Overlapping matches are resolved
 * longest first, then leftmost.
 */
public final class EntityTagger {
    private static final double TITLE_WEIGHT = 3.0;
    private static final double LEAD_WEIGHT = 2.0;
    private static final double BODY_WEIGHT = 1.0;
    private static final int LEAD_SENTENCES = 2;

    private final PayloadTrie<GazetteerEntry> folded;
    private final PayloadTrie<GazetteerEntry> exact;
    private final int patternCount;

    /** One resolved match. */
    public record Match(GazetteerEntry entry, String field, int start, int end) {}

    /** Tagging output: entities most salient first, and every match for sentence-level rules. */
    public record Result(List<TaggedEntity> entities, List<Match> matches) {}

    public EntityTagger(Gazetteer gazetteer) {
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
        this.folded = build(ci);
        this.exact = build(cs);
        this.patternCount = ci.size() + cs.size();
    }

    public int patternCount() {
        return patternCount;
    }

    private static PayloadTrie<GazetteerEntry> build(Map<String, GazetteerEntry> keywords) {
        PayloadTrie.PayloadTrieBuilder<GazetteerEntry> b = PayloadTrie.builder();
        keywords.forEach(b::addKeyword);
        return b.build();
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
        List<Span> textSentences = Sentences.split(Mention.TEXT, text);
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
                    e.inheritedTags(), e.inheritedCountry()));
        }
        entities.sort(Comparator.comparingDouble(TaggedEntity::salience).reversed()
                .thenComparing(t -> firstPos.get(t.id()))
                .thenComparing(TaggedEntity::id));
        return new Result(List.copyOf(entities), List.copyOf(matches));
    }

    /** Matches in one field, boundaries checked and overlaps resolved, in text order. */
    List<Match> find(String field, String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        List<Match> candidates = new ArrayList<>();
        collect(folded.parseText(Text.fold(s)), s, field, candidates);
        collect(exact.parseText(s), s, field, candidates);
        candidates.sort(Comparator.comparingInt((Match m) -> m.end() - m.start()).reversed()
                .thenComparingInt(Match::start));
        boolean[] taken = new boolean[s.length()];
        List<Match> out = new ArrayList<>();
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
        out.sort(Comparator.comparingInt(Match::start));
        return out;
    }

    private static void collect(Iterable<PayloadEmit<GazetteerEntry>> emits, String s, String field, List<Match> out) {
        for (PayloadEmit<GazetteerEntry> emit : emits) {
            int start = emit.getStart();
            int end = emit.getEnd() + 1;
            if (wholeWord(s, start, end)) {
                out.add(new Match(emit.getPayload(), field, start, end));
            }
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
