package io.chipwatch.web.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RetryRequest;
import io.chipwatch.model.Watch;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.json.Json;
import io.chipwatch.web.WatchPreview;
import io.chipwatch.web.WatchValidator;
import io.chipwatch.web.WebConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;

/**
 * The JSON API under {@code /api/v1} (documented in {@code openapi.yaml}): reads from the read model,
 * writes to topics through {@link Writes}. Every handler turns bad input into an {@link ApiException}
 * with a precise message; nothing a client sends produces a 500.
 */
final class Api {
    private static final Set<String> SOURCE_FIELDS = Set.of("id", "kind", "url", "interval", "language", "tags", "fetchFullText",
            "selector", "enabled");

    private final WebConfig config;
    private final ReadModel model;
    private final Writes writes;
    private final WatchPreview preview;
    private final WatchValidator validator;
    private final StatusReport status;
    private final Clock clock;

    Api(WebConfig config, ReadModel model, Writes writes, WatchPreview preview, WatchValidator validator, StatusReport status,
        Clock clock) {
        this.config = config;
        this.model = model;
        this.writes = writes;
        this.preview = preview;
        this.validator = validator;
        this.status = status;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ alerts

    void alerts(Context ctx) throws IOException {
        Instant now = clock.instant();
        Params p = new Params()
                .term("watch", ctx.queryParam("watch"))
                .anyOf("severity", Params.severities(ctx.queryParam("severity")))
                .term(ReadModel.ENTITY_IDS, ctx.queryParam("entity"))
                .anyOf(ReadModel.EVENT, Params.events(ctx.queryParam("event")))
                .term("story", ctx.queryParam("story"))
                .timeRange(Params.time("since", ctx.queryParam("since"), now), Params.time("until", ctx.queryParam("until"), now))
                .query(ctx.queryParam("q"));
        ReadModel.Page page = model.newest(ReadModel.ALERT, p.build(), Params.limit(ctx.queryParam("limit"), 50, 500),
                cursor(ctx));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("alerts", array(page.items()));
        out.put("next", page.next());
        total(out, page);
        Http.json(ctx, 200, out);
    }

    void alert(Context ctx) throws IOException {
        Http.json(ctx, 200, model.get(ReadModel.ALERT, ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("no alert with id '" + ctx.pathParam("id") + "'")));
    }

    // ------------------------------------------------------------------ articles and stories

    void articles(Context ctx) throws IOException {
        Instant now = clock.instant();
        Params p = new Params()
                .term(ReadModel.ENTITY_IDS, ctx.queryParam("entity"))
                .anyOf(ReadModel.EVENT, Params.events(ctx.queryParam("event")))
                .term("source", ctx.queryParam("source"))
                .term("story", ctx.queryParam("story"))
                .timeRange(Params.time("since", ctx.queryParam("since"), now), Params.time("until", ctx.queryParam("until"), now))
                .query(ctx.queryParam("q"));
        ReadModel.Page page = model.newest(ReadModel.ARTICLE, p.build(), Params.limit(ctx.queryParam("limit"), 20, 200), cursor(ctx));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("articles", array(page.items()));
        total(out, page);
        out.put("next", page.next());
        Http.json(ctx, 200, out);
    }

    void article(Context ctx) throws IOException {
        Http.json(ctx, 200, model.get(ReadModel.ARTICLE, ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("no article with id '" + ctx.pathParam("id") + "'")));
    }

    void story(Context ctx) throws IOException {
        String storyId = ctx.pathParam("storyId");
        List<JsonNode> articles = model.oldest(ReadModel.ARTICLE, new TermQuery(new Term("story", storyId)), 500);
        if (articles.isEmpty()) {
            throw ApiException.notFound("no story with id '" + storyId + "'");
        }
        JsonNode first = articles.stream().filter(a -> a.path("firstInStory").asBoolean(false)).findFirst().orElse(articles.get(0));
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (JsonNode a : articles) {
            ObjectNode item = Json.MAPPER.createObjectNode();
            item.set("article", summary(a));
            boolean isFirst = a == first;
            item.put("first", isFirst);
            if (isFirst) {
                item.put("folded", "first article of the story: alerts fire on it");
            } else {
                double sim = Similarity.jaccard(first.path("title").asText("") + "\n" + first.path("text").asText(""),
                        a.path("title").asText("") + "\n" + a.path("text").asText(""));
                item.put("similarity", Math.round(sim * 1000) / 1000.0);
                boolean exact = first.path("text").asText("").equals(a.path("text").asText(""));
                item.put("folded", (exact ? "exact duplicate" : "near duplicate") + " of " + first.path("id").asText()
                        + " (" + first.path("sourceId").asText() + "): word-bigram similarity " + String.format(Locale.ROOT, "%.2f", sim)
                        + ", within the dedup window; it does not alert again");
            }
            items.add(item);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("storyId", storyId);
        out.set("articles", items);
        out.set("alerts", array(model.newest(ReadModel.ALERT, new TermQuery(new Term("story", storyId)), 50, null).items()));
        Http.json(ctx, 200, out);
    }

    /** The fields of an article a list needs (no text). */
    static ObjectNode summary(JsonNode a) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        for (String f : List.of("id", "storyId", "firstInStory", "duplicateOf", "sourceId", "url", "title", "language", "publishedAt")) {
            if (a.has(f)) {
                s.set(f, a.get(f));
            }
        }
        return s;
    }

    // ------------------------------------------------------------------ entities

    void entities(Context ctx) throws IOException {
        List<JsonNode> found = model.entities(ctx.queryParam("q"), Params.limit(ctx.queryParam("limit"), 50, 500));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode e : found) {
            ObjectNode o = e.deepCopy();
            o.put("articles", model.count(ReadModel.ARTICLE, new TermQuery(new Term(ReadModel.ENTITY_IDS, e.path("id").asText()))));
            out.add(o);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("entities", out);
        Http.json(ctx, 200, body);
    }

    void entity(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JsonNode entity = model.get(ReadModel.ENTITY, id).orElseThrow(() -> ApiException.notFound("no entity with id '" + id + "'"));
        TermQuery mentions = new TermQuery(new Term(ReadModel.ENTITY_IDS, id));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("entity", entity);
        out.put("articles", model.count(ReadModel.ARTICLE, mentions));
        Map<LocalDate, Long> trendDays = model.sumByDay(ReadModel.TREND, mentions, ReadModel.MENTIONS);
        Map<LocalDate, Long> articleDays = model.sumByDay(ReadModel.ARTICLE, mentions, null);
        out.put("mentionsFrom", trendDays.isEmpty() ? "articles" : "entity.trends");
        out.set("mentionsByDay", days(trendDays.isEmpty() ? articleDays : trendDays, "mentions"));
        out.set("articlesByDay", days(articleDays, "articles"));
        out.set("spikes", Spikes.find(trendDays.isEmpty() ? articleDays : trendDays));
        ArrayNode stories = Json.MAPPER.createArrayNode();
        model.newest(ReadModel.ARTICLE, new Params().add(mentions).term("first", "true").build(), 20, null).items()
                .forEach(a -> stories.add(summary(a)));
        out.set("recentStories", stories);
        ArrayNode co = Json.MAPPER.createArrayNode();
        for (Map.Entry<String, Integer> e : model.coMentioned(id, 500, 15)) {
            ObjectNode c = Json.MAPPER.createObjectNode();
            c.put("id", e.getKey());
            Optional<JsonNode> other = model.get(ReadModel.ENTITY, e.getKey());
            c.put("name", other.map(o -> o.path("name").asText(e.getKey())).orElse(e.getKey()));
            c.put("type", other.map(o -> o.path("type").asText(null)).orElse(null));
            c.put("count", e.getValue());
            co.add(c);
        }
        out.set("coMentioned", co);
        out.set("alerts", array(model.newest(ReadModel.ALERT, mentions, 10, null).items()));
        Http.json(ctx, 200, out);
    }

    private static ArrayNode days(Map<LocalDate, Long> byDay, String field) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        byDay.forEach((day, n) -> a.add(Json.MAPPER.createObjectNode().put("day", day.toString()).put(field, n)));
        return a;
    }

