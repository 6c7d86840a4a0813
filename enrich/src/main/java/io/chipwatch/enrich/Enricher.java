package io.chipwatch.enrich;

import io.chipwatch.enrich.internal.EntityListParties;
import io.chipwatch.enrich.internal.EntityTagger;
import io.chipwatch.enrich.internal.EventClassifier;
import io.chipwatch.enrich.internal.EventRules;
import io.chipwatch.enrich.internal.EventScorer;
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
    /** The learned event scorer, or null when it is off or the domain pack has none. */
    private final EventScorer scorer;
    private final double scorerThreshold;
    private final double scorerPromote;

    public Enricher(Gazetteer gazetteer, EventRules rules, Clock clock) {
        this(gazetteer, new EventClassifier(Objects.requireNonNull(rules, "rules")), clock, null, 0, 1);
    }

    private Enricher(Gazetteer gazetteer, EventClassifier classifier, Clock clock, EventScorer scorer, double threshold,
                     double promote) {
        this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
        this.tagger = new EntityTagger(gazetteer, new OrgRecognizer());
        this.classifier = classifier;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scorer = scorer;
        this.scorerThreshold = threshold;
        this.scorerPromote = promote;
    }

    /**
     * Loads {@code entities.yaml} and {@code events.yaml} from {@code seedsDir}.
     *
     * @throws io.chipwatch.enrich.internal.SeedException when a file is missing or unusable; gazetteer
     *         entries that are merely bad are skipped and reported by {@link #seedProblems()}
     */
    public static Enricher fromSeeds(Path seedsDir) {
        return fromSeeds(seedsDir, EnrichConfig.EVENTS_SCORER_DEFAULT, EnrichConfig.EVENTS_SCORER_THRESHOLD_DEFAULT,
                EnrichConfig.EVENTS_SCORER_PROMOTE_DEFAULT);
    }

    /**
     * As {@link #fromSeeds(Path)}, with the learned event scorer ({@code event-scorer.json} of the seeds directory) on
     * or off; on without that file is off.
     */
    public static Enricher fromSeeds(Path seedsDir, boolean scorerOn, double threshold, double promote) {
        Enricher e = fromFiles(seedsDir.resolve(ENTITIES_FILE), seedsDir.resolve(EVENTS_FILE));
        return scorerOn ? e.withScorer(EventScorer.load(seedsDir.resolve(EventScorer.FILE)), threshold, promote) : e;
    }

    /** The enricher of the service's configuration: its seeds directory and scorer keys. */
    public static Enricher fromConfig(EnrichConfig config) {
        return fromSeeds(config.seedsDir(), config.eventsScorer(), config.eventsScorerThreshold(), config.eventsScorerPromote());
    }

    /**
     * The same enricher with another event scorer (null: none): a main event it gives a probability under
     * {@code threshold} becomes secondary; a secondary one over {@code promote} main ({@code promote >= 1}: never).
     */
    public Enricher withScorer(EventScorer other, double threshold, double promote) {
        return new Enricher(gazetteer, classifier, clock, other, threshold, promote);
    }

    /** The scorer in use, or null. */
    public EventScorer scorer() {
        return scorer;
    }

    public static Enricher fromFiles(Path entitiesYaml, Path eventsYaml) {
        return new Enricher(Gazetteer.load(entitiesYaml), EventRules.load(eventsYaml), Clock.systemUTC());
    }

    /** The same enricher with another clock (tests pin {@code enrichedAt}). */
    public Enricher withClock(Clock other) {
        return new Enricher(gazetteer, classifier, other, scorer, scorerThreshold, scorerPromote);
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
        String language = LanguageDetector.detect(title + "\n" + text, raw.language());
        List<DetectedEvent> events;
        if (scorer == null) {
            events = classifier.classify(title, text, tags.matches(), published);
        } else {
            EventClassifier.Classified c = classifier.classifyWithFeatures(title, text, tags.matches(), published);
            events = scorer.apply(c.events(), withLanguage(c.features(), language), scorerThreshold, scorerPromote);
        }
        events = EntityListParties.attach(events, title, text, tags.matches(),
                published == null ? LocalDate.now(clock).getYear() : published.getYear());
        return new EnrichedArticle(raw.id(), raw.id(), true, null, raw.sourceId(), raw.url(), title, text, language,
                raw.tags(), raw.publishedAt(), raw.fetchedAt(), clock.instant(), tags.entities(), events);
    }

    /** The rules' events of an article (no scorer), each with its scorer features: what training reads. */
    public record Candidates(List<DetectedEvent> events, List<List<String>> features) {}

    public Candidates candidates(RawArticle raw) {
        String title = Text.normalize(raw.title());
        String text = Text.normalize(raw.text());
        EntityTagger.Result tags = tagger.tag(title, text);
        String language = LanguageDetector.detect(title + "\n" + text, raw.language());
        EventClassifier.Classified c = classifier.classifyWithFeatures(title, text, tags.matches(), publishedDate(raw));
        return new Candidates(c.events(), withLanguage(c.features(), language));
    }

    private static List<List<String>> withLanguage(List<List<String>> features, String language) {
        String lang = "lang=" + language;
        return features.stream().map(f -> {
            java.util.List<String> out = new java.util.ArrayList<>(f);
            out.add(lang);
            return List.copyOf(out);
        }).toList();
    }
}
