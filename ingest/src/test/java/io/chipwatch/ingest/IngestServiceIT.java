package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.ingest.internal.IngestMetrics;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.topic.RecordHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The polling service against a real HTTP server on loopback and the real test broker. */
@Tag("integration")
@Timeout(120)
class IngestServiceIT {
    @TempDir
    Path dir;
    private LoopbackHttpServer http;
    private KafkaSupport kafka;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void setUp(TestInfo info) throws IOException {
        http = new LoopbackHttpServer();
        kafka = new KafkaSupport(info.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT));
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    static byte[] feed(String name) throws IOException {
        try (InputStream in = IngestServiceIT.class.getResourceAsStream("/feeds/" + name)) {
            return in.readAllBytes();
        }
    }

    private Path sources(String yaml) throws IOException {
        Path f = dir.resolve("sources.yaml");
        Files.writeString(f, "sources:\n" + yaml, StandardCharsets.UTF_8);
        return f;
    }

    private static String feedSource(String id, String url, String interval) {
        return "  - id: " + id + "\n    kind: feed\n    url: " + url + "\n    interval: " + interval + "\n";
    }

    private IngestService start(Path sourcesFile) {
        return start(sourcesFile, Map.of());
    }

    private IngestService start(Path sourcesFile, Map<String, Object> extra) {
        IngestService s = new IngestService(kafka.config(sourcesFile, extra), metrics);
        s.start();
        return s;
    }

