package io.chipwatch.web;

import static io.chipwatch.web.Samples.DEEPSEEK;
import static io.chipwatch.web.Samples.HUAWEI_950;
import static io.chipwatch.web.Samples.SMIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Severity;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.topic.DeadLetterHeaders;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import io.chipwatch.web.internal.Analysis;
import io.chipwatch.web.internal.ReadModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API against a real broker: records are written to the topics as the pipeline writes them,
 * the web service indexes them and answers; writes land on their topics; security checks refuse what
 * they should. The watch preview here is a small event-type matcher: the app's test runs the alerts
 * service's real one.
 */
@Tag("integration")
@Timeout(180)
class WebApiIT {
    private static final String P = "webit-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private static final Instant T0 = Instant.parse("2026-04-20T08:00:00Z");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SCRIPT_TITLE = "<script>alert('x')</script> Ascend 950 <img src=x onerror=alert(1)>";

    @TempDir
    static Path dir;
    static String bootstrap;
    static WebService web;
    static String base;
    static KafkaProducer<byte[], byte[]> producer;
    static final Map<String, String> TOPICS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        bootstrap = TestKafka.bootstrapServers();
        for (String key : List.of(WebConfig.TOPIC_ARTICLES, WebConfig.TOPIC_ALERTS, WebConfig.TOPIC_TRENDS, WebConfig.TOPIC_WATCHES,
                WebConfig.TOPIC_STATE, WebConfig.TOPIC_ARTICLES_DLQ, WebConfig.TOPIC_ALERTS_DLQ, WebConfig.TOPIC_SOURCES,
                WebConfig.TOPIC_ALERTS_RETRY)) {
            TOPICS.put(key, P + key.substring("topic.".length()));
        }
        List<Topic<?, ?>> topics = new ArrayList<>();
        for (String key : List.of(WebConfig.TOPIC_ARTICLES, WebConfig.TOPIC_ALERTS, WebConfig.TOPIC_TRENDS, WebConfig.TOPIC_WATCHES,
                WebConfig.TOPIC_STATE, WebConfig.TOPIC_ARTICLES_DLQ, WebConfig.TOPIC_ALERTS_DLQ)) {
            topics.add(Topics.ALERTS.renamed(TOPICS.get(key), key));
        }
        TopicProvisioner.ensure(bootstrap, topics, 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        seed();
        web = service(dir.resolve("index"), null, "127.0.0.1", false);
        base = web.start();
        awaitCaughtUp(web);
    }

    static WebService service(Path index, String token, String bind, boolean rebuild) {
        return service(index, token, bind, rebuild, Map.of());
    }

