package io.chipwatch.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.alerts.WatchFiles;
import io.chipwatch.alerts.WatchMatcher;
import io.chipwatch.app.eval.EvalReport.Finding;
import io.chipwatch.app.eval.EvalReport.WatchScore;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.ingest.ArchiveReplayer;
import io.chipwatch.ingest.ArticleExtractor;
import io.chipwatch.ingest.internal.ArchiveFiles;
import io.chipwatch.ingest.internal.MalformedFeedException;
import io.chipwatch.model.Alert;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EventType;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.Salience;
import io.chipwatch.model.TaggedEntity;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Runs a labelled directory through the pipeline's own code and scores it: {@link Enricher} for events
 * and entities (as {@code chipwatch tag} and the enrich service), the offline story assignment when the
 * build has one, and a {@link WatchMatcher} over the default watches fed the first article of each story
 * once per watch and story, as the alerts service does.
 */
public final class Evaluation {
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final Instant NOW = Instant.parse("2000-01-01T00:00:00Z");

    private final Enricher enricher;
    private final List<Watch> watches;
    private final Map<String, String> entityTypes;

    /**
     * @param seedsDir    entities.yaml and events.yaml for the enricher
     * @param watchesFile the watches to score (the default watches: {@code seeds/watches.yaml})
     */
    public Evaluation(Path seedsDir, Path watchesFile) throws IOException {
        this(seedsDir, watchesFile, Enricher.fromSeeds(seedsDir));
    }

    /** As {@link #Evaluation(Path, Path)}, with a given enricher (other rules, another scorer or none). */
    public Evaluation(Path seedsDir, Path watchesFile, Enricher enricher) throws IOException {
        this.enricher = enricher;
        this.watches = WatchFiles.read(watchesFile).stream().filter(Watch::isEnabled).filter(w -> w.spike() == null).toList();
        this.entityTypes = entityTypes(seedsDir.resolve(Enricher.ENTITIES_FILE));
    }

    /** One labelled article, read and enriched, with the story it was given. */
    private record Run(EvalLabels.Article label, RawArticle raw, EnrichedArticle enriched) {}

    public EvalReport run(Path dir, EvalLabels labels) {
        List<String> problems = new ArrayList<>(labels.problems());
        List<Run> runs = read(dir, labels, problems);
        Optional<UnaryOperator<EnrichedArticle>> stories = storyAssigner();
        List<Run> assigned = new ArrayList<>();
        for (Run r : runs) {
            EnrichedArticle e = enricher.enrich(r.raw());
            assigned.add(new Run(r.label(), r.raw(), stories.isPresent() ? stories.get().apply(e) : e));
        }
        Map<String, Run> byFile = new HashMap<>();
        assigned.forEach(r -> byFile.put(r.label().name(), r));

        Scoring s = new Scoring(labels.complete());
        for (Run r : assigned) {
            s.events(r);
            s.entities(r);
        }
        s.watches(assigned, watches);
        EvalReport.Stories storyReport = stories.isPresent() ? storyReport(assigned, byFile, problems)
                : new EvalReport.Stories(false, 0, 0, 0, 0, List.of());
        Map<String, Integer> languages = new TreeMap<>();
        assigned.forEach(r -> languages.merge(String.valueOf(r.enriched().language()), 1, Integer::sum));
        int negatives = (int) assigned.stream().filter(r -> r.label().negative()).count();
        return new EvalReport(dir.toString(), labels.file().toString(), labels.complete(), assigned.size(), negatives, languages,
                s.eventRows(), s.eventsAll, s.directionAccuracy(), s.directionsChecked, s.negativeEvents, s.forbiddenEvents,
                s.confusion, s.eventErrors, s.watchRows, s.watchesAll(), s.falseAlerts, s.missedAlerts, s.entityRows(),
                s.entitiesAll(), s.entityErrors, storyReport, problems);
    }

    /** One labelled article as read from its file (what {@code chipwatch train-scorer} learns from). */
    public record Labelled(EvalLabels.Article label, RawArticle raw) {}