    private double counter(String name, String source) {
        var c = metrics.find(name).tag("source", source).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldPublishEveryFeedVersionOnceWithHeadersAndEventTime() throws Exception {
        String[][] feeds = {{"rss091.xml", "text/xml"}, {"rss092.xml", "application/rss+xml"}, {"rss10.rdf", "application/rdf+xml"},
                {"rss20.xml", "application/rss+xml; charset=utf-8"}, {"atom03.xml", "application/atom+xml"},
                {"atom10.xml", "application/atom+xml"}, {"feed.json", "application/feed+json"}, {"gbk-rss.xml", "text/xml"},
                {"latin1-rss.xml", "application/rss+xml"}, {"bom-atom.xml", "application/atom+xml"}};
        StringBuilder yaml = new StringBuilder();
        for (String[] f : feeds) {
            String id = f[0].replaceAll("[^a-z0-9]", "-");
            http.serve("/" + f[0], f[1], feed(f[0]));
            yaml.append(feedSource(id, http.url("/" + f[0]), "1h"));
        }
        try (IngestService service = start(sources(yaml.toString()))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kafka.readAll()).hasSize(7 * 2 + 3));
            List<ConsumerRecord<String, RawArticle>> records = kafka.readAll();
            assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
            assertThat(records).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(r.value().id());
                assertThat(new String(r.headers().lastHeader(RecordHeaders.SOURCE).value(), StandardCharsets.UTF_8)).isEqualTo(r.value().sourceId());
                assertThat(r.headers().lastHeader(RecordHeaders.CONTENT_TYPE)).isNotNull();
            });
            RawArticle rss20 = records.stream().map(ConsumerRecord::value).filter(a -> a.sourceId().equals("rss20-xml")
                    && a.title().startsWith("Nvidia")).findFirst().orElseThrow();
            ConsumerRecord<String, RawArticle> rec = records.stream().filter(r -> r.value() == rss20).findFirst().orElseThrow();
            assertThat(rec.timestamp()).isEqualTo(Instant.parse("2026-04-20T10:00:00Z").toEpochMilli());
            assertThat(rss20.text()).contains("expires at the end of the year");
            assertThat(rss20.author()).isEqualTo("Ana Ruiz");
            Map<String, String> titles = records.stream().collect(Collectors.toMap(r -> r.value().sourceId() + "|" + r.value().title(),
                    r -> r.value().language() == null ? "" : r.value().language()));
            assertThat(titles).containsEntry("gbk-rss-xml|国产加速卡订单大幅增长", "zh")
                    .containsEntry("latin1-rss-xml|Contrôles élargis sur la lithographie", "fr")
                    .containsKey("bom-atom-xml|Exportkontrollen für Lithografie erweitert — Überblick");
            assertThat(service.health()).allSatisfy(h -> assertThat(h.status()).isEqualTo(SourceHealth.Status.HEALTHY));
            assertThat(counter(IngestMetrics.PUBLISHED, "rss20-xml")).isEqualTo(2.0);
        }
    }

    @Test
    void shouldUseConditionalGetAndRememberValidatorsAcrossRestart() throws Exception {
        byte[] body = feed("rss20.xml");
        http.route("/cond.xml", (ex, hit) -> {
            if ("\"etag-1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                LoopbackHttpServer.send(ex, 304, null, new byte[0]);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"etag-1\"");
            ex.getResponseHeaders().set("Last-Modified", "Tue, 21 Apr 2026 10:00:00 GMT");
            LoopbackHttpServer.send(ex, 200, "application/rss+xml", body);
        });
        Path file = sources(feedSource("cond", http.url("/cond.xml"), "200ms"));
        try (IngestService service = start(file)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> counter(IngestMetrics.NOT_MODIFIED, "cond") >= 2);
            assertThat(service.health().get(0).status()).isEqualTo(SourceHealth.Status.HEALTHY);
        }
        assertThat(kafka.readAll()).hasSize(2);
        int before = http.requestsTo("/cond.xml").size();
        try (IngestService restarted = start(file)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.requestsTo("/cond.xml").size() > before);
            LoopbackHttpServer.Request firstAfterRestart = http.requestsTo("/cond.xml").get(before);
            assertThat(firstAfterRestart.header("If-None-Match")).isEqualTo("\"etag-1\"");
            assertThat(firstAfterRestart.header("If-Modified-Since")).isEqualTo("Tue, 21 Apr 2026 10:00:00 GMT");
        }
        assertThat(kafka.readAll()).hasSize(2);
    }

    @Test
    void shouldWaitForRetryAfterBeforeRetrying() throws Exception {
        byte[] body = feed("atom10.xml");
        http.route("/busy.xml", (ex, hit) -> {
            if (hit == 1) {
                ex.getResponseHeaders().set("Retry-After", "2");
                LoopbackHttpServer.send(ex, 429, "text/plain", "too many requests".getBytes());
            } else {
                LoopbackHttpServer.send(ex, 200, "application/atom+xml", body);
            }
        });
        try (IngestService service = start(sources(feedSource("busy", http.url("/busy.xml"), "100ms")),
                Map.of(IngestConfig.BACKOFF_MAX_MS, 10_000L))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.readAll()).hasSize(2));
            List<LoopbackHttpServer.Request> reqs = http.requestsTo("/busy.xml");
            assertThat(Duration.between(reqs.get(0).at(), reqs.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(counter(IngestMetrics.ERRORS, "busy")).isEqualTo(1.0);
        }
    }

    @Test
    void shouldPublishItemsThatDifferOnlyInTrackingParametersOnceEvenAfterRestart() throws Exception {
        http.serve("/tracking.xml", "application/rss+xml", feed("tracking-dupes.xml"));
        Path file = sources(feedSource("tracking", http.url("/tracking.xml"), "200ms"));
        try (IngestService service = start(file)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.requestsTo("/tracking.xml").size() >= 3);
        }
        List<ConsumerRecord<String, RawArticle>> records = kafka.readAll();
        assertThat(records).hasSize(2);
        assertThat(records).extracting(r -> r.value().url()).containsExactlyInAnyOrder(
                "https://news.example/2026/04/h200-licence", "https://news.example/2026/04/moore-threads-listing");
        int before = http.requestsTo("/tracking.xml").size();
        try (IngestService restarted = start(file)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.requestsTo("/tracking.xml").size() >= before + 2);
        }
        assertThat(kafka.readAll()).hasSize(2);
    }

    @Test
    void shouldMarkFailingSourcesUnhealthyWithoutBlockingOthers() throws Exception {
        http.serve("/note.xml", "application/xml", "<?xml version=\"1.0\"?><note><to>Tove</to></note>".getBytes(StandardCharsets.UTF_8));
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(junk);
        http.serve("/junk.xml", "application/rss+xml", junk);
        http.serve("/huge.xml", "application/rss+xml", new byte[11 * 1024 * 1024]);
        http.route("/gone.xml", (ex, hit) -> LoopbackHttpServer.send(ex, 500, "text/plain", "boom".getBytes()));
        http.serve("/good.xml", "application/atom+xml", feed("atom10.xml"));
        String yaml = feedSource("note", http.url("/note.xml"), "100ms") + feedSource("junk", http.url("/junk.xml"), "100ms")
                + feedSource("huge", http.url("/huge.xml"), "100ms") + feedSource("gone", http.url("/gone.xml"), "100ms")
                + feedSource("good", http.url("/good.xml"), "100ms")
                + "  - id: off\n    kind: feed\n    url: http://127.0.0.1:9/never\n    enabled: false\n";
        try (IngestService service = start(sources(yaml))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, SourceHealth> h = service.health().stream().collect(Collectors.toMap(SourceHealth::sourceId, x -> x));
                for (String bad : List.of("note", "junk", "huge", "gone")) {
                    assertThat(h.get(bad).status()).as(bad).isEqualTo(SourceHealth.Status.UNHEALTHY);
                }
                assertThat(h.get("good").status()).isEqualTo(SourceHealth.Status.HEALTHY);
                assertThat(h.get("good").itemsPublished()).isEqualTo(2);
                assertThat(h.get("good").recovered()).isFalse();
                assertThat(h.get("off").status()).isEqualTo(SourceHealth.Status.DISABLED);
                assertThat(h.get("note").lastError()).contains("root element is <note>");
                assertThat(h.get("junk").lastError()).contains("not a feed");
                assertThat(h.get("huge").lastError()).contains("BODY_TOO_LARGE");
                assertThat(h.get("gone").lastError()).contains("500");
            });
            assertThat(kafka.readAll()).hasSize(2);
            assertThat(http.requestsTo("/never")).isEmpty();
        }
    }

    @Test
    void shouldPublishTheGoodItemsOfBrokenFeedsAndMarkThemRecovered() throws Exception {
        http.serve("/truncated.xml", "application/rss+xml", feed("broken/truncated.xml"));
        http.serve("/mismatched.xml", "application/rss+xml", feed("malformed.xml"));
        http.serve("/xxe.xml", "application/rss+xml", feed("xxe.xml"));
        http.serve("/laughs.xml", "application/rss+xml", feed("billion-laughs.xml"));
        http.serve("/dates.xml", "application/rss+xml", feed("broken/impossible-dates.xml"));
        http.serve("/comment.xml", "text/html; charset=utf-8", feed("broken/comment-first.xml"));
        String yaml = feedSource("truncated", http.url("/truncated.xml"), "1h") + feedSource("mismatched", http.url("/mismatched.xml"), "1h")
                + feedSource("xxe", http.url("/xxe.xml"), "1h") + feedSource("laughs", http.url("/laughs.xml"), "1h")
                + feedSource("dates", http.url("/dates.xml"), "1h") + feedSource("comment", http.url("/comment.xml"), "1h");
        try (IngestService service = start(sources(yaml))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kafka.readAll()).hasSize(3 + 1 + 1 + 0 + 6 + 1));
            Map<String, SourceHealth> h = service.health().stream().collect(Collectors.toMap(SourceHealth::sourceId, x -> x));
            assertThat(h.values()).allSatisfy(x -> assertThat(x.status()).as(x.sourceId()).isEqualTo(SourceHealth.Status.HEALTHY));
            assertThat(h.get("truncated").recovered()).isTrue();
            assertThat(h.get("truncated").warnings()).anySatisfy(w -> assertThat(w).contains("3 complete items kept, 1 incomplete dropped"));
            assertThat(h.get("mismatched").warnings()).anySatisfy(w -> assertThat(w).contains("line 4, column"));
            assertThat(h.get("xxe").warnings()).anySatisfy(w -> assertThat(w).contains("DOCTYPE dropped unread"));
            assertThat(h.get("laughs").recovered()).isTrue();
            assertThat(h.get("dates").recovered()).isFalse();
            assertThat(h.get("dates").warnings()).hasSize(2).first().asString().contains("32 Jan 2024 25:61");
            assertThat(h.get("comment").recovered()).isFalse();
            assertThat(metrics.find(IngestMetrics.RECOVERED).tag("source", "truncated").tag("repair", "lenient-xml").counter().count()).isEqualTo(1.0);
            assertThat(counter(IngestMetrics.WARNINGS, "dates")).isEqualTo(2.0);
            List<RawArticle> articles = kafka.readAll().stream().map(ConsumerRecord::value).toList();
            assertThat(articles).noneSatisfy(a -> assertThat(a.title() + a.text()).contains("root:"));
            assertThat(articles).filteredOn(a -> a.sourceId().equals("dates") && a.title().equals("Impossible date"))
                    .singleElement().satisfies(a -> assertThat(a.publishedAt()).isNull());
            assertThat(articles).filteredOn(a -> a.sourceId().equals("comment")).singleElement()
                    .satisfies(a -> assertThat(a.contentType()).isEqualTo("application/rss+xml"));
        }
    }

    @Test
    void shouldFollowNewListingPageLinksAndFetchFullTextBehindFeedItems() throws Exception {
        http.serve("/news/ascend.html", "text/html; charset=utf-8", ExtractionQualityTest.resource("wordpress.html"));
        http.serve("/news/divsoup.html", "text/html", ExtractionQualityTest.resource("divsoup.html"));
        http.serve("/listing", "text/html", ("<html><body><nav><a href='/about'>About</a></nav><ul class='stories'>"
                + "<li><a class='story' href='/news/divsoup.html?utm_source=home'>Licence path narrows</a></li>"
                + "<li><a class='story' href='/news/divsoup.html#top'>Licence path narrows (again)</a></li>"
                + "</ul></body></html>").getBytes(StandardCharsets.UTF_8));
        String rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>" + http.url("/") + "</link><description>d</description>"
                + "<item><title>Ascend orders climb</title><link>" + http.url("/news/ascend.html") + "</link><description>Short teaser only.</description></item>"
                + "</channel></rss>";
        http.serve("/full.xml", "application/rss+xml", rss.getBytes(StandardCharsets.UTF_8));
        String yaml = "  - id: listing\n    kind: page\n    url: " + http.url("/listing") + "\n    selector: ul.stories a.story\n    interval: 200ms\n"
                + "  - id: full\n    kind: feed\n    url: " + http.url("/full.xml") + "\n    fetchFullText: true\n    interval: 200ms\n";
        try (IngestService service = start(sources(yaml))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.readAll()).hasSize(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> http.requestsTo("/listing").size() >= 3);
            Map<String, RawArticle> bySource = kafka.readAll().stream().collect(Collectors.toMap(r -> r.value().sourceId(), ConsumerRecord::value));
            assertThat(bySource.get("listing").text()).contains("presumption of denial").doesNotContain("Most read");
            assertThat(bySource.get("listing").author()).isEqualTo("Daniel Okafor");
            assertThat(bySource.get("full").text()).contains("Alibaba, Tencent and ByteDance").doesNotContain("Leave a Reply");
            assertThat(bySource.get("full").url()).isEqualTo("https://siliconledger.example/2026/05/ascend-950-orders/");
            assertThat(bySource.get("full").contentType()).isEqualTo("text/html");
            assertThat(http.requestsTo("/news/divsoup.html")).hasSize(1);
            assertThat(http.requestsTo("/news/ascend.html")).hasSize(1);
        }
        assertThat(kafka.readAll()).hasSize(2);
    }

    @Test
    void shouldReportPagesWithoutTextAndBinaryPagesAsWarningsInHealthAndMetrics() throws Exception {
        http.serve("/news/empty.html", "text/html", ExtractionQualityTest.resource("no-article.html"));
        byte[] png = new byte[4096];
        new java.util.Random(9).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 0, png, 0, 4);
        http.serve("/news/chart.html", "text/html", png);
        http.serve("/news/good.html", "text/html", ExtractionQualityTest.resource("divsoup.html"));
        http.serve("/listing", "text/html", ("<html><body><ul class='stories'>"
                + "<li><a class='story' href='/news/good.html'>Licence path narrows</a></li>"
                + "<li><a class='story' href='/news/chart.html'>Chart of the week</a></li>"
                + "<li><a class='story' href='/news/empty.html'>Search page</a></li>"
                + "</ul></body></html>").getBytes(StandardCharsets.UTF_8));
        // one poll only (the first is immediate): a failed item is retried on every poll, which would move the counts
        String yaml = "  - id: listing\n    kind: page\n    url: " + http.url("/listing") + "\n    selector: ul.stories a.story\n    interval: 1h\n";
        try (IngestService service = start(sources(yaml))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                SourceHealth h = service.health().get(0);
                assertThat(h.status()).as("item warnings do not fail the source").isEqualTo(SourceHealth.Status.HEALTHY);
                assertThat(h.warningCount()).isEqualTo(2);
                assertThat(h.lastWarning()).isEqualTo(http.url("/news/empty.html") + ": no article text found (and 1 more in this fetch)");
                assertThat(h.lastWarningAt()).isNotNull();
            });
            assertThat(counter(IngestMetrics.EMPTY_TEXT, "listing")).isEqualTo(1);
            var itemErrors = metrics.find(IngestMetrics.ERRORS).tag("source", "listing").tag("reason", "item").counter();
            assertThat(itemErrors).isNotNull();
            assertThat(itemErrors.count()).as("the binary page").isEqualTo(1);
            // the page without text is still published (nothing is lost); the binary one is not
            Map<String, RawArticle> byUrl = kafka.readAll().stream().collect(Collectors.toMap(r -> r.value().url(), ConsumerRecord::value));
            assertThat(byUrl).containsKeys(http.url("/news/good.html"), http.url("/news/empty.html")).hasSize(2);
            assertThat(byUrl.get(http.url("/news/empty.html")).text()).isEmpty();
        }
    }
}
