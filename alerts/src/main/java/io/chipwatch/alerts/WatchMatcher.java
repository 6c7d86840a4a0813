package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.AlertIds;
import io.chipwatch.alerts.internal.QueryIndex;
import io.chipwatch.model.Alert;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.TaggedEntity;
import io.chipwatch.model.Watch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.queryparser.classic.ParseException;

/**
 * Pure watch matching: which watches an enriched article fires, and the alerts they make. The Streams
 * topology and the back-tester use this same class, so a back-test shows exactly what would have fired.
 *
 * <p>All filters a watch declares must match (AND); an absent filter matches everything. Spike watches
 * and disabled watches never match articles. The story check ({@code firstInStory}) and once-per-story
 * bookkeeping are the caller's job. Thread-safe.
 */
public final class WatchMatcher implements AutoCloseable {
    /** Watch ids whose per-watch topic would collide with a chipwatch topic. */
    public static final Set<String> RESERVED_IDS = Set.of("dlq", "delivered");
    private static final int MAX_ENTITIES = 10;
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)|[。！？]");

    private final Map<String, Watch> watches = new LinkedHashMap<>();
    /** Enabled article watches (spike and disabled watches never match articles), with their position. */
    private final Map<String, Slot> matching = new HashMap<>();
    /** Those without a query: candidates for every article. */
    private final Map<String, Slot> queryless = new LinkedHashMap<>();
    /** The queries of the watches in {@link #matching}. */
    private final QueryIndex queries = new QueryIndex();
    private final Clock clock;
    private long added;

    public WatchMatcher() {
        this(List.of(), Clock.systemUTC());
    }

    public WatchMatcher(Collection<Watch> initial) {
        this(initial, Clock.systemUTC());
    }

    /** @throws WatchValidationException when a watch is invalid (e.g. its query does not parse) */
    public WatchMatcher(Collection<Watch> initial, Clock clock) {
        this.clock = clock;
        initial.forEach(this::put);
    }

    /** Checks what the record constructor cannot: the Lucene query and the id's topic name. */
    public static void validate(Watch watch) {
        if (RESERVED_IDS.contains(watch.id())) {
            throw new WatchValidationException(watch.id(), "id is reserved (its topic alerts." + watch.id()
                    + " is a chipwatch topic); choose another id", null);
        }
        if (watch.query() != null && !watch.query().isBlank()) {
            try {
                QueryIndex.parse(watch.query());
            } catch (ParseException | RuntimeException e) {
                throw new WatchValidationException(watch.id(), "invalid Lucene query \"" + watch.query() + "\": "
                        + firstLine(e.getMessage()), e);
            }
        }
    }

    /** Adds or replaces a watch. @throws WatchValidationException when it is invalid (the old one is removed). */
    public synchronized void put(Watch watch) {
        remove(watch.id());
        validate(watch);
        if (watch.isEnabled() && watch.spike() == null) {
            if (hasQuery(watch)) {
                try {
                    queries.put(watch.id(), watch.query());
                } catch (ParseException e) {
                    throw new WatchValidationException(watch.id(), "invalid Lucene query: " + firstLine(e.getMessage()), e);
                }
            }
            Slot slot = new Slot(watch, added++);
            matching.put(watch.id(), slot);
            if (!hasQuery(watch)) {
                queryless.put(watch.id(), slot);
            }
        }
        watches.put(watch.id(), watch);
    }

    public synchronized boolean remove(String watchId) {
        Watch old = watches.remove(watchId);
        if (old != null) {
            matching.remove(watchId);
            queryless.remove(watchId);
            queries.remove(watchId);
        }
        return old != null;
    }

    private static boolean hasQuery(Watch w) {
        return w.query() != null && !w.query().isBlank();
    }

    /** A watch that can match articles, and when it was put: alerts come in the order of {@link #watches}. */
    private record Slot(Watch watch, long order) {}

    public synchronized Map<String, Watch> watches() {
        return Map.copyOf(watches);
    }

    /** Alerts (kind {@code match}) this article fires, one per matching watch, triggered now. */
    public List<Alert> match(EnrichedArticle article) {
        return match(article, clock.instant());
    }

    public synchronized List<Alert> match(EnrichedArticle article, Instant now) {
        // Only watches whose query matched and enabled watches without a query can fire: look at those
        // alone, not at every watch, in the order of the watches map.
        Set<String> queryHits = queries.match(article.title(), article.text());
        List<Slot> candidates = new ArrayList<>(queryHits.size() + queryless.size());
        queryHits.forEach(id -> candidates.add(matching.get(id)));
        candidates.addAll(queryless.values());
        candidates.sort(Comparator.comparingLong(Slot::order));
        List<Alert> alerts = new ArrayList<>();
        Lead lead = new Lead(article);
        for (Slot s : candidates) {
            Alert a = evaluate(s.watch(), article, now, lead);
            if (a != null) {
                alerts.add(a);
            }
        }
        return alerts;
    }

    /** Entity with the filter id it was matched by (for the reason line). */
    private record Hit(TaggedEntity entity, String via) {}

    /** The article's lead sentence, found once per article rather than once per alert. */
    private static final class Lead {
        private final EnrichedArticle article;
        private String sentence;

        Lead(EnrichedArticle article) {
            this.article = article;
        }

        String get() {
            if (sentence == null) {
                sentence = leadSentence(article);
            }
            return sentence;
        }
    }

    private static Alert evaluate(Watch w, EnrichedArticle a, Instant now, Lead lead) {
        if (!passesArticleFilters(w, a)) {
            return null;
        }
        Watch.EntityFilter ef = w.entities();
        Watch.EventFilter vf = w.events();
        List<DetectedEvent> events = List.of();
        List<Hit> hits;
        if (vf != null) {
            events = new ArrayList<>();
            List<Hit> sentenceHits = new ArrayList<>();
            for (DetectedEvent e : a.events()) {
                if (!eventPasses(vf, e)) {
                    continue;
                }
                if (vf.sameSentence() && ef != null) {
                    List<TaggedEntity> inSentence = a.entities().stream().filter(t -> e.entities().contains(t.id())).toList();
                    List<Hit> h = entityHits(ef, inSentence);
                    if (h == null) {
                        continue;
                    }
                    h.stream().filter(x -> !sentenceHits.contains(x)).forEach(sentenceHits::add);
                }
                events.add(e);
            }
            if (events.isEmpty()) {
                return null;
            }
            events.sort(Comparator.comparingDouble(DetectedEvent::confidence).reversed());
            hits = vf.sameSentence() && ef != null ? sentenceHits : entityHits(ef, a.entities());
        } else {
            hits = entityHits(ef, a.entities());
        }
        if (hits == null) {
            return null;
        }
        List<Alert.EntityRef> refs = (hits.isEmpty() ? a.entities().stream().map(t -> new Hit(t, t.id())).toList() : hits)
                .stream().map(h -> Alert.EntityRef.of(h.entity())).distinct().limit(MAX_ENTITIES).toList();
        String evidence = events.isEmpty() ? lead.get() : events.get(0).evidence();
        return new Alert(AlertIds.of(w.id(), a.storyId()), w.id(), w.name(), w.severity(), Alert.MATCH, now,
                Alert.ArticleRef.of(a), refs, events, evidence, reason(w, events, hits), a.storyId(), List.of());
    }

    private static boolean passesArticleFilters(Watch w, EnrichedArticle a) {
        if (!w.sources().isEmpty() && !w.sources().contains(a.sourceId())) {
            return false;
        }
        if (!w.languages().isEmpty() && (a.language() == null || w.languages().stream()
                .noneMatch(l -> l.toLowerCase(Locale.ROOT).equals(a.language().toLowerCase(Locale.ROOT))))) {
            return false;
        }
        return w.tags().isEmpty() || a.tags().stream().anyMatch(w.tags()::contains);
    }

    private static boolean eventPasses(Watch.EventFilter f, DetectedEvent e) {
        return (f.types().isEmpty() || f.types().contains(e.type()))
                && (f.directions().isEmpty() || (e.direction() != null && f.directions().contains(e.direction())))
                && e.confidence() >= f.minConfidence()
                && f.accepts(e.salience());
    }

    /**
     * The entities that satisfy the filter's named criteria, or null when the filter fails. An empty list
     * means the filter names nothing (or is absent) and so matches any article.
     */
    private static List<Hit> entityHits(Watch.EntityFilter f, List<TaggedEntity> entities) {
        List<Hit> hits = new ArrayList<>();
        if (f == null) {
            return hits;
        }
        boolean family = f.familyAware();
        if (!f.any().isEmpty()) {
            List<Hit> any = idHits(f.any(), entities, family);
            if (any.isEmpty()) {
                return null;
            }
            hits.addAll(any);
        }
        for (String id : f.all()) {
            List<Hit> one = idHits(List.of(id), entities, family);
            if (one.isEmpty()) {
                return null;
            }
            hits.addAll(one);
        }
        if (!f.types().isEmpty() && !addAll(hits, entities.stream().filter(e -> f.types().contains(e.type())))) {
            return null;
        }
        if (!f.tags().isEmpty() && !addAll(hits, entities.stream().filter(e -> f.tags().stream().anyMatch(t -> hasTag(e, t))))) {
            return null;
        }
        if (!f.allTags().isEmpty() && !addAll(hits, entities.stream().filter(e -> f.allTags().stream().allMatch(t -> hasTag(e, t))))) {
            return null;
        }
        return hits.stream().distinct().toList();
    }

    private static boolean addAll(List<Hit> hits, java.util.stream.Stream<TaggedEntity> found) {
        List<Hit> list = found.map(e -> new Hit(e, e.id())).toList();
        hits.addAll(list);
        return !list.isEmpty();
    }

    private static boolean hasTag(TaggedEntity e, String tag) {
        String t = tag.toLowerCase(Locale.ROOT);
        return e.tags().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(t));
    }

    private static List<Hit> idHits(List<String> ids, List<TaggedEntity> entities, boolean family) {
        List<Hit> hits = new ArrayList<>();
        for (TaggedEntity e : entities) {
            for (String id : ids) {
                if (family ? e.isOrBelongsTo(id) : e.id().equals(id)) {
                    hits.add(new Hit(e, id));
                    break;
                }
            }
        }
        return hits;
    }

    /**
     * e.g. {@code DEMAND_SURGE (0.86, main: lead) involving Ascend 950 [huawei-ascend] matched watch "Ascend demand"}:
     * the best event, its confidence, salience and why, the entities and the query.
     */
    private static String reason(Watch w, List<DetectedEvent> events, List<Hit> hits) {
        StringBuilder sb = new StringBuilder();
        if (!events.isEmpty()) {
            DetectedEvent best = events.get(0);
            sb.append(best.type());
            if (best.direction() != null) {
                sb.append(' ').append(best.direction());
            }
            sb.append(String.format(Locale.ROOT, " (%.2f, %s", best.confidence(), best.salience().json()));
            if (best.salienceReason() != null && !best.salienceReason().isBlank()) {
                sb.append(": ").append(best.salienceReason());
            }
            sb.append(')');
        }
        if (!hits.isEmpty()) {
            sb.append(sb.length() == 0 ? "involving " : " involving ");
            hits.stream().limit(3).forEach(h -> sb.append(h.entity().name()).append(" [").append(h.via()).append("], "));
            sb.setLength(sb.length() - 2);
            if (hits.size() > 3) {
                sb.append(" and ").append(hits.size() - 3).append(" more");
            }
        }
        if (w.query() != null && !w.query().isBlank()) {
            sb.append(sb.length() == 0 ? "" : ", ").append("query \"").append(w.query().strip()).append('"');
        }
        if (sb.length() == 0) {
            sb.append("article");
        }
        return sb.append(" matched watch \"").append(w.name()).append('"').toString();
    }

    /** The first sentence of the text (at most 300 characters), or the title. */
    static String leadSentence(EnrichedArticle a) {
        String text = a.text().strip();
        if (text.isEmpty()) {
            return a.title();
        }
        Matcher m = SENTENCE_END.matcher(text);
        int end = m.find() ? m.end() : text.length();
        String s = text.substring(0, Math.min(end, 300)).strip();
        return s.isEmpty() ? a.title() : s;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }

    @Override
    public synchronized void close() {
        queries.close();
    }
}