    /** The readable labelled articles of a directory, by file name; problems are skipped. */
    public static List<Labelled> labelled(Path dir, EvalLabels labels) {
        List<Labelled> out = new ArrayList<>();
        for (Run r : read(dir, labels, new ArrayList<>())) {
            out.add(new Labelled(r.label(), r.raw()));
        }
        out.sort(Comparator.comparing(l -> l.label().name()));
        return out;
    }

    /** The labelled articles in the order the pipeline would see them: published time, then file name. */
    private static List<Run> read(Path dir, EvalLabels labels, List<String> problems) {
        Map<String, List<RawArticle>> files = new HashMap<>();
        Map<String, List<String>> guids = new HashMap<>();
        List<Run> out = new ArrayList<>();
        for (EvalLabels.Article label : labels.articles()) {
            Path file = dir.resolve(label.file());
            if (!Files.isRegularFile(file)) {
                problems.add(label.name() + ": no such file in " + dir);
                continue;
            }
            List<RawArticle> articles = files.computeIfAbsent(label.file(), f -> readArticles(file, guids, f, problems));
            RawArticle raw = select(label, articles, guids.getOrDefault(label.file(), List.of()));
            if (raw == null) {
                problems.add(label.name() + ": " + (articles.isEmpty() ? "no article could be read from the file"
                        : "the file holds " + articles.size() + " articles; give the item's guid or url"));
                continue;
            }
            out.add(new Run(label, raw, null));
        }
        out.sort(Comparator.comparing((Run r) -> r.raw().publishedAt(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> r.label().name()));
        return out;
    }

    private static List<RawArticle> readArticles(Path file, Map<String, List<String>> guids, String name, List<String> problems) {
        try {
            ArchiveReplayer.FileArticles read = ArchiveReplayer.readFile(file, MAX_FILE_BYTES);
            read.problems().forEach(p -> problems.add(name + ": " + p));
            if (read.articles().size() > 1) {
                // a feed or JSON Lines file: the guids of its readable items, in the order readFile returns their articles
                List<String> g = new ArrayList<>();
                for (ArchiveFiles.Item item : ArchiveFiles.read(file, MAX_FILE_BYTES, new ArticleExtractor())) {
                    if (item.problem() == null) {
                        g.add(item.guid());
                    }
                }
                guids.put(name, g.size() == read.articles().size() ? g : List.of());
            }
            return read.articles();
        } catch (IOException | MalformedFeedException | RuntimeException e) {
            problems.add(name + ": cannot read: " + e.getMessage());
            return List.of();
        }
    }

    private static RawArticle select(EvalLabels.Article label, List<RawArticle> articles, List<String> guids) {
        if (label.guid() != null) {
            int i = guids.indexOf(label.guid());
            return i >= 0 ? articles.get(i) : null;
        }
        if (label.url() != null) {
            String url = io.chipwatch.ingest.UrlCanonicalizer.canonicalize(label.url());
            return articles.stream().filter(a -> Objects.equals(a.url(), url) || Objects.equals(a.url(), label.url()))
                    .findFirst().orElse(null);
        }
        return articles.size() == 1 ? articles.get(0) : null;
    }

    /** The offline story assignment: the topology's own dedup decision, articles fed in publishing order. */
    static Optional<UnaryOperator<EnrichedArticle>> storyAssigner() {
        io.chipwatch.enrich.StoryAssigner assigner = io.chipwatch.enrich.StoryAssigner.withDefaults();
        return Optional.of(assigner::assign);
    }

    private static EvalReport.Stories storyReport(List<Run> runs, Map<String, Run> byFile, List<String> problems) {
        int duplicates = 0;
        int joined = 0;
        int distinct = 0;
        int apart = 0;
        List<String> errors = new ArrayList<>();
        for (Run r : runs) {
            EvalLabels.Article l = r.label();
            if (l.duplicateOf() != null) {
                Run original = byFile.get(l.duplicateOf());
                if (original == null) {
                    problems.add(l.name() + ": duplicateOf names " + l.duplicateOf() + ", which is not in the set");
                } else {
                    duplicates++;
                    if (original.enriched().storyId().equals(r.enriched().storyId())) {
                        joined++;
                    } else {
                        errors.add(l.name() + ": a rewrite of " + l.duplicateOf() + " became a story of its own");
                    }
                }
            }
            if (l.distinctFrom() != null) {
                Run other = byFile.get(l.distinctFrom());
                if (other == null) {
                    problems.add(l.name() + ": distinctFrom names " + l.distinctFrom() + ", which is not in the set");
                } else {
                    distinct++;
                    if (!other.enriched().storyId().equals(r.enriched().storyId())) {
                        apart++;
                    } else {
                        errors.add(l.name() + ": merged into the story of " + l.distinctFrom() + " although it reports another event");
                    }
                }
            }
        }
        return new EvalReport.Stories(true, duplicates, joined, distinct, apart, errors);
    }

    /** Gazetteer id to entity type name, for labelled ids the tagger missed. */
    private static Map<String, String> entityTypes(Path entitiesYaml) throws IOException {
        Map<String, String> out = new HashMap<>();
        JsonNode root = Json.YAML.readTree(io.chipwatch.model.json.YamlAliases.expand(Files.readString(entitiesYaml)));
        for (JsonNode e : root.path("entities")) {
            out.put(e.path("id").asText(), e.path("type").asText("").toUpperCase(Locale.ROOT));
        }
        return out;
    }

    /** The counting, article by article. */
    private final class Scoring {
        final boolean complete;
        final Map<EventType, Score> events = new LinkedHashMap<>();
        Score eventsAll = Score.ZERO;
        int directionsChecked;
        int directionsRight;
        final List<Finding> negativeEvents = new ArrayList<>();
        final List<Finding> forbiddenEvents = new ArrayList<>();
        final List<Finding> eventErrors = new ArrayList<>();
        final Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
        final Map<String, WatchScore> watchRows = new LinkedHashMap<>();
        final List<Finding> falseAlerts = new ArrayList<>();
        final List<Finding> missedAlerts = new ArrayList<>();
        final Map<String, Score> entities = new TreeMap<>();
        final List<String> entityErrors = new ArrayList<>();

        Scoring(boolean complete) {
            this.complete = complete;
            for (EventType t : EventType.values()) {
                events.put(t, Score.ZERO);
            }
            for (String row : rowNames()) {
                Map<String, Integer> cols = new LinkedHashMap<>();
                rowNames().forEach(c -> cols.put(c, 0));
                confusion.put(row, cols);
            }
        }

        private static List<String> rowNames() {
            List<String> names = new ArrayList<>();
            for (EventType t : EventType.values()) {
                names.add(t.name());
            }
            names.add(EvalReport.NONE);
            return names;
        }

        Map<String, Score> eventRows() {
            Map<String, Score> out = new LinkedHashMap<>();
            events.forEach((t, s) -> out.put(t.name(), s));
            return out;
        }

        double directionAccuracy() {
            return directionsChecked == 0 ? 1.0 : Math.round(1000.0 * directionsRight / directionsChecked) / 1000.0;
        }

        void events(Run r) {
            EvalLabels.Article l = r.label();
            String file = l.name();
            Map<EventType, DetectedEvent> found = new LinkedHashMap<>();
            r.enriched().events().forEach(e -> found.put(e.type(), e));
            Set<EventType> main = EnumSet.noneOf(EventType.class);
            found.values().stream().filter(e -> e.salience() == Salience.MAIN).forEach(e -> main.add(e.type()));
            List<EventType> missed = new ArrayList<>();
            List<EventType> wrong = new ArrayList<>();
            for (EventType t : l.events()) {
                if (main.contains(t)) {
                    count(t, 1, 0, 0);
                    cell(t.name(), t.name());
                    if (l.directions().containsKey(t)) {
                        directionsChecked++;
                        DetectedEvent e = found.get(t);
                        if (l.directions().get(t) == e.direction()) {
                            directionsRight++;
                        } else {
                            eventErrors.add(finding("wrong-direction", file, null, e,
                                    "direction " + e.direction() + ", labelled " + l.directions().get(t)));
                        }
                    }
                } else {
                    count(t, 0, 0, 1);
                    missed.add(t);
                    DetectedEvent e = found.get(t);
                    eventErrors.add(e == null ? new Finding("missed-event", file, null, t.name(), null, null, null, null,
                            "no " + t + " event") : finding("missed-event", file, null, e, "detected as " + e.salience().json()));
                }
            }
            for (EventType t : main) {
                boolean isWrong = complete ? !l.events().contains(t) && !l.secondary().contains(t) : l.forbidden().contains(t);
                if (isWrong) {
                    count(t, 0, 1, 0);
                    wrong.add(t);
                    eventErrors.add(finding("wrong-event", file, null, found.get(t), l.forbidden().contains(t) ? "forbidden" : null));
                }
            }
            for (EventType f : missed) {
                if (wrong.isEmpty()) {
                    cell(f.name(), EvalReport.NONE);
                }
                wrong.forEach(w -> cell(f.name(), w.name()));
            }
            if (missed.isEmpty()) {
                wrong.forEach(w -> cell(EvalReport.NONE, w.name()));
            }
            for (DetectedEvent e : found.values()) {
                if (l.forbidden().contains(e.type()) && e.salience() != Salience.BACKGROUND) {
                    forbiddenEvents.add(finding("forbidden-event", file, null, e, null));
                }
                if (l.negative() && e.salience() == Salience.MAIN) {
                    negativeEvents.add(finding("negative-event", file, null, e, null));
                }
            }
        }

        private void cell(String row, String col) {
            confusion.get(row).merge(col, 1, Integer::sum);
        }

        private void count(EventType t, int tp, int fp, int fn) {
            events.put(t, events.get(t).add(tp, fp, fn));
            eventsAll = eventsAll.add(tp, fp, fn);
        }

        void entities(Run r) {
            EvalLabels.Article l = r.label();
            Set<String> tagged = new HashSet<>();
            List<JsonNode> unknown = new ArrayList<>();
            JsonNode json = Json.MAPPER.valueToTree(r.enriched());
            for (JsonNode e : json.path("entities")) {
                // `known: false` marks an organisation recognised outside the gazetteer
                if (e.path("known").isBoolean() && !e.path("known").asBoolean()) {
                    unknown.add(e);
                } else {
                    tagged.add(e.path("id").asText());
                }
            }
            for (String id : l.entities()) {
                String type = entityTypes.get(id);
                if (type == null) {
                    entityErrors.add(l.name() + ": label names " + id + ", which is not in the gazetteer");
                    continue;
                }
                if (tagged.contains(id)) {
                    entity(type, 1, 0, 0);
                } else {
                    entity(type, 0, 0, 1);
                    entityErrors.add(l.name() + ": missed " + id);
                }
            }
            if (complete) {
                for (TaggedEntity t : r.enriched().entities()) {
                    if (tagged.contains(t.id()) && !l.entities().contains(t.id())) {
                        entity(t.type().name(), 0, 1, 0);
                        entityErrors.add(l.name() + ": unexpected " + t.id() + " (\"" + t.mentions().get(0).text() + "\")");
                    }
                }
            }
            List<String> names = unknown.stream().map(e -> e.path("name").asText()).toList();
            // an organisation is known under its name and every mention's text: 哈兰矢量动力公司 is also the
            // "Harlan Vector Dynamics Inc." of its bracketed translation
            Map<String, List<String>> forms = new LinkedHashMap<>();
            for (JsonNode e : unknown) {
                List<String> f = forms.computeIfAbsent(e.path("name").asText(), k -> new ArrayList<>(List.of(k)));
                e.path("mentions").forEach(m -> f.add(m.path("text").asText()));
            }
            Set<String> matched = new HashSet<>();
            for (EvalLabels.UnknownEntity u : l.unknownEntities()) {
                Optional<String> hit = names.stream()
                        .filter(n -> sameOrganisation(forms.get(n), u.name())).findFirst();
                hit.ifPresent(matched::add);
                int tp = hit.isPresent() ? 1 : 0;
                entity(EvalReport.UNKNOWN, tp, 0, 1 - tp);
                if (u.lead()) {
                    entity(EvalReport.UNKNOWN_LEAD, tp, 0, 1 - tp);
                }
                if (hit.isEmpty()) {
                    entityErrors.add(l.name() + ": missed unknown organisation \"" + u.name() + "\"" + (u.lead() ? " (lead)" : ""));
                }
            }
            if (complete) {
                for (String n : names) {
                    if (!matched.contains(n) && l.unknownEntities().stream()
                            .noneMatch(u -> sameOrganisation(forms.get(n), u.name()))) {
                        entity(EvalReport.UNKNOWN, 0, 1, 0);
                        entityErrors.add(l.name() + ": unexpected unknown organisation \"" + n + "\"");
                    }
                }
            }
        }

        private void entity(String row, int tp, int fp, int fn) {
            entities.merge(row, new Score(tp, fp, fn), Score::plus);
        }

        Map<String, Score> entityRows() {
            Map<String, Score> out = new LinkedHashMap<>();
            entities.forEach((k, v) -> {
                if (!k.startsWith(EvalReport.UNKNOWN)) {
                    out.put(k, v);
                }
            });
            out.put(EvalReport.UNKNOWN, entities.getOrDefault(EvalReport.UNKNOWN, Score.ZERO));
            out.put(EvalReport.UNKNOWN_LEAD, entities.getOrDefault(EvalReport.UNKNOWN_LEAD, Score.ZERO));
            return out;
        }

        /** Every gazetteer type and the unknown organisations (the lead row is a subset, not added again). */
        Score entitiesAll() {
            Score all = Score.ZERO;
            for (Map.Entry<String, Score> e : entities.entrySet()) {
                if (!e.getKey().equals(EvalReport.UNKNOWN_LEAD)) {
                    all = all.plus(e.getValue());
                }
            }
            return all;
        }

        void watches(List<Run> runs, List<Watch> defaults) {
            for (Watch w : defaults) {
                watchRows.put(w.id(), WatchScore.ZERO);
            }
            Map<String, Set<String>> firedByStory = new HashMap<>();
            try (WatchMatcher matcher = new WatchMatcher(defaults)) {
                Set<String> alertIds = new HashSet<>();
                for (Run r : runs) {
                    EnrichedArticle a = r.enriched();
                    if (!a.firstInStory()) {
                        continue;
                    }
                    for (Alert alert : matcher.match(a, NOW)) {
                        if (!alertIds.add(alert.alertId())) {
                            continue; // once per watch and story, as the alerts service remembers emitted ids
                        }
                        firedByStory.computeIfAbsent(a.storyId(), k -> new HashSet<>()).add(alert.watchId());
                        judge(r, alert);
                    }
                }
            }
            for (Run r : runs) {
                Set<String> fired = firedByStory.getOrDefault(r.enriched().storyId(), Set.of());
                for (String w : r.label().watches()) {
                    boolean found = fired.contains(w);
                    bump(w, new WatchScore(0, 0, 0, 0, 1, found ? 1 : 0));
                    if (!found) {
                        missedAlerts.add(missed(r, w, defaults));
                    }
                }
            }
        }

        private void judge(Run r, Alert alert) {
            EvalLabels.Article l = r.label();
            String w = alert.watchId();
            DetectedEvent e = alert.events().isEmpty() ? null : alert.events().get(0);
            if (l.watches().contains(w)) {
                bump(w, new WatchScore(1, 1, 0, 0, 0, 0));
            } else if (l.acceptableWatches().contains(w)) {
                bump(w, new WatchScore(1, 0, 0, 1, 0, 0));
            } else if (complete || l.negative() || l.forbiddenWatches().contains(w)) {
                bump(w, new WatchScore(1, 0, 1, 0, 0, 0));
                String note = l.forbiddenWatches().contains(w) ? "forbidden watch" : l.negative() ? "negative" : null;
                falseAlerts.add(e == null ? new Finding("false-alert", l.name(), w, null, null, null, null, alert.evidence(), note)
                        : finding("false-alert", l.name(), w, e, note));
            } else {
                bump(w, new WatchScore(1, 0, 0, 1, 0, 0)); // expected.yaml: unlisted watches may fire
            }
        }

        private Finding missed(Run r, String watchId, List<Watch> defaults) {
            Watch w = defaults.stream().filter(x -> x.id().equals(watchId)).findFirst().orElse(null);
            if (w == null) {
                return new Finding("missed-alert", r.label().name(), watchId, null, null, null, null, null, "not a default watch");
            }
            if (!r.enriched().firstInStory()) {
                return new Finding("missed-alert", r.label().name(), watchId, null, null, null, null, null,
                        "not first in its story (" + r.enriched().duplicateOf() + ") and the story did not fire it");
            }
            List<EventType> types = w.events() == null ? List.of() : w.events().types();
            Optional<DetectedEvent> closest = r.enriched().events().stream()
                    .filter(e -> types.isEmpty() || types.contains(e.type())).findFirst();
            return closest.map(e -> finding("missed-alert", r.label().name(), watchId, e,
                            e.salience() == Salience.MAIN ? "event found; the watch's entity or other filter did not match"
                                    : "event detected as " + e.salience().json()))
                    .orElseGet(() -> new Finding("missed-alert", r.label().name(), watchId, types.isEmpty() ? null : types.get(0).name(),
                            null, null, null, null, "no " + (types.isEmpty() ? "" : types.get(0) + " ") + "event"));
        }

        private void bump(String watch, WatchScore s) {
            watchRows.merge(watch, s, WatchScore::plus);
        }

        WatchScore watchesAll() {
            return watchRows.values().stream().reduce(WatchScore.ZERO, WatchScore::plus);
        }
    }

    private static Finding finding(String what, String file, String watch, DetectedEvent e, String note) {
        return new Finding(what, file, watch, e.type().name(), e.direction() == null ? null : e.direction().name(),
                e.salience().json(), e.salienceReason(), e.evidence(), note);
    }

    private static final Pattern LEGAL_FORM = Pattern.compile(
            "\\b(co|company|ltd|limited|inc|incorporated|corp|corporation|llc|plc|gmbh|pte|pty|bv|nv|sa|ag|kk|the)\\b");
    private static final Pattern CHINESE_LEGAL_FORM = Pattern.compile("(股份有限公司|有限责任公司|有限公司|公司)$");
    private static final Pattern NOT_NAME = Pattern.compile("[^\\p{L}\\p{Nd}]+");

    /**
     * Whether two spellings name the same organisation: case-folded, legal forms (Co., Ltd., Inc., 有限公司 ...)
     * and punctuation ignored, one name's core contained in the other's ("Lianxun Electronics" and
     * "Guangzhou Lianxun Electronics Co., Ltd.").
     */
    /** A recognised organisation, known under {@code forms} (its name and mention texts), is the labelled {@code name}. */
    static boolean sameOrganisation(List<String> forms, String name) {
        return forms.stream().anyMatch(f -> sameOrganisation(f, name));
    }

    static boolean sameOrganisation(String a, String b) {
        String ca = core(a);
        String cb = core(b);
        int min = Math.min(ca.length(), cb.length());
        return min >= 2 && (ca.contains(cb) || cb.contains(ca));
    }

    static String core(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
        s = CHINESE_LEGAL_FORM.matcher(s).replaceAll("");
        s = LEGAL_FORM.matcher(s).replaceAll(" ");
        return NOT_NAME.matcher(s).replaceAll("");
    }
}
