package io.chipwatch.web;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.Alert;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Severity;
import io.chipwatch.model.TaggedEntity;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web service's targets, measured, not asserted (opt-in: {@code mvn -B verify -pl web -am -Pweb-bench}):
 * with {@code web.bench.articles} (default 100,000) synthetic enriched articles and 5,000 alerts on the
 * topics, how fast the read model catches up, article search latency (p50/p95 over 300 queries of the
 * watch language through the HTTP API), the time to serve everything the alerts page needs for its first
 * render (shell, script, style, chart library, the first 50 alerts, the watches), the delay from an alert
 * on the topic to its SSE event on an open stream (p50/p95 of 50), and the heap (the profile runs with
 * -Xmx512m, broker included, like {@code chipwatch run}). Prints one JSON line.
 */
@Tag("benchmark")
class WebBench {
    private static final String[] WORDS = ("demand supply export licence rule chips accelerator memory wafer foundry order shipment "
            + "capacity yield node lithography ministry commerce department cloud server model training inference datacentre "
            + "customs investigation listing valuation funding shares investors quarter revenue profit production line").split(" ");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int articles = Integer.getInteger("web.bench.articles", 100_000);
        String p = "bench-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        String bootstrap = TestKafka.bootstrapServers();
        Map<String, Object> conf = new HashMap<>();
        conf.put("bootstrap.servers", bootstrap);
        conf.put(WebConfig.PORT, "0");
        conf.put(WebConfig.INDEX_DIR, dir.resolve("index").toString());
        List<Topic<?, ?>> topics = new ArrayList<>();
        for (String key : List.of(WebConfig.TOPIC_ARTICLES, WebConfig.TOPIC_ALERTS, WebConfig.TOPIC_TRENDS, WebConfig.TOPIC_WATCHES,
                WebConfig.TOPIC_STATE, WebConfig.TOPIC_ARTICLES_DLQ, WebConfig.TOPIC_ALERTS_DLQ)) {
            conf.put(key, p + key);
            topics.add(Topics.ALERTS.renamed(p + key, key));
        }
        TopicProvisioner.ensure(bootstrap, topics, 3);
        AtomicLong heapMax = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> heapMax.accumulateAndGet(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        pp.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Map<String, Object> out = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            Random rnd = new Random(42);
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < articles; i++) {
                EnrichedArticle a = article(rnd, i, t0.plusSeconds(i * 97L));
                producer.send(new ProducerRecord<>(p + WebConfig.TOPIC_ARTICLES, a.id(), Json.toJson(a)));
                if (i % 20 == 0) {
                    producer.send(new ProducerRecord<>(p + WebConfig.TOPIC_ALERTS, "w" + (i % 7), Json.toJson(alert(a, "w" + (i % 7)))));
                }
            }
            producer.flush();
            long start = System.nanoTime();
            try (WebService web = new WebService(new WebConfig(conf), null, (w, s) -> List.of(), x -> Optional.empty(), false)) {
                String base = web.start();
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200)).until(web::caughtUp);
                double secs = (System.nanoTime() - start) / 1e9;
                out.put("articles", articles);
                out.put("indexSeconds", Math.round(secs * 10) / 10.0);
                out.put("indexRecordsPerSec", Math.round((articles * 1.05) / secs));
                out.putAll(searches(base, rnd));
                out.putAll(firstRender(base));
                out.putAll(streamLatency(base, producer, p + WebConfig.TOPIC_ALERTS, t0));
                System.gc();
                out.put("heapAfterGcMb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
                out.put("heapMaxMb", heapMax.get() >> 20);
                out.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
            }
        } finally {
            sampler.shutdownNow();
        }
        System.out.println("WEB-BENCH " + Json.toJson(out));
    }

    private static Map<String, Object> searches(String base, Random rnd) throws Exception {
        String[] shapes = {"%s", "\"%s %s\"", "%s AND %s", "%s OR %s", "title:%s", "%s AND NOT %s", "%s*"};
        List<Double> ms = new ArrayList<>();
        Map<String, List<Double>> byShape = new LinkedHashMap<>();
        long hits = 0;
        int lowerBounds = 0;
        for (int i = 0; i < 330; i++) {
            String shape = shapes[i % shapes.length];
            String q = String.format(shape, word(rnd), word(rnd)).replace("**", "*");
            String extra = i % 3 == 0 ? "&entity=e" + rnd.nextInt(200) : i % 3 == 1 ? "&since=2026-03-01" : "";
            long t = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/v1/articles?limit=20&q="
                    + URLEncoder.encode(q, StandardCharsets.UTF_8) + extra)).build(), HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - t) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(q + ": " + r.body());
            }
            if (i >= 30) { // the first 30 warm the JIT up
                ms.add(took);
                byShape.computeIfAbsent(shape, k -> new ArrayList<>()).add(took);
                JsonNode page = Json.MAPPER.readTree(r.body());
                hits += page.get("total").asLong();
                lowerBounds += "gte".equals(page.path("totalRelation").asText()) ? 1 : 0;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("searchMsP50", pct(ms, 50));
        m.put("searchMsP95", pct(ms, 95));
        m.put("searchMeanTotal", hits / ms.size());
        m.put("searchTotalsLowerBound", lowerBounds);
        Map<String, String> shapeMs = new LinkedHashMap<>();
        byShape.forEach((shape, took) -> shapeMs.put(shape, pct(took, 50) + "/" + pct(took, 95)));
        m.put("searchMsP50P95ByShape", shapeMs);
        return m;
    }

    private static Map<String, Object> firstRender(String base) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long t = System.nanoTime();
            for (String path : List.of("", "assets/app.js", "assets/app.css", "assets/vendor/uplot/uPlot.iife.min.js",
                    "api/v1/alerts?limit=50", "api/v1/watches")) {
                HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + " -> " + r.statusCode());
                }
            }
            if (i >= 10) {
                ms.add((System.nanoTime() - t) / 1e6);
            }
        }
        return Map.of("alertsPageServeMsP50", pct(ms, 50), "alertsPageServeMsP95", pct(ms, 95));
    }

    private static Map<String, Object> streamLatency(String base, KafkaProducer<String, String> producer, String topic, Instant t0)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Double> arrivedMs = new ConcurrentHashMap<>();
        HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/v1/alerts/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data:")) {
                        String id = Json.MAPPER.readTree(line.substring(5)).get("alertId").asText();
                        Long sent = sentAt.get(id);
                        if (sent != null) {
                            arrivedMs.put(id, (System.nanoTime() - sent) / 1e6);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // stream closed at the end
            }
        });
        reader.setDaemon(true);
        reader.start();
        Random rnd = new Random(7);
        int missed = 0;
        for (int i = 0; i < 50; i++) {
            EnrichedArticle a = article(rnd, 10_000_000 + i, t0.plusSeconds(i));
            Alert alert = alert(a, "live");
            sentAt.put(alert.alertId(), System.nanoTime());
            producer.send(new ProducerRecord<>(topic, "live", Json.toJson(alert))).get();
            try {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> arrivedMs.containsKey(alert.alertId()));
            } catch (ConditionTimeoutException e) {
                missed++; // counted, not fatal: the other figures of a long run are kept
            }
        }
        r.body().close();
        List<Double> ms = new ArrayList<>(arrivedMs.values());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertToPageMsP50", ms.isEmpty() ? null : pct(ms, 50));
        m.put("alertToPageMsP95", ms.isEmpty() ? null : pct(ms, 95));
        m.put("alertToPageMsMax", ms.isEmpty() ? null : pct(ms, 100));
        m.put("alertToPageMissed", missed);
        return m;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int i = Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1);
        return Math.round(s.get(Math.max(0, i)) * 10) / 10.0;
    }

    private static String word(Random rnd) {
        return WORDS[rnd.nextInt(WORDS.length)];
    }

    static EnrichedArticle article(Random rnd, int i, Instant published) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 220; w++) {
            text.append(word(rnd)).append(w % 15 == 14 ? ". " : " ");
        }
        List<TaggedEntity> ents = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            int id = rnd.nextInt(200);
            ents.add(new TaggedEntity("e" + id, "Entity " + id, EntityType.COMPANY, List.of("g" + id % 20), 2, 0.5, List.of()));
        }
        String title = "Article " + i + " on " + word(rnd) + " " + word(rnd);
        EventType type = EventType.values()[rnd.nextInt(EventType.values().length)];
        return new EnrichedArticle("a" + i, "a" + i, true, null, "s" + rnd.nextInt(20), "https://example.org/" + i, title,
                text.toString(), "en", List.of(), published, published, published, ents,
                List.of(new DetectedEvent(type, null, 0.8, title, List.of(ents.get(0).id()), "t")));
    }

    static Alert alert(EnrichedArticle a, String watch) {
        return new Alert(watch + "-" + a.id(), watch, watch, Severity.HIGH, Alert.MATCH, a.publishedAt(), Alert.ArticleRef.of(a),
                a.entities().stream().map(Alert.EntityRef::of).toList(), a.events(), a.title(), "bench", a.storyId(), List.of());
    }
}
