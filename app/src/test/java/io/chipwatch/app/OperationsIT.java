package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating a running pipeline ({@code chipwatch run} in its own JVM): every stage shows in
 * {@code /metrics} with help text, and deliveries dead-lettered by a failing webhook are listed by
 * {@code deliveries failed} and resent once by {@code deliveries retry} after the webhook recovers.
 */
@Tag("integration")
@Timeout(600)
class OperationsIT {
    private static final String RSS = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loop</title>"
            + "<link>http://127.0.0.1/</link><description>d</description><item><title>Huawei lifts Ascend output</title>"
            + "<link>http://127.0.0.1/a1</link><guid>a1</guid><pubDate>Wed, 29 Apr 2026 08:00:00 GMT</pubDate>"
            + "<description>Huawei said it will expand production of Ascend 950 accelerators.</description></item></channel></rss>";

    /** Every metric the README lists per stage (Prometheus names). */
    private static final List<String> STAGE_METRICS = List.of(
            "chipwatch_ingest_fetches_total", "chipwatch_ingest_items_published_total", "chipwatch_ingest_source_consecutive_failures",
            "chipwatch_ingest_source_failing_seconds", "chipwatch_ingest_source_last_success_seconds",
            "chipwatch_enrich_articles_total", "chipwatch_enrich_duration_seconds_count", "chipwatch_enrich_latency_seconds_count",
            "chipwatch_enrich_events_total", "chipwatch_enrich_stories_total", "chipwatch_enrich_dedup_index_articles",
            "chipwatch_alerts_emitted_total", "chipwatch_alerts_articles_matched_total",
            "chipwatch_notify_deliveries_total", "chipwatch_notify_retries_total", "chipwatch_notify_delivery_latency_seconds_count",
            "chipwatch_notify_queued", "chipwatch_notify_paused", "chipwatch_notify_delivery_memory_entries",
            "chipwatch_dead_letters_total", "chipwatch_consumer_lag", "chipwatch_streams_restore_records_total",
            "chipwatch_streams_restore_remaining_records", "chipwatch_streams_running", "jvm_memory_used_bytes");

    @TempDir
    Path dir;

    @Test
    void shouldExposeEveryStageWithHelpAndResendDeadLetteredDeliveriesOnce() throws Exception {
        List<String> hookPosts = new CopyOnWriteArrayList<>();
        int[] hookStatus = {500};
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/feed.xml", ex -> {
            byte[] body = RSS.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            int status = hookStatus[0];
            if (status == 200) {
                hookPosts.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        Path sources = dir.resolve("sources.yaml");
        Files.writeString(sources, "sources:\n  - id: loop-feed\n    kind: feed\n    url: " + base + "/feed.xml\n    interval: 1h\n"
                + "    fetchFullText: false\n  - id: loop-down\n    kind: feed\n    url: " + base + "/missing.xml\n    interval: 1h\n");
        Path alertsFile = dir.resolve("alerts.jsonl");
        Path watch = dir.resolve("ops.yaml");
        Files.writeString(watch, SyntheticArticles.watchYaml(alertsFile) + "  - type: webhook\n    url: " + base + "/hook\n");
        int metricsPort = freePort();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0);
            assertThat(cli("watches", "add", watch.toString(), "--bootstrap-servers", bootstrap).code()).isZero();
            try (ChipwatchProcess run = ChipwatchProcess.start(dir.resolve("logs"), "run", Map.of(), "512m", "run",
                    "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve("data").toString(),
                    "--seeds", SamplesExpectations.SEEDS.toString(), "--metrics-port", Integer.toString(metricsPort), "--web-port", "0",
                    "--set", "ingest.sources.file=" + sources, "--set", "ingest.fetch.allow.private.networks=true",
                    "--set", "alerts.delivery.deadline.ms=2000", "--set", "alerts.delivery.retry.initial.ms=200")) {
                SyntheticArticles.Generated load = SyntheticArticles.generate(11, 6, 3);
                try (KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap)) {
                    SyntheticArticles.publish(producer, load.articles());
                    producer.send(new ProducerRecord<>(Topics.ARTICLES_RAW.name(), "poison", "not json".getBytes(StandardCharsets.UTF_8))).get();
                }
                int expected = load.alerting().size();
                await("alerts in the file, webhook deliveries dead-lettered").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .failFast("pipeline died", () -> !run.isAlive())
                        .until(() -> CrashRecoveryIT.fileAlertIds(alertsFile).size() == expected && failed(bootstrap).size() == expected);

                String metrics = await("every stage in /metrics").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> scrape(metricsPort), m -> STAGE_METRICS.stream().allMatch(m::contains)
                                && m.contains("chipwatch_consumer_lag{group=\"chipwatch-enrich\"} 0.0"));
                assertEveryMetricHasHelp(metrics);
                assertThat(metrics).contains("chipwatch_dead_letters_total{stage=\"enrich.deserialize\"} 1.0")
                        .contains("chipwatch_dead_letters_total{stage=\"notify\"} " + expected + ".0")
                        .contains("chipwatch_notify_deliveries_total{channel=\"" + "webhook:" + base + "\",outcome=\"dead_lettered\"} " + expected + ".0")
                        .contains("chipwatch_alerts_emitted_total{kind=\"match\",watch=\"" + SyntheticArticles.WATCH_ID + "\"} " + expected + ".0")
                        .contains("chipwatch_ingest_fetches_total{source=\"loop-feed\"}")
                        .containsPattern("chipwatch_ingest_source_consecutive_failures\\{source=\"loop-down\"} [1-9]")
                        .contains("chipwatch_consumer_lag{group=\"chipwatch-notifier\"}");
                assertThat(hookPosts).isEmpty();

