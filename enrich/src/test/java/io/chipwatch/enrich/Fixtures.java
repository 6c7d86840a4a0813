package io.chipwatch.enrich;

import io.chipwatch.enrich.internal.EventRules;
import io.chipwatch.enrich.internal.Gazetteer;
import io.chipwatch.model.RawArticle;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shared test fixtures: the test gazetteer, the project's real event rules, article builders. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-04T09:00:00Z"), ZoneOffset.UTC);

    private static Gazetteer gazetteer;
    private static EventRules rules;
    private static Enricher enricher;

    private Fixtures() {}

    /** The project's seeds directory (tests run in the module directory). */
    public static Path seedsDir() {
        Path p = Path.of("..", "seeds");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("seeds directory not found at " + p.toAbsolutePath());
        }
        return p;
    }

    public static synchronized Gazetteer gazetteer() {
        if (gazetteer == null) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/gazetteer/entities.yaml")) {
                gazetteer = Gazetteer.load(in, "test gazetteer");
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return gazetteer;
    }

    public static synchronized EventRules rules() {
        if (rules == null) {
            rules = EventRules.load(seedsDir().resolve(Enricher.EVENTS_FILE));
        }
        return rules;
    }

    public static synchronized Enricher enricher() {
        if (enricher == null) {
            enricher = new Enricher(gazetteer(), rules(), CLOCK);
        }
        return enricher;
    }

    public static RawArticle article(String id, String title, String text) {
        return article(id, "test-source", title, text, T0);
    }

    public static RawArticle article(String id, String source, String title, String text, Instant published) {
        return new RawArticle(id, source, "https://example.test/" + id, title, text, null, null, published,
                published.plusSeconds(60), List.of("test"), "text/html");
    }
}