    // ------------------------------------------------------------------ watches

    void watches(Context ctx) throws IOException {
        List<JsonNode> all = new ArrayList<>(model.oldest(ReadModel.WATCH, null, 10_000));
        all.sort(java.util.Comparator.comparing(w -> w.path("id").asText()));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("watches", array(all));
        Http.json(ctx, 200, out);
    }

    void watch(Context ctx) throws IOException {
        Http.json(ctx, 200, model.get(ReadModel.WATCH, ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("no watch with id '" + ctx.pathParam("id") + "'")));
    }

    void putWatch(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JsonNode body = Http.body(ctx, config.maxBodyBytes());
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a watch as a JSON object");
        }
        if (body.hasNonNull("id") && !id.equals(body.get("id").asText())) {
            throw ApiException.badRequest("the watch's id '" + body.get("id").asText() + "' differs from the id in the path '" + id + "'");
        }
        ((ObjectNode) body).put("id", id);
        Watch watch = parseWatch(body);
        validator.problem(watch).ifPresent(problem -> {
            throw ApiException.badRequest(problem);
        });
        JsonNode stored = Json.MAPPER.valueToTree(watch);
        writes.watch(id, watch);
        model.putKeyed(ReadModel.WATCH, id, stored, clock.millis());
        model.refresh();
        Http.json(ctx, 200, stored);
    }

    void deleteWatch(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        if (model.get(ReadModel.WATCH, id).isEmpty()) {
            throw ApiException.notFound("no watch with id '" + id + "'");
        }
        writes.watch(id, null);
        model.putKeyed(ReadModel.WATCH, id, null, clock.millis());
        model.refresh();
        ctx.status(204);
    }

    void validateWatch(Context ctx) {
        JsonNode body = Http.body(ctx, config.maxBodyBytes());
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode problems = out.putArray("problems");
        try {
            Watch w = parseWatch(body);
            validator.problem(w).ifPresent(problems::add);
        } catch (ApiException e) {
            problems.add(e.getMessage());
        }
        out.put("valid", problems.isEmpty());
        Http.json(ctx, 200, out);
    }

    void backtest(Context ctx) throws IOException {
        JsonNode body = Http.body(ctx, config.maxBodyBytes());
        if (!body.path("watch").isObject()) {
            throw ApiException.badRequest("the body must be {\"watch\": {...}, \"since\": \"30d\"}: 'watch' is missing");
        }
        ObjectNode watchJson = body.get("watch").deepCopy();
        if (!watchJson.hasNonNull("id")) {
            watchJson.put("id", "preview");
        }
        Watch watch = parseWatch(watchJson);
        if (watch.spike() != null) {
            throw ApiException.badRequest("spike watches fire on entity.trends, not on articles; a back-test preview is not possible");
        }
        validator.problem(watch).ifPresent(problem -> {
            throw ApiException.badRequest(problem);
        });
        Instant now = clock.instant();
        Instant since = Optional.ofNullable(Params.time("since", body.path("since").asText(null), now)).orElse(now.minus(java.time.Duration.ofDays(30)));
        Instant until = Params.time("until", body.path("until").asText(null), now);
        int limit = body.has("limit") ? Params.limit(body.get("limit").asText(), 200, 1000) : 200;
        long t0 = System.nanoTime();
        int[] scanned = {0};
        List<Alert> alerts = preview.preview(watch, sink -> {
            try {
                model.forEachArticleOldestFirst(new Params().term("first", "true").timeRange(since, until).build(),
                        config.backtestMaxArticles(), json -> {
                            scanned[0]++;
                            try {
                                sink.accept(Json.MAPPER.treeToValue(json, EnrichedArticle.class));
                            } catch (JacksonException | IllegalArgumentException e) {
                                // indexed articles were read once already; one that no longer reads is skipped
                            }
                        });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<Alert> newestFirst = new ArrayList<>(alerts);
        newestFirst.sort(java.util.Comparator.comparing((Alert a) -> a.article() == null || a.article().publishedAt() == null
                ? a.triggeredAt() : a.article().publishedAt()).reversed());
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("watchId", watch.id());
        out.put("since", since.toString());
        out.put("until", until == null ? null : until.toString());
        out.put("articlesScanned", scanned[0]);
        out.put("matched", alerts.size());
        out.set("alerts", Json.MAPPER.valueToTree(newestFirst.subList(0, Math.min(limit, newestFirst.size()))));
        out.put("tookMs", (System.nanoTime() - t0) / 1_000_000);
        Http.json(ctx, 200, out);
    }

    private static Watch parseWatch(JsonNode json) {
        try {
            return Json.MAPPER.treeToValue(json, Watch.class);
        } catch (JacksonException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String m = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw ApiException.badRequest("invalid watch: " + (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid watch: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ sources

    void sources(Context ctx) throws IOException {
        List<JsonNode> all = new ArrayList<>(model.oldest(ReadModel.HEALTH, null, 10_000));
        all.sort(java.util.Comparator.comparing(h -> h.path("sourceId").asText()));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("sources", array(all));
        Http.json(ctx, 200, out);
    }

    void addSource(Context ctx) {
        JsonNode body = Http.body(ctx, config.maxBodyBytes());
        ObjectNode source = validateSource(body);
        writes.source(source.get("id").asText(), source);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("source", source);
        out.put("topic", config.topic(WebConfig.TOPIC_SOURCES));
        Http.json(ctx, 202, out);
    }

    /**
     * A source as the API takes it: a JSON object with only the fields of a {@code sources.yaml} entry, kind feed (the
     * default) or page (archives are folders on the server and are refused), validated by the model's
     * {@link SourceDefinition}, the record the CLI and the ingest service use, and returned in its normal form.
     */
    static ObjectNode validateSource(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a source as a JSON object");
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!SOURCE_FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown source field '" + f + "'; fields are " + new java.util.TreeSet<>(SOURCE_FIELDS));
            }
        }
        String kind = body.path("kind").asText("feed").toLowerCase(Locale.ROOT);
        if (!kind.equals("feed") && !kind.equals("page")) {
            throw ApiException.badRequest("kind must be feed or page (archives are folders on the server and cannot be added "
                    + "over the API), got '" + kind + "'");
        }
        if (body.has("tags") && !body.get("tags").isArray()) {
            throw ApiException.badRequest("tags must be a list of strings");
        }
        ObjectNode withKind = body.deepCopy();
        withKind.put("kind", kind);
        try {
            return Json.MAPPER.valueToTree(Json.MAPPER.treeToValue(withKind, SourceDefinition.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw ApiException.badRequest(root instanceof IllegalArgumentException ? root.getMessage() : "not a source: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ dead letters

    void deadLetters(Context ctx) throws IOException {
        ReadModel.Page page = model.newest(ReadModel.DEAD_LETTER, null, Params.limit(ctx.queryParam("limit"), 50, 500), cursor(ctx));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("deadLetters", array(page.items()));
        out.put("next", page.next());
        total(out, page);
        Http.json(ctx, 200, out);
    }

    void retry(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JsonNode dl = model.get(ReadModel.DEAD_LETTER, id).orElseThrow(() -> ApiException.notFound("no dead letter with id '" + id + "'"));
        if (!dl.path("retryable").asBoolean(false)) {
            throw new ApiException(409, "dead letter '" + id + "' is not a dead-lettered delivery (no channel and readable alert): "
                    + "only deliveries can be resent; fix the input and replay it instead");
        }
        RetryRequest request = new RetryRequest(dl.get("alertId").asText(), dl.get("channel").asText(), clock.instant(), "web");
        writes.retry(request);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("retry", Json.MAPPER.valueToTree(request));
        out.put("key", request.key());
        out.put("topic", config.topic(WebConfig.TOPIC_ALERTS_RETRY));
        Http.json(ctx, 202, out);
    }

    // ------------------------------------------------------------------ status

    void status(Context ctx) throws IOException {
        Http.json(ctx, 200, status.report());
    }

    // ------------------------------------------------------------------ helpers

    /** {@code total} and how to read it: {@code eq} exact, {@code gte} a lower bound (counting stopped, see {@link ReadModel.Page}). */
    private static void total(ObjectNode out, ReadModel.Page page) {
        out.put("total", page.total());
        out.put("totalRelation", page.totalExact() ? "eq" : "gte");
    }

    private static String cursor(Context ctx) {
        return ctx.queryParam("cursor");
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Object await(java.util.concurrent.Future<?> f, WebConfig config, String what) {
        try {
            return f.get(config.topicReadyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while " + what);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ApiException(503, "the broker did not accept the write (" + what + "): " + cause.getMessage(), e);
        }
    }
}