    static WebService service(Path index, String token, String bind, boolean rebuild, Map<String, String> more) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        c.put(WebConfig.PORT, "0");
        c.put(WebConfig.BIND_ADDRESS, bind);
        c.put(WebConfig.INDEX_DIR, index.toString());
        c.put(WebConfig.COMMIT_INTERVAL_MS, "100");
        c.put(WebConfig.MAX_BODY_BYTES, "4096");
        c.putAll(TOPICS);
        c.putAll(more);
        return new WebService(new WebConfig(c), token, WebApiIT::previewByEventType, WebApiIT::validateQuery, rebuild);
    }

    /** A stand-in for the alerts service's matcher: fires on the watch's event types, once per story. */
    static List<Alert> previewByEventType(Watch w, java.util.function.Consumer<java.util.function.Consumer<EnrichedArticle>> articles) {
        List<Alert> out = new ArrayList<>();
        articles.accept(a -> {
            if (w.events() != null && a.events().stream().anyMatch(e -> w.events().types().contains(e.type()))) {
                out.add(Samples.alert(a, w.id(), w.severity()));
            }
        });
        return out;
    }

    static Optional<String> validateQuery(Watch w) {
        if (w.query() == null) {
            return Optional.empty();
        }
        try {
            Analysis.parse(w.query());
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("watch '" + w.id() + "': invalid Lucene query \"" + w.query() + "\"");
        }
    }

    static void awaitCaughtUp(WebService service) {
        await().atMost(Duration.ofSeconds(60)).until(service::caughtUp);
    }

    static final EnrichedArticle A1 = Samples.article("a1", "a1", "Orders for Huawei's Ascend 950 jump as DeepSeek V4 lands",
            "Demand for the Ascend 950 surged after DeepSeek released V4. Alibaba and Tencent lined up supply.", T0,
            List.of(HUAWEI_950, DEEPSEEK), EventType.DEMAND_SURGE);
    static final EnrichedArticle A1_DUP = Samples.article("a1b", "a1", "Ascend 950 orders jump as DeepSeek V4 lands",
            "Demand for the Ascend 950 surged after DeepSeek released V4. Alibaba and Tencent lined up supply quickly.",
            T0.plusSeconds(3600), List.of(HUAWEI_950, DEEPSEEK), EventType.DEMAND_SURGE);
    static final EnrichedArticle A2 = Samples.article("a2", "a2", "SMIC added to the Entity List",
            "The Commerce Department added SMIC subsidiaries to the Entity List on Tuesday.", T0.plusSeconds(86_400),
            List.of(SMIC), EventType.ENTITY_LIST);
    static final EnrichedArticle A3 = Samples.article("a3", "a3", SCRIPT_TITLE,
            "A hostile title: <b>bold</b> & \"quotes\". Ascend chips again.", T0.plusSeconds(2 * 86_400),
            List.of(HUAWEI_950), EventType.DEMAND_SURGE);

    static void seed() throws Exception {
        for (EnrichedArticle a : List.of(A1, A1_DUP, A2, A3)) {
            send(WebConfig.TOPIC_ARTICLES, a.id(), Json.toJson(a));
        }
        send(WebConfig.TOPIC_ARTICLES, "broken", "{not json");
        send(WebConfig.TOPIC_ALERTS, "ascend-demand", Json.toJson(Samples.alert(A1, "ascend-demand", Severity.HIGH)));
        send(WebConfig.TOPIC_ALERTS, "entity-list", Json.toJson(Samples.alert(A2, "entity-list", Severity.CRITICAL)));
        send(WebConfig.TOPIC_ALERTS, "ascend-demand", Json.toJson(Samples.alert(A3, "ascend-demand", Severity.HIGH)));
        for (int day = 0; day < 10; day++) {
            long mentions = day == 9 ? 40 : 2;
            Instant ws = T0.plus(Duration.ofDays(day));
            send(WebConfig.TOPIC_TRENDS, "huawei-ascend-950", Json.toJson(new EntityTrend("huawei-ascend-950", ws, ws.plusSeconds(3600), 1, mentions)));
        }
        send(WebConfig.TOPIC_WATCHES, "entity-list", "{\"id\":\"entity-list\",\"events\":{\"types\":[\"ENTITY_LIST\"]}}");
        send(WebConfig.TOPIC_STATE, "health|chipwire", "{\"sourceId\":\"chipwire\",\"status\":\"HEALTHY\",\"consecutiveFailures\":0}");
        send(WebConfig.TOPIC_STATE, "seen|chipwire|x", "1");
        RecordHeaders h = new RecordHeaders();
        DeadLetterHeaders.add(h, "deliver", "webhook returned 500 for 10 minutes", TOPICS.get(WebConfig.TOPIC_ALERTS), 0, 7, null);
        h.add("chipwatch.dlq.channel", "webhook:https://hooks.example.org/x".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(TOPICS.get(WebConfig.TOPIC_ALERTS_DLQ), null, "ascend-demand".getBytes(StandardCharsets.UTF_8),
                Json.toJson(Samples.alert(A1, "ascend-demand", Severity.HIGH)).getBytes(StandardCharsets.UTF_8), h)).get();
        RecordHeaders h2 = new RecordHeaders();
        DeadLetterHeaders.add(h2, "enrich", "invalid RawArticle JSON", "articles.raw", 1, 3, new IllegalArgumentException());
        producer.send(new ProducerRecord<byte[], byte[]>(TOPICS.get(WebConfig.TOPIC_ARTICLES_DLQ), null, null, new byte[] {(byte) 0xff, 0x00, 0x41}, h2)).get();
    }

    static void send(String topicKey, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.get(topicKey), key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path.substring(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    static HttpResponse<String> write(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> jsonWrite(String method, String path, String body) throws Exception {
        return write(method, path, body, "Content-Type", "application/json", "X-Chipwatch-Request", "1");
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= atLeast;
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ alerts

    @Test
    void shouldListAlertsNewestPublishedFirstAsOnTheTopic() throws Exception {
        JsonNode page = getJson("/api/v1/alerts?until=2026-04-23");
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("totalRelation").asText()).isEqualTo("eq");
        List<String> articles = new ArrayList<>();
        page.get("alerts").forEach(a -> articles.add(a.path("article").path("id").asText()));
        assertThat(articles).containsExactly("a3", "a2", "a1");
        JsonNode first = page.get("alerts").get(0);
        assertThat(Json.MAPPER.treeToValue(first, Alert.class)).isEqualTo(Samples.alert(A3, "ascend-demand", Severity.HIGH));
    }

    @Test
    void shouldFilterAlertsAndPageWithCursors() throws Exception {
        assertThat(getJson("/api/v1/alerts?watch=entity-list").get("alerts")).hasSize(1);
        assertThat(getJson("/api/v1/alerts?severity=critical,high").get("total").asInt()).isEqualTo(3);
        assertThat(getJson("/api/v1/alerts?severity=CRITICAL").get("alerts").get(0).get("watchId").asText()).isEqualTo("entity-list");
        assertThat(getJson("/api/v1/alerts?entity=smic").get("total").asInt()).isEqualTo(1);
        assertThat(getJson("/api/v1/alerts?event=DEMAND_SURGE").get("total").asInt()).isEqualTo(2);
        assertThat(getJson("/api/v1/alerts?since=2026-04-21&until=2026-04-22").get("total").asInt()).isEqualTo(1);
        assertThat(getJson("/api/v1/alerts?q=" + enc("\"entity list\"")).get("total").asInt()).isEqualTo(1);
        JsonNode p1 = getJson("/api/v1/alerts?limit=2&until=2026-04-23");
        assertThat(p1.get("alerts")).hasSize(2);
        JsonNode p2 = getJson("/api/v1/alerts?limit=2&until=2026-04-23&cursor=" + p1.get("next").asText());
        assertThat(p2.get("alerts")).hasSize(1);
        assertThat(p2.get("alerts").get(0).path("article").path("id").asText()).isEqualTo("a1");
        assertThat(p2.get("next").isNull()).isTrue();
    }

    @Test
    void shouldAnswerBadInputWithJsonErrorsNever500() throws Exception {
        for (String path : List.of("/api/v1/alerts?severity=URGENT", "/api/v1/alerts?since=yesterday", "/api/v1/alerts?limit=0",
                "/api/v1/alerts?limit=abc", "/api/v1/articles?q=" + enc("smic AND ("), "/api/v1/alerts?cursor=bm90LWEtY3Vyc29y", "/api/v1/alerts?event=RUMOUR")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode err = Json.MAPPER.readTree(r.body());
            assertThat(err.get("status").asInt()).isEqualTo(400);
            assertThat(err.get("message").asText()).isNotBlank();
        }
        assertThat(get("/api/v1/alerts?severity=URGENT").body()).contains("severity must be one of");
        assertThat(get("/api/v1/articles?q=" + enc("smic AND (")).body()).contains("invalid query");
        HttpResponse<String> missing = get("/api/v1/articles/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.body()).get("message").asText()).contains("no article with id 'nope'");
        assertThat(get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(get("/api/v1/nothing-here").body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void shouldStreamNewAlertsAndResumeAfterLastEventId() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "api/v1/alerts/stream")).header("Accept", "text/event-stream").GET().build();
        var response = HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        var r = response.get(10, TimeUnit.SECONDS);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> r.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(": connected"));
        EnrichedArticle fresh = Samples.article("live1", "live1", "Cambricon triples production", "Cambricon plans to triple output.",
                T0.plusSeconds(5 * 86_400), List.of(), EventType.CAPACITY_EXPANSION);
        send(WebConfig.TOPIC_ALERTS, "capacity", Json.toJson(Samples.alert(fresh, "capacity", Severity.MEDIUM)));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("live1")));
        assertThat(lines).contains("event: alert");
        String id = lines.stream().filter(l -> l.startsWith("id:")).reduce((a, b) -> b).orElseThrow().substring(3).strip();
        r.body().close();

        // a client that saw everything up to the previous alert gets the one it missed first
        HttpRequest resume = HttpRequest.newBuilder(URI.create(base + "api/v1/alerts/stream")).header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(Long.parseLong(id) - 1)).GET().build();
        var again = HTTP.send(resume, HttpResponse.BodyHandlers.ofLines());
        List<String> replay = new ArrayList<>();
        try (var stream = again.body()) {
            var it = stream.iterator();
            while (it.hasNext()) {
                String l = it.next();
                replay.add(l);
                if (l.startsWith("data:")) {
                    break;
                }
            }
        }
        assertThat(replay).contains("id: " + id);
        assertThat(replay.get(replay.size() - 1)).contains("live1");
    }

    // ------------------------------------------------------------------ articles, stories, entities

    @Test
    void shouldSearchArticlesWithTheWatchQueryLanguage() throws Exception {
        JsonNode r = getJson("/api/v1/articles?q=" + enc("\"Ascend 950\" AND deepseek"));
        assertThat(r.get("total").asInt()).isEqualTo(2);
        assertThat(r.get("totalRelation").asText()).as("counted exactly").isEqualTo("eq");
        assertThat(getJson("/api/v1/articles?q=" + enc("title:smic")).get("articles").get(0).get("id").asText()).isEqualTo("a2");
        assertThat(getJson("/api/v1/articles?q=chips").get("total").asInt()).as("plural-insensitive").isEqualTo(1);
        assertThat(getJson("/api/v1/articles?entity=huawei").get("total").asInt()).as("family-aware").isEqualTo(3);
        assertThat(getJson("/api/v1/articles?event=ENTITY_LIST&source=chipwire").get("total").asInt()).isEqualTo(1);
        JsonNode one = getJson("/api/v1/articles/a2");
        assertThat(Json.MAPPER.treeToValue(one, EnrichedArticle.class)).isEqualTo(A2);
    }

    @Test
    void shouldShowEveryArticleOfAStoryAndWhyItWasFolded() throws Exception {
        JsonNode story = getJson("/api/v1/stories/a1");
        JsonNode arts = story.get("articles");
        assertThat(arts).hasSize(2);
        assertThat(arts.get(0).get("first").asBoolean()).isTrue();
        assertThat(arts.get(1).get("article").get("id").asText()).isEqualTo("a1b");
        assertThat(arts.get(1).get("folded").asText()).contains("near duplicate of a1");
        assertThat(arts.get(1).get("similarity").asDouble()).isBetween(0.3, 1.0);
        assertThat(story.get("alerts")).hasSize(1);
        assertThat(get("/api/v1/stories/none").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldDescribeAnEntityWithTimelineSpikesAndCoMentions() throws Exception {
        JsonNode list = getJson("/api/v1/entities?q=asc");
        assertThat(list.get("entities")).hasSize(1);
        assertThat(list.get("entities").get(0).get("articles").asInt()).isEqualTo(3);
        JsonNode e = getJson("/api/v1/entities/huawei-ascend-950");
        assertThat(e.get("entity").get("name").asText()).isEqualTo("Ascend 950");
        assertThat(e.get("entity").get("known").asBoolean()).isTrue();
        assertThat(e.get("mentionsFrom").asText()).isEqualTo("entity.trends");
        assertThat(e.get("mentionsByDay")).hasSize(10);
        assertThat(e.get("spikes")).hasSize(1);
        assertThat(e.get("spikes").get(0).get("day").asText()).isEqualTo("2026-04-29");
        assertThat(e.get("coMentioned").get(0).get("id").asText()).isEqualTo("deepseek");
        assertThat(e.get("recentStories")).hasSize(2);
        assertThat(e.get("alerts")).hasSize(2);
        assertThat(get("/api/v1/entities/nobody").statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ watches

    @Test
    void shouldSaveValidateAndDeleteWatchesOnTheWatchesTopic() throws Exception {
        String watch = "{\"name\":\"SMIC\",\"severity\":\"HIGH\",\"events\":{\"types\":[\"ENTITY_LIST\"]},\"query\":\"smic\"}";
        HttpResponse<String> put = jsonWrite("PUT", "/api/v1/watches/smic-list", watch);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(put.body()).get("id").asText()).isEqualTo("smic-list");
        List<ConsumerRecord<byte[], byte[]>> onTopic = readAll(TOPICS.get(WebConfig.TOPIC_WATCHES), 2);
        assertThat(onTopic).anySatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("smic-list");
            assertThat(Json.MAPPER.readValue(r.value(), Watch.class).query()).isEqualTo("smic");
        });
        assertThat(getJson("/api/v1/watches/smic-list").get("severity").asText()).isEqualTo("HIGH");
        assertThat(getJson("/api/v1/watches").get("watches")).extracting(w -> w.get("id").asText()).contains("entity-list", "smic-list");

        HttpResponse<String> bad = jsonWrite("PUT", "/api/v1/watches/bad", "{\"query\":\"smic AND (\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid Lucene query");
        assertThat(jsonWrite("PUT", "/api/v1/watches/Bad_Id", "{}").statusCode()).isEqualTo(400);
        assertThat(jsonWrite("PUT", "/api/v1/watches/x", "{\"id\":\"y\"}").body()).contains("differs from the id in the path");
        assertThat(jsonWrite("PUT", "/api/v1/watches/x", "{\"severity\":\"URGENT\"}").statusCode()).isEqualTo(400);
        JsonNode verdict = Json.MAPPER.readTree(jsonWrite("POST", "/api/v1/watches/validate", "{\"id\":\"v\",\"query\":\"(\"}").body());
        assertThat(verdict.get("valid").asBoolean()).isFalse();
        assertThat(verdict.get("problems").get(0).asText()).contains("invalid Lucene query");

        assertThat(jsonWrite("DELETE", "/api/v1/watches/smic-list", null).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/watches/smic-list").statusCode()).isEqualTo(404);
        assertThat(readAll(TOPICS.get(WebConfig.TOPIC_WATCHES), 3)).anySatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("smic-list");
            assertThat(r.value()).isNull();
        });
        assertThat(jsonWrite("DELETE", "/api/v1/watches/smic-list", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldBacktestAWatchOverTheStoredHistoryWithoutSavingIt() throws Exception {
        String body = "{\"watch\":{\"id\":\"try-demand\",\"events\":{\"types\":[\"DEMAND_SURGE\"]}},\"since\":\"2026-04-01\"}";
        HttpResponse<String> r = jsonWrite("POST", "/api/v1/watches/backtest", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = Json.MAPPER.readTree(r.body());
        assertThat(result.get("articlesScanned").asInt()).as("first-in-story articles only").isEqualTo(3);
        assertThat(result.get("matched").asInt()).isEqualTo(2);
        assertThat(result.get("alerts").get(0).get("article").get("id").asText()).isEqualTo("a3");
        assertThat(get("/api/v1/watches/try-demand").statusCode()).as("not saved").isEqualTo(404);
        assertThat(jsonWrite("POST", "/api/v1/watches/backtest", "{\"since\":\"7d\"}").statusCode()).isEqualTo(400);
        assertThat(jsonWrite("POST", "/api/v1/watches/backtest",
                "{\"watch\":{\"id\":\"s\",\"spike\":{\"entity\":\"smic\"}}}").body()).contains("spike watches");
    }

    // ------------------------------------------------------------------ sources, dead letters, status

    @Test
    void shouldShowSourceHealthAndAddSourcesToTheSourcesTopic() throws Exception {
        JsonNode sources = getJson("/api/v1/sources").get("sources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).get("status").asText()).isEqualTo("HEALTHY");
        HttpResponse<String> ok = jsonWrite("POST", "/api/v1/sources",
                "{\"id\":\"new-feed\",\"url\":\"https://news.example.org/feed.xml\",\"interval\":\"30m\",\"tags\":[\"x\"]}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(readAll(TOPICS.get(WebConfig.TOPIC_SOURCES), 1)).singleElement().satisfies(rec -> {
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo("new-feed");
            JsonNode v = Json.MAPPER.readTree(rec.value());
            assertThat(v.get("kind").asText()).isEqualTo("feed");
            assertThat(v.get("enabled").asBoolean()).isTrue();
        });
        for (String bad : List.of("{\"id\":\"f\",\"url\":\"file:///etc/passwd\"}", "{\"id\":\"Bad Id\",\"url\":\"https://x.org/\"}",
                "{\"id\":\"arch\",\"kind\":\"archive\",\"url\":\"https://x.org/\"}", "{\"id\":\"p\",\"kind\":\"page\",\"url\":\"https://x.org/\"}",
                "{\"id\":\"f\",\"url\":\"https://x.org/\",\"path\":\"/etc\"}", "{\"id\":\"f\",\"url\":\"https://x.org/\",\"interval\":\"often\"}")) {
            HttpResponse<String> r = jsonWrite("POST", "/api/v1/sources", bad);
            assertThat(r.statusCode()).as(bad + " -> " + r.body()).isEqualTo(400);
        }
    }

    @Test
    void shouldListDeadLettersWithReasonsAndResendDeliveries() throws Exception {
        JsonNode page = getJson("/api/v1/dlq");
        assertThat(page.get("total").asInt()).isEqualTo(2);
        JsonNode delivery = null;
        JsonNode poison = null;
        for (JsonNode d : page.get("deadLetters")) {
            if (d.get("retryable").asBoolean()) {
                delivery = d;
            } else {
                poison = d;
            }
        }
        assertThat(delivery.get("reason").asText()).isEqualTo("webhook returned 500 for 10 minutes");
        assertThat(delivery.get("alertId").asText()).isEqualTo("ascend-demand-a1");
        assertThat(poison.get("valuePreview").asText()).isEqualTo("hex:ff0041");
        assertThat(poison.get("stage").asText()).isEqualTo("enrich");
        HttpResponse<String> retry = jsonWrite("POST", "/api/v1/dlq/" + delivery.get("id").asText() + "/retry", null);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(readAll(TOPICS.get(WebConfig.TOPIC_ALERTS_RETRY), 1)).singleElement().satisfies(rec -> {
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo("webhook:https://hooks.example.org/x|ascend-demand-a1");
            JsonNode v = Json.MAPPER.readTree(rec.value());
            assertThat(v.get("requestedBy").asText()).isEqualTo("web");
            assertThat(v.get("channel").asText()).isEqualTo("webhook:https://hooks.example.org/x");
        });
        assertThat(jsonWrite("POST", "/api/v1/dlq/" + poison.get("id").asText() + "/retry", null).statusCode()).isEqualTo(409);
        assertThat(jsonWrite("POST", "/api/v1/dlq/none-0-0/retry", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldReportStatusAndTheRecordItCouldNotRead() throws Exception {
        JsonNode s = getJson("/api/v1/status");
        assertThat(s.get("broker").get("reachable").asBoolean()).isTrue();
        assertThat(s.get("services")).hasSize(3);
        JsonNode skipped = s.get("web").get("readModel").get("skipped");
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("topic").asText()).isEqualTo(TOPICS.get(WebConfig.TOPIC_ARTICLES));
        assertThat(skipped.get(0).get("reason").asText()).isNotBlank();
        assertThat(s.get("web").get("documents").get("article").asInt()).isGreaterThanOrEqualTo(4);
    }

    // ------------------------------------------------------------------ security

    @Test
    void shouldEscapeNothingAwayButServeHostileTextOnlyAsJsonWithStrictHeaders() throws Exception {
        HttpResponse<String> r = get("/api/v1/articles/a3");
        assertThat(Json.MAPPER.readTree(r.body()).get("title").asText()).isEqualTo(SCRIPT_TITLE);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        HttpResponse<String> page = get("/search");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline").contains("frame-ancestors 'none'");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain(" style=").doesNotContain("onload=");
    }

    @Test
    void shouldRefuseCrossSiteAndOversizedWrites() throws Exception {
        String w = "{\"events\":{\"types\":[\"ENTITY_LIST\"]}}";
        assertThat(write("PUT", "/api/v1/watches/csrf", w, "Content-Type", "application/json").statusCode())
                .as("no X-Chipwatch-Request").isEqualTo(403);
        assertThat(write("PUT", "/api/v1/watches/csrf", w, "Content-Type", "application/json", "X-Chipwatch-Request", "1",
                "Origin", "https://evil.example").statusCode()).as("foreign Origin").isEqualTo(403);
        assertThat(write("PUT", "/api/v1/watches/csrf", w, "Content-Type", "text/plain", "X-Chipwatch-Request", "1").statusCode())
                .as("form-like content type").isEqualTo(415);
        assertThat(write("PUT", "/api/v1/watches/csrf", w, "Content-Type", "application/json", "X-Chipwatch-Request", "1",
                "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        String huge = "{\"description\":\"" + "x".repeat(10_000) + "\"}";
        HttpResponse<String> tooBig = jsonWrite("PUT", "/api/v1/watches/big", huge);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(get("/api/v1/watches/csrf").statusCode()).as("nothing was saved").isEqualTo(404);
        assertThat(jsonWrite("PUT", "/api/v1/watches/csrf", "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswerOnlyLoopbackHostNamesOnALoopbackBind() throws Exception {
        int port = URI.create(base).getPort();
        assertThat(rawStatus(port, "evil.example:" + port)).as("DNS rebinding").isEqualTo(403);
        assertThat(rawStatus(port, "localhost:" + port)).isEqualTo(200);
        assertThat(rawStatus(port, "127.0.0.1:" + port)).isEqualTo(200);
    }

    static int rawStatus(int port, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/v1/watches HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void shouldNeedTheTokenForWritesOnLoopbackWhenOneIsSet() throws Exception {
        String token = "test-token-0123456789abcdef";
        try (WebService secured = service(dir.resolve("secured"), token, "127.0.0.1", false)) {
            String url = secured.start();
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/watches")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);
            String w = "{\"events\":{\"types\":[\"ENTITY_LIST\"]}}";
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url + "api/v1/watches/tok")).PUT(HttpRequest.BodyPublishers.ofString(w))
                    .header("Content-Type", "application/json").header("X-Chipwatch-Request", "1");
            assertThat(HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpRequest.Builder wrong = HttpRequest.newBuilder(URI.create(url + "api/v1/watches/tok")).PUT(HttpRequest.BodyPublishers.ofString(w))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer wrong-token-0123456789");
            assertThat(HTTP.send(wrong.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpRequest.Builder ok = HttpRequest.newBuilder(URI.create(url + "api/v1/watches/tok")).PUT(HttpRequest.BodyPublishers.ofString(w))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
            HttpResponse<String> saved = HTTP.send(ok.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(url + "login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).header("Content-Type", "application/json")
                    .header("X-Chipwatch-Request", "1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(204);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").doesNotContain(token);
            HttpResponse<String> withCookie = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/watches/tok2"))
                    .PUT(HttpRequest.BodyPublishers.ofString(w)).header("Content-Type", "application/json").header("X-Chipwatch-Request", "1")
                    .header("Cookie", cookie.split(";")[0]).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).as(withCookie.body()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseANonLoopbackBindWithoutATokenAndGuardEverythingWithOne() throws Exception {
        assertThatThrownBy(() -> {
            try (WebService open = service(dir.resolve("open"), null, "0.0.0.0", false)) {
                open.start();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a loopback address");
        String token = "another-token-0123456789abcdef";
        try (WebService guarded = service(dir.resolve("guarded"), token, "0.0.0.0", false)) {
            String url = "http://127.0.0.1:" + guarded.start().replaceAll(".*:(\\d+)/$", "$1") + "/";
            HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            assertThat(noRedirects.send(HttpRequest.newBuilder(URI.create(url + "api/v1/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(noRedirects.send(HttpRequest.newBuilder(URI.create(url + "api/v1/alerts/stream")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(noRedirects.send(HttpRequest.newBuilder(URI.create(url + "openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpResponse<String> page = noRedirects.send(HttpRequest.newBuilder(URI.create(url + "watches")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElse("")).startsWith("/login");
            assertThat(noRedirects.send(HttpRequest.newBuilder(URI.create(url + "api/v1/alerts")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(noRedirects.send(HttpRequest.newBuilder(URI.create(url + "login")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldGiveTheTotalOfABroadSearchAsALowerBound() throws Exception {
        Path index = dir.resolve("broad");
        // 5,000 articles in the index already, as after a long catch-up; the service adds the topics' records to them
        try (ReadModel model = ReadModel.open(index, false, 1_000)) {
            for (int i = 0; i < 5_000; i++) {
                EnrichedArticle a = Samples.article("bulk" + i, "bulk" + i, "Wafer report " + i, "Wafer output rose at the fab.",
                        T0.minus(Duration.ofDays(30)).plusSeconds(i * 60L), List.of(), null);
                model.putArticle(a, Json.MAPPER.valueToTree(a));
            }
            model.commit();
        }
        try (WebService broad = service(index, null, "127.0.0.1", false, Map.of(WebConfig.TOTAL_EXACT_MAX, "100"))) {
            String url = broad.start();
            awaitCaughtUp(broad);
            JsonNode page = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/articles?q=wafer&limit=20")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(page.get("totalRelation").asText()).as("5,000 match; counting stopped").isEqualTo("gte");
            assertThat(page.get("total").asInt()).as("the threshold, a lower bound").isEqualTo(100);
            assertThat(page.get("articles")).hasSize(20);
            assertThat(page.get("articles").get(0).get("id").asText()).as("still the newest first").isEqualTo("bulk4999");
            assertThat(page.get("next").asText()).isNotEmpty();
            JsonNode narrow = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/articles?q="
                    + enc("title:\"wafer report 4321\""))).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(narrow.get("total").asInt()).isEqualTo(1);
            assertThat(narrow.get("totalRelation").asText()).isEqualTo("eq");
        }
    }

    // ------------------------------------------------------------------ read model lifecycle

    @Test
    void shouldResumeFromItsCommittedOffsetsAndRebuildOnRequest() throws Exception {
        Path index = dir.resolve("resume");
        try (WebService first = service(index, null, "127.0.0.1", false)) {
            first.start();
            awaitCaughtUp(first);
            // the follower commits at its interval; wait until a commit carries the offsets
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.list(index).anyMatch(f -> f.getFileName().toString().startsWith("segments_")));
        }
        try (WebService second = service(index, null, "127.0.0.1", false)) {
            String url = second.start();
            awaitCaughtUp(second);
            JsonNode status = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            long reread = 0;
            for (JsonNode n : status.get("web").get("readModel").get("readByTopic")) {
                reread += n.asLong();
            }
            assertThat(reread).as("records read again after a restart").isLessThan(5);
            assertThat(status.get("web").get("documents").get("article").asInt()).isGreaterThanOrEqualTo(4);
        }
        try (WebService rebuilt = service(index, null, "127.0.0.1", true)) {
            String url = rebuilt.start();
            awaitCaughtUp(rebuilt);
            JsonNode status = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(status.get("web").get("readModel").get("readByTopic").get(TOPICS.get(WebConfig.TOPIC_ARTICLES)).asInt())
                    .as("a rebuild reads every article again").isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void shouldServeAValidOpenApiDocumentThatListsExactlyTheRegisteredRoutes() throws Exception {
        HttpResponse<String> r = get("/openapi.yaml");
        assertThat(r.statusCode()).isEqualTo(200);
        var options = new io.swagger.v3.parser.core.models.ParseOptions();
        options.setResolve(true);
        var result = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(r.body(), null, options);
        assertThat(result.getMessages()).as("openapi.yaml problems").isEmpty();
        java.util.Set<String> documented = new java.util.TreeSet<>();
        result.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .keySet().forEach(method -> documented.add(method.name() + " " + path)));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(web.apiRoutes());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
