package io.chipwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chipwatch.model.RawArticle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic but realistic articles for benchmarks: 2-5 KB of English news prose built from the
 * gazetteer's own names (companies, chips, agencies, countries), with event sentences in the
 * phrasings the event rules recognise. Article {@code i} of a generator is always the same (seeded
 * by its index), every article has its own story (random wording, so dedup keeps them apart), and
 * about {@link #ALERT_SHARE} of them report an event a default watch alerts on.
 */
public final class BenchArticles {
    /** Share of articles carrying an event sentence that a default watch alerts on. */
    public static final double ALERT_SHARE = 0.15;

    private static final String[] FILLER = ("the a of to in and for on with as by at from that which while after before "
            + "analysts said executives investors officials industry market company companies quarter revenue growth "
            + "demand supply customers data centre centres servers capacity production plans plan expects expected "
            + "report reported according people familiar matter statement spokesperson declined comment week month year "
            + "earlier later last next first second third billion million percent shares stock price prices profit margin "
            + "margins outlook guidance forecast strategy product products design designs engineers team teams factory "
            + "factories plant plants line lines wafer wafers node nodes process packaging advanced mature older newer "
            + "training inference model models cluster clusters cloud computing power energy cost costs budget spending "
            + "investment investments partner partners partnership contract contracts deal deals talks meeting meetings "
            + "government ministry policy policies rule rules regulators lawmakers bill hearing trade tensions relations "
            + "global regional domestic local foreign international supply chain chains logistics inventory inventories "
            + "shipment schedule timeline delays delay risk risks uncertainty pressure competition rivals rival share "
            + "software stack ecosystem developers developer tools framework compatibility performance benchmark efficiency "
            + "yield yields quality testing validation certification customers buyers sellers distributors resellers "
            + "morning evening Monday Tuesday Wednesday Thursday Friday conference call presentation filing disclosure "
            + "exchange listing board chairman chief executive officer founder research laboratory university institute "
            + "province city region coastal northern southern eastern western hub park zone campus headquarters office").split(" ");

    private static final String[] NEUTRAL = {
        "%s said on %s that its %s business was on track, while analysts at several brokerages kept their %s estimates unchanged.",
        "Executives from %s met %s customers in %s this week to discuss %s roadmaps and pricing for the coming year.",
        "%s and %s are both competing for the same data centre contracts, people familiar with the %s talks said.",
        "In a filing, %s described its %s unit as a priority and said spending on %s would continue through %s.",
        "Shares of %s moved little after the %s update, as traders weighed %s against the broader %s outlook.",
    };

    /** Event sentences: {0} a Chinese company, {1} a chip, {2} an agency or government. */
    private static final String[] EVENTS = {
        "The Commerce Department granted export licences allowing Nvidia to sell its %2$s chips to Chinese customers such as %1$s, officials said.",
        "The US Commerce Department added %1$s to the Entity List, barring American suppliers from shipping to it.",
        "Washington announced new export controls restricting sales of advanced %2$s accelerators and chipmaking equipment to China.",
        "Orders for Huawei's Ascend 910C chips surged as Chinese cloud providers rushed to secure computing power.",
        "HBM supply remains tight, and SK Hynix said shortages of high-bandwidth memory would last into next year.",
    };

    private final List<String> companies = new ArrayList<>();
    private final List<String> chineseCompanies = new ArrayList<>();
    private final List<String> chips = new ArrayList<>();
    private final List<String> places = new ArrayList<>();
    private final long seed;

    private BenchArticles(long seed) {
        this.seed = seed;
    }

    /** A generator over the gazetteer in {@code seedsDir/entities.yaml}. */
    public static BenchArticles fromSeeds(Path seedsDir, long seed) {
        BenchArticles g = new BenchArticles(seed);
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(seedsDir.resolve("entities.yaml").toFile());
            for (JsonNode e : root.path("entities")) {
                String name = e.path("name").asText("");
                if (name.isEmpty() || !name.chars().allMatch(c -> c < 0x2E80)) {
                    continue; // English prose only
                }
                switch (e.path("type").asText("")) {
                    case "COMPANY" -> {
                        g.companies.add(name);
                        if ("CN".equals(e.path("country").asText(""))) {
                            g.chineseCompanies.add(name);
                        }
                    }
                    case "CHIP" -> g.chips.add(name);
                    case "COUNTRY" -> g.places.add(name);
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gazetteer in " + seedsDir + ": " + e.getMessage(), e);
        }
        if (g.companies.isEmpty() || g.chips.isEmpty() || g.chineseCompanies.isEmpty()) {
            throw new IllegalStateException("the gazetteer in " + seedsDir + " has no companies or chips to write about");
        }
        if (g.places.isEmpty()) {
            g.places.add("China");
        }
        return g;
    }

    /** Article number {@code i}; {@code alerting} forces an event sentence a default watch alerts on. */
    public RawArticle article(long i, boolean alerting, Instant published) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        boolean event = alerting || r.nextDouble() < ALERT_SHARE;
        String company = pick(r, companies);
        String title = company + " " + word(r) + " " + word(r) + " as " + pick(r, chips) + " " + word(r) + " " + i;
        int target = 2_000 + r.nextInt(3_000);
        StringBuilder text = new StringBuilder(target + 600);
        int eventAt = event ? r.nextInt(4) : -1;
        for (int sentence = 0; text.length() < target; sentence++) {
            if (sentence == eventAt) {
                text.append(String.format(EVENTS[r.nextInt(EVENTS.length)], pick(r, chineseCompanies), pick(r, chips))).append(' ');
            }
            if (r.nextInt(3) == 0) {
                text.append(String.format(NEUTRAL[r.nextInt(NEUTRAL.length)], pick(r, companies), word(r), pick(r, places), word(r)));
            } else {
                prose(r, text);
            }
            text.append(sentence % 5 == 4 ? "\n\n" : " ");
        }
        String id = String.format("bench-%016x-%d", seed, i);
        return new RawArticle(id, "bench", "https://bench.example/" + id, title, text.toString().trim(), null, "en",
                published, published, List.of("bench"), "text/html");
    }

    private static void prose(SplittableRandom r, StringBuilder out) {
        int words = 12 + r.nextInt(18);
        String first = word(r);
        out.append(Character.toUpperCase(first.charAt(0))).append(first, 1, first.length());
        for (int w = 1; w < words; w++) {
            out.append(' ').append(word(r));
        }
        out.append('.');
    }

    private static String word(SplittableRandom r) {
        return FILLER[r.nextInt(FILLER.length)];
    }

    private static String pick(SplittableRandom r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }
}