                List<JsonNode> failed = failed(bootstrap);
                assertThat(failed).allSatisfy(f -> {
                    assertThat(f.get("channel").asText()).isEqualTo("webhook:" + base + "/hook");
                    assertThat(f.get("watchId").asText()).isEqualTo(SyntheticArticles.WATCH_ID);
                    assertThat(f.get("reason").asText()).contains("HTTP 500");
                });
                hookStatus[0] = 200;
                CliRunner.Result retried = cli("deliveries", "retry", "--all", "--wait", "--bootstrap-servers", bootstrap);
                assertThat(retried.code()).as(retried.out()).isZero();
                assertThat(retried.lines()).filteredOn(l -> l.startsWith("delivered: ")).hasSize(expected);
                assertThat(hookPosts).as("each alert resent once, with its id as idempotency key")
                        .containsExactlyInAnyOrderElementsOf(failed.stream().map(f -> f.get("alertId").asText()).toList());
                assertThat(failed(bootstrap)).isEmpty();
                CliRunner.Result again = cli("deliveries", "retry", failed.get(0).get("id").asText(), "--bootstrap-servers", bootstrap);
                assertThat(again.code()).as("a delivered one is not sent again").isEqualTo(Main.EXIT_FAILURE);
                assertThat(CrashRecoveryIT.fileAlertIds(alertsFile)).hasSize(expected).doesNotHaveDuplicates();
                assertThat(run.stop()).isIn(0, 143);
            }
        } finally {
            http.stop(0);
        }
    }

    /** Every {@code # HELP} line carries text (Prometheus shows it beside the metric). */
    private static void assertEveryMetricHasHelp(String metrics) {
        List<String> empty = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^# HELP (\\S+)(.*)$").matcher(metrics);
        int helps = 0;
        while (m.find()) {
            helps++;
            if (m.group(2).isBlank()) {
                empty.add(m.group(1));
            }
        }
        assertThat(helps).isGreaterThan(STAGE_METRICS.size());
        assertThat(empty).as("metrics without help text").isEmpty();
    }

    private List<JsonNode> failed(String bootstrap) throws IOException {
        CliRunner.Result r = cli("deliveries", "failed", "--json", "--bootstrap-servers", bootstrap);
        assertThat(r.code()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.lines()) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    private CliRunner.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.resolve("cli").toString(), "--seeds", SamplesExpectations.SEEDS.toString()));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
