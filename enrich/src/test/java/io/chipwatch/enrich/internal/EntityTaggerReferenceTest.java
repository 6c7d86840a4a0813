package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.Mention;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link EntityTagger#find} against a plain search that needs no automaton: every occurrence of
 * every pattern by {@code indexOf}, the same boundary rule, then overlaps resolved by repeatedly
 * taking the longest, then leftmost free candidate (a folded one before an exact one on the same
 * span). The tries must find exactly what that finds, on the sample articles and on generated text
 * that glues aliases to awkward neighbours (plurals, CJK, dashes, case changes, U+FFFF).
 */
class EntityTaggerReferenceTest {
    private static final String[] GLUE = {" ", "", "-", "s ", "S ", "s", ".", "，", "华", "1", "x", "\n", "'", "\uFFFF",
        "\u0130", "\u212A", "\uD83D\uDE00", "ß", "é", " the ", "。", "Σ"};

    @Test
    void shouldTagTheSampleArticlesAsAPlainSearchDoes() throws Exception {
        Gazetteer seeds = Gazetteer.load(Fixtures.seedsDir().resolve(Enricher.ENTITIES_FILE));
        EntityTagger tagger = new EntityTagger(seeds);
        EntityTagger.PatternSets patterns = EntityTagger.patterns(seeds);
        List<Path> files;
        try (Stream<Path> s = Files.walk(Fixtures.seedsDir().resolve("articles"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int matches = 0;
        for (Path f : files) {
            String text = Text.normalize(Files.readString(f, StandardCharsets.UTF_8));
            List<String> found = describe(tagger.find(Mention.TEXT, text));
            assertThat(found).as(f.toString()).isEqualTo(describe(reference(patterns, Mention.TEXT, text)));
            matches += found.size();
        }
        assertThat(matches).isGreaterThan(100);
    }

    @Test
    void shouldTagGeneratedTextAsAPlainSearchDoes() {
        for (Gazetteer g : List.of(Fixtures.gazetteer(), Gazetteer.load(Fixtures.seedsDir().resolve(Enricher.ENTITIES_FILE)))) {
            EntityTagger tagger = new EntityTagger(g);
            EntityTagger.PatternSets patterns = EntityTagger.patterns(g);
            List<String> aliases = new ArrayList<>();
            for (GazetteerEntry e : g.entries()) {
                aliases.add(e.name());
                aliases.addAll(e.aliases());
                aliases.addAll(e.exact());
            }
            SplittableRandom r = new SplittableRandom(11);
            for (int t = 0; t < 300; t++) {
                String text = generated(aliases, r);
                for (String s : List.of(text, Text.normalize(text))) {
                    assertThat(describe(tagger.find(Mention.TEXT, s))).as(s)
                            .isEqualTo(describe(reference(patterns, Mention.TEXT, s)));
                }
            }
        }
    }

    @Test
    void shouldPreferTheCaseInsensitiveEntryOnAnIdenticalSpan() {
        GazetteerEntry loose = entry("acme", "Acme Labs");
        GazetteerEntry exact = new GazetteerEntry("acme-exact", "Acme Exact", EntityType.COMPANY, null, null, false, List.of(),
                List.of(), List.of("Acme Labs"), List.of(), List.of(), null);
        Gazetteer g = new Gazetteer(List.of(loose, exact), List.of());
        String s = "Acme Labs said so; acme labs agreed";
        assertThat(describe(new EntityTagger(g).find(Mention.TEXT, s)))
                .containsExactly("acme@text:0-9", "acme@text:19-28")
                .isEqualTo(describe(reference(EntityTagger.patterns(g), Mention.TEXT, s)));
    }

    /**
     * Every automaton state is some pattern prefix; from each, U+FFFF (in no pattern, not a word
     * char, so it changes nothing) must not read past the end of the double array.
     */
    @Test
    void shouldScanUFFFFAfterAnyPatternPrefix() {
        Gazetteer seeds = Gazetteer.load(Fixtures.seedsDir().resolve(Enricher.ENTITIES_FILE));
        // a small or Latin-only gazetteer ends its double array right after the last state, where U+FFFF overflowed
        for (Gazetteer g : List.of(Fixtures.gazetteer(), seeds, latinOnly(seeds), latinOnly(Fixtures.gazetteer()),
                new Gazetteer(List.of(entry("huawei", "Huawei")), List.of()),
                new Gazetteer(List.of(entry("amd", "AMD")), List.of()))) {
            EntityTagger tagger = new EntityTagger(g);
            EntityTagger.PatternSets patterns = EntityTagger.patterns(g);
            for (Map<String, GazetteerEntry> set : List.of(patterns.folded(), patterns.exact())) {
                for (String k : set.keySet()) {
                    for (int i = 1; i <= k.length(); i++) {
                        String prefix = k.substring(0, i);
                        assertThat(describe(tagger.find(Mention.TEXT, prefix + "\uFFFF"))).as(prefix)
                                .isEqualTo(describe(tagger.find(Mention.TEXT, prefix)));
                    }
                }
            }
        }
    }

    private static Gazetteer latinOnly(Gazetteer g) {
        List<GazetteerEntry> out = new ArrayList<>();
        for (GazetteerEntry e : g.entries()) {
            if (e.name().chars().allMatch(c -> c < 0x80)) {
                out.add(new GazetteerEntry(e.id(), e.name(), e.type(), e.country(), e.parent(), e.family(), e.tags(),
                        e.aliases().stream().filter(a -> a.chars().allMatch(c -> c < 0x80)).toList(),
                        e.exact().stream().filter(a -> a.chars().allMatch(c -> c < 0x80)).toList(), e.ancestors(),
                        e.inheritedTags(), e.inheritedCountry()));
            }
        }
        return new Gazetteer(out, List.of());
    }

    private static GazetteerEntry entry(String id, String name) {
        return new GazetteerEntry(id, name, EntityType.COMPANY, null, null, false, List.of(), List.of(), List.of(), List.of(),
                List.of(), null);
    }

    private static String generated(List<String> aliases, SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = 5 + r.nextInt(30);
        for (int k = 0; k < n; k++) {
            String a = aliases.get(r.nextInt(aliases.size()));
            switch (r.nextInt(6)) {
                case 0 -> a = a.toLowerCase(Locale.ROOT);
                case 1 -> a = a.toUpperCase(Locale.ROOT);
                case 2 -> a = a.length() > 2 ? a.substring(1) : a;
                case 3 -> a = a.length() > 2 ? a.substring(0, a.length() - 1) : a;
                default -> { }
            }
            sb.append(a).append(GLUE[r.nextInt(GLUE.length)]);
            if (r.nextInt(4) == 0) {
                sb.append(GLUE[r.nextInt(GLUE.length)]);
            }
        }
        return sb.toString();
    }

    private record Candidate(GazetteerEntry entry, int start, int end, int rank) {}

    private static List<EntityTagger.Match> reference(EntityTagger.PatternSets patterns, String field, String s) {
        List<Candidate> candidates = new ArrayList<>();
        occurrences(patterns.folded(), Text.fold(s), s, 0, candidates);
        occurrences(patterns.exact(), s, s, 1, candidates);
        boolean[] taken = new boolean[s.length()];
        List<EntityTagger.Match> out = new ArrayList<>();
        while (true) {
            Candidate best = null;
            for (Candidate c : candidates) {
                boolean free = true;
                for (int i = c.start(); i < c.end(); i++) {
                    free &= !taken[i];
                }
                if (free && (best == null || better(c, best))) {
                    best = c;
                }
            }
            if (best == null) {
                break;
            }
            for (int i = best.start(); i < best.end(); i++) {
                taken[i] = true;
            }
            out.add(new EntityTagger.Match(best.entry(), field, best.start(), best.end()));
        }
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    private static boolean better(Candidate c, Candidate best) {
        int len = c.end() - c.start();
        int bestLen = best.end() - best.start();
        if (len != bestLen) {
            return len > bestLen;
        }
        return c.start() != best.start() ? c.start() < best.start() : c.rank() < best.rank();
    }

    private static void occurrences(Map<String, GazetteerEntry> patterns, String searched, String original, int rank,
                                    List<Candidate> out) {
        for (Map.Entry<String, GazetteerEntry> p : patterns.entrySet()) {
            String k = p.getKey();
            for (int i = searched.indexOf(k); i >= 0; i = searched.indexOf(k, i + 1)) {
                if (EntityTagger.wholeWord(original, i, i + k.length())) {
                    out.add(new Candidate(p.getValue(), i, i + k.length(), rank));
                }
            }
        }
    }

    private static List<String> describe(List<EntityTagger.Match> matches) {
        return matches.stream().map(m -> m.entry().id() + "@" + m.field() + ":" + m.start() + "-" + m.end()).toList();
    }
}
