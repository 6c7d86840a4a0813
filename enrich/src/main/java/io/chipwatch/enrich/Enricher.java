package io.chipwatch.enrich;

import io.chipwatch.enrich.internal.EntityListParties;
import io.chipwatch.enrich.internal.EntityTagger;
import io.chipwatch.enrich.internal.EventClassifier;
import io.chipwatch.enrich.internal.EventRules;
import io.chipwatch.enrich.internal.Gazetteer;
import io.chipwatch.enrich.internal.LanguageDetector;
import io.chipwatch.enrich.internal.OrgRecognizer;
import io.chipwatch.enrich.internal.Text;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Per-article enrichment without Kafka: normalisation (NFKC, quotes, whitespace), language
 * detection, gazetteer tagging and rule-based event classification. The {@code chipwatch-enrich}
 * topology runs exactly this, then assigns the story (dedup); used alone (as by
 * {@code chipwatch tag FILE...}) every article is its own story ({@code storyId = id},
 * {@code firstInStory = true}). Thread-safe and immutable once built.
 */
public final class Enricher {
    /** File names inside the seeds directory. */
    public static final String ENTITIES_FILE = "entities.yaml";
    public static final String EVENTS_FILE = "events.yaml";

    private final Gazetteer gazetteer;
    private final EntityTagger tagger;
    private final EventClassifier classifier;
    private final Clock clock;

    public Enricher(Gazetteer gazetteer, EventRules rules, Clock clock) {
        this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
        this.tagger = new EntityTagger(gazetteer, new OrgRecognizer());
        this.classifier = new EventClassifier(Objects.requireNonNull(rules, "rules"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Loads {@code entities.yaml} and {@code events.yaml} from {@code seedsDir}.
     *
     * @throws io.chipwatch.enrich.internal.SeedException when a file is missing or unusable; gazetteer
     *         entries that are merely bad are skipped and reported by {@link #seedProblems()}
     */
    public static Enricher fromSeeds(Path seedsDir) {
        return fromFiles(seedsDir.resolve(ENTITIES_FILE), seedsDir.resolve(EVENTS_FILE));
    }

    public static Enricher fromFiles(Path entitiesYaml, Path eventsYaml) {
        return new Enricher(Gazetteer.load(entitiesYaml), EventRules.load(eventsYaml), Clock.systemUTC());
    }

    /** The same enricher with another clock (tests pin {@code enrichedAt}). */
    public Enricher withClock(Clock other) {
        return new Enricher(gazetteer, classifierRules(), other);
    }

    private EventRules classifierRules() {
        return classifier.rules();
    }

    /** Problems found in the gazetteer (skipped entries, dropped parents); empty when clean. */
    public List<String> seedProblems() {
        return gazetteer.problems();
    }

    public int entityCount() {
        return gazetteer.size();
    }

    /** The date time expressions are placed against: published, else fetched (UTC). */
    private static LocalDate publishedDate(RawArticle raw) {
        Instant at = raw.publishedAt() != null ? raw.publishedAt() : raw.fetchedAt();
        return at == null ? null : at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Enriches one article as its own story. */
    public EnrichedArticle enrich(RawArticle raw) {
        Objects.requireNonNull(raw, "raw");
        String title = Text.normalize(raw.title());
        String text = Text.normalize(raw.text());
        EntityTagger.Result tags = tagger.tag(title, text);
        LocalDate published = publishedDate(raw);
        List<DetectedEvent> events = classifier.classify(title, text, tags.matches(), published);
        events = EntityListParties.attach(events, title, text, tags.matches(),
                published == null ? LocalDate.now(clock).getYear() : published.getYear());
        String language = LanguageDetector.detect(title + "\n" + text, raw.language());
        return new EnrichedArticle(raw.id(), raw.id(), true, null, raw.sourceId(), raw.url(), title, text, language,
                raw.tags(), raw.publishedAt(), raw.fetchedAt(), clock.instant(), tags.entities(), events);
    }
}
