package io.chipwatch.bench;

import io.chipwatch.app.BenchArticles;
import io.chipwatch.model.EntityType;
import io.chipwatch.enrich.internal.Gazetteer;
import io.chipwatch.enrich.internal.GazetteerEntry;
import io.chipwatch.model.RawArticle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared inputs: the seeds directory ({@code -Dchipwatch.seeds}, default {@code seeds}), articles, gazetteers. */
final class Corpus {
    static final int ARTICLES = 100;

    private Corpus() {}

    static Path seeds() {
        Path p = Path.of(System.getProperty("chipwatch.seeds", "seeds"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("no seeds directory at " + p.toAbsolutePath()
                    + "; run from the repository root or pass -Dchipwatch.seeds=DIR (with -jvmArgsAppend)");
        }
        return p;
    }

    /** {@link #ARTICLES} generated articles of 2-5 KB (the same ones `chipwatch bench` sends). */
    static List<RawArticle> articles() {
        BenchArticles g = BenchArticles.fromSeeds(seeds(), 42);
        List<RawArticle> out = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            out.add(g.article(i, false, Instant.parse("2026-01-01T00:00:00Z")));
        }
        return out;
    }

    static long bytes(List<RawArticle> articles) {
        return articles.stream().mapToLong(a -> a.title().length() + a.text().length()).sum();
    }

    /**
     * The seeds gazetteer plus {@code extra} synthetic companies with two aliases each, names built
     * from syllables so they look like words and share prefixes (the hard case for a trie).
     */
    static Gazetteer withSynthetic(Gazetteer seeds, int extra) {
        List<GazetteerEntry> all = new ArrayList<>(seeds.entries());
        String[] syl = {"ka", "lo", "mi", "ten", "zor", "vex", "qua", "ri", "son", "tek", "nova", "chip", "sil", "ion", "tra", "wei"};
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < extra; i++) {
            String base = syl[r.nextInt(syl.length)] + syl[r.nextInt(syl.length)] + syl[r.nextInt(syl.length)] + i;
            String name = Character.toUpperCase(base.charAt(0)) + base.substring(1) + " Semiconductor";
            all.add(new GazetteerEntry("syn-" + i, name, EntityType.COMPANY, "US", null, false, List.of("chip"),
                    List.of(base + " Microsystems", base.toUpperCase() + " Labs"), List.of(), List.of(), List.of("chip"), "US"));
        }
        return new Gazetteer(all, List.of());
    }

    /** Every name and alias of a gazetteer (what the naive regex baseline loops over). */
    static List<String> aliases(Gazetteer g) {
        List<String> out = new ArrayList<>();
        for (GazetteerEntry e : g.entries()) {
            out.add(e.name());
            out.addAll(e.aliases());
            out.addAll(e.exact());
        }
        return out;
    }
}
