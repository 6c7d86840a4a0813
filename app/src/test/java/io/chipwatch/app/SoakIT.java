package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: {@code chipwatch run} in its own JVM under steady synthetic load for {@code -Dsoak.minutes}
 * (default 30) at {@code -Dsoak.rate} articles per second (default 20), sampling heap (from its
 * /metrics) and enrich lag every 30 s. At the end the load stops, the pipeline must drain, and every
 * article must have been enriched and alerted exactly once with nothing dead-lettered. The report
 * (heap, lag, errors) is printed and written to {@code target/soak-report.txt}.
 * Run: {@code mvn -B verify -Psoak -pl app -Dsoak.minutes=2}.
 */
@Tag("soak")
@Timeout(value = 24, unit = java.util.concurrent.TimeUnit.HOURS)
class SoakIT {
    private static final int MINUTES = Integer.getInteger("soak.minutes", 30);
    private static final int RATE = Integer.getInteger("soak.rate", 20);

    private static final int REPLAY_ARTICLES = Integer.getInteger("soak.articles", 0);
    private static final String CHECKPOINTS = System.getProperty("soak.checkpoints", "100000,250000,500000,750000,1000000");

    @Test
    @org.junit.jupiter.api.condition.DisabledIfSystemProperty(named = "soak.articles", matches = ".+")
    void shouldRunSteadilyUnderLoadWithoutLossGrowthOrErrors(@TempDir Path dir) throws Exception {
        int total = MINUTES * 60 * RATE;
        SyntheticArticles.Generated load = SyntheticArticles.generate(2026, total, 40);
        int metricsPort = freePort();
        StringBuilder report = new StringBuilder();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0);
            Path alertsFile = dir.resolve("alerts.jsonl");
            Files.writeString(dir.resolve("w.yaml"), SyntheticArticles.watchYaml(alertsFile));
            assertThat(CliRunner.run("watches", "add", dir.resolve("w.yaml").toString(), "--bootstrap-servers", bootstrap,
                    "--data-dir", dir.resolve("cli").toString(), "--seeds", SamplesExpectations.SEEDS.toString()).code()).isZero();
            try (ChipwatchProcess run = ChipwatchProcess.start(dir.resolve("logs"), "soak", Map.of(), "512m", "run",
                    "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve("data").toString(),
                    "--seeds", SamplesExpectations.SEEDS.toString(), "--no-poll", "--web-port", "0", "--metrics-port", Integer.toString(metricsPort));
                 KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 KafkaConsumer<byte[], byte[]> gauge = TopicContents.consumer(bootstrap, false)) {
                org.awaitility.Awaitility.await("pipeline metrics up").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> heapMb(metricsPort) > 0);
                long start = System.nanoTime();
                long nextSample = start;
                double maxHeapMb = 0;
                long maxLag = 0;
                for (int i = 0; i < total; i++) {
                    long due = start + i * 1_000_000_000L / RATE;
                    LockSupport.parkNanos(due - System.nanoTime()); // pacing the load, not synchronising
                    RawArticle a = load.articles().get(i);
                    producer.send(new ProducerRecord<>(Topics.ARTICLES_RAW.name(), null, a.eventTime().toEpochMilli(), a.id(),
                            Topics.ARTICLES_RAW.valueSerde().serializer().serialize(Topics.ARTICLES_RAW.name(), a)));
                    if (System.nanoTime() >= nextSample) {
                        producer.flush();
                        double heap = heapMb(metricsPort);
                        long lag = CrashRecoveryIT.enrichLag(admin, gauge);
                        maxHeapMb = Math.max(maxHeapMb, heap);
                        maxLag = Math.max(maxLag, lag);
                        report.append(String.format("t=%4ds published=%d heapUsedMb=%.0f enrichLag=%d%n",
                                Duration.ofNanos(System.nanoTime() - start).toSeconds(), i + 1, heap, lag));
                        nextSample += Duration.ofSeconds(30).toNanos();
                        assertThat(run.isAlive()).as("pipeline alive").isTrue();
                    }
                }
                producer.flush();
                CrashRecoveryIT.awaitCompletion(bootstrap, load, alertsFile, run);
                double endHeap = heapMb(metricsPort);
                long errors = run.stderr().lines().filter(l -> l.contains(" ERROR ")).count();
                long warnings = run.stderr().lines().filter(l -> l.contains(" WARN ")).count();
                report.append(String.format("SOAK RESULT: %d min at %d/s, %d articles, %d alerts expected; heap used max %.0f MB, "
                                + "at end %.0f MB; max enrich lag %d; ERROR log lines %d, WARN %d%n", MINUTES, RATE, total,
                        load.alerting().size(), maxHeapMb, endHeap, maxLag, errors, warnings));
                assertThat(run.stop()).isIn(0, 143);
                CrashRecoveryIT.assertExactlyOnce(bootstrap, load, alertsFile);
                report.append("no article lost or duplicated, nothing dead-lettered\n");
                assertThat(errors).as("ERROR lines in the pipeline's log").isZero();
            } finally {
                System.out.print(report);
                Files.writeString(Path.of("target", "soak-report.txt"), report, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Bounded memory (issue 14): {@code -Dsoak.articles=1000000} replays that many synthetic articles through
     * {@code chipwatch run} (-Xmx512m) as fast as it takes them (publishing pauses while the enrich lag is over
     * 20,000), and at each of {@code -Dsoak.checkpoints} processed articles forces a full GC in the pipeline's
     * JVM ({@code jcmd GC.run}) and reads the heap left: the live set, which must stay flat. Then the same
     * exactly-once checks as the crash test, on keys only. Run:
     * {@code mvn -B verify -Psoak -pl app -am -Dsoak.articles=1000000} (about an hour or more on 2 cores).
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "soak.articles", matches = "\\d+")
    void shouldKeepHeapAfterGcFlatOverAMillionReplayedArticles(@TempDir Path dir) throws Exception {
        int total = REPLAY_ARTICLES;
        java.util.Set<String> alerting = new java.util.LinkedHashSet<>();
        java.util.Iterator<RawArticle> articles = SyntheticArticles.stream(2027, total, 40, alerting);
        java.util.List<Long> checkpoints = java.util.Arrays.stream(CHECKPOINTS.split(",")).map(String::trim).map(Long::parseLong)
                .filter(c -> c <= total).toList();
        int metricsPort = freePort();
        StringBuilder report = new StringBuilder();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0);
            Path alertsFile = dir.resolve("alerts.jsonl");
            Files.writeString(dir.resolve("w.yaml"), SyntheticArticles.watchYaml(alertsFile));
            assertThat(CliRunner.run("watches", "add", dir.resolve("w.yaml").toString(), "--bootstrap-servers", bootstrap,
                    "--data-dir", dir.resolve("cli").toString(), "--seeds", SamplesExpectations.SEEDS.toString()).code()).isZero();
            try (ChipwatchProcess run = ChipwatchProcess.start(dir.resolve("logs"), "soak", Map.of(), "512m", "run",
                    "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve("data").toString(),
                    "--seeds", SamplesExpectations.SEEDS.toString(), "--no-poll", "--metrics-port", Integer.toString(metricsPort), "--web-port", "0");
                 KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 KafkaConsumer<byte[], byte[]> gauge = TopicContents.consumer(bootstrap, false)) {
                org.awaitility.Awaitility.await("pipeline metrics up").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> heapMb(metricsPort) > 0);
                long start = System.nanoTime();
                int next = 0;
                for (int i = 0; i < total; i++) {
                    RawArticle a = articles.next();
                    producer.send(new ProducerRecord<>(Topics.ARTICLES_RAW.name(), null, a.eventTime().toEpochMilli(), a.id(),
                            Topics.ARTICLES_RAW.valueSerde().serializer().serialize(Topics.ARTICLES_RAW.name(), a)));
                    if ((i + 1) % 5_000 == 0) {
                        producer.flush();
                        while (CrashRecoveryIT.enrichLag(admin, gauge) > 20_000) {
                            assertThat(run.isAlive()).as("pipeline alive").isTrue();
                            LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // flow control of the load, not synchronisation
                        }
                    }
                    if (next < checkpoints.size() && i + 1 == checkpoints.get(next)) {
                        producer.flush();
                        // every stage caught up, story dedup's messages in flight included (raw lag alone says too little)
                        new IdleWaiter(admin).await(List.of(new IdleWaiter.Stage("chipwatch-enrich", Topics.ARTICLES_RAW.name()),
                                new IdleWaiter.Stage("chipwatch-alerts", Topics.ARTICLES_ENRICHED.name())), Duration.ofMinutes(60));
                        assertThat(run.isAlive()).as("pipeline alive").isTrue();
                        report.append(String.format("HEAP AFTER GC at %,d articles: %.0f MB (%d min, %s)%n", i + 1,
                                heapAfterGcMb(run, metricsPort), Duration.ofNanos(System.nanoTime() - start).toMinutes(), dedupIndex(metricsPort)));
                        System.out.print(report.substring(report.lastIndexOf("HEAP")));
                        next++;
                    }
                }
                producer.flush();
                CrashRecoveryIT.awaitCompletion(bootstrap, new SyntheticArticles.Generated(List.of(), alerting), alertsFile, run);
                long errors = run.stderr().lines().filter(l -> l.contains(" ERROR ")).count();
                report.append(String.format("SOAK RESULT: %,d articles replayed in %d min, %,d alerts expected; ERROR log lines %d%n", total,
                        Duration.ofNanos(System.nanoTime() - start).toMinutes(), alerting.size(), errors));
                assertThat(run.stop()).isIn(0, 143);
                assertExactlyOnceByKey(bootstrap, total, alerting, alertsFile);
                report.append("no article lost or duplicated, every alert delivered once, nothing dead-lettered\n");
            } finally {
                System.out.print(report);
                Files.writeString(Path.of("target", "soak-replay-report.txt"), report, StandardCharsets.UTF_8);
            }
        }
    }

    /** Forces a full collection in the pipeline's JVM, then reads the heap in use: its live set. */
    private static double heapAfterGcMb(ChipwatchProcess run, int port) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(run.pid()),
                "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        assertThat(jcmd.waitFor()).as("jcmd GC.run").isZero();
        return heapMb(port);
    }

    private static String dedupIndex(int port) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith("chipwatch_enrich_dedup_index_articles ") || l.startsWith("chipwatch_notify_delivery_memory_entries "))
                .map(l -> l.replace("chipwatch_", "")).reduce((x, y) -> x + ", " + y).orElse("");
    }

    /** The crash test's checks without holding the articles: keys of articles.enriched, alerts of the watch, the file. */
    private static void assertExactlyOnceByKey(String bootstrap, int total, java.util.Set<String> alerting, Path alertsFile) throws Exception {
        java.util.Set<String> enriched = new java.util.HashSet<>(total * 2);
        long[] records = {0};
        TopicContents.forEachKey(bootstrap, Topics.ARTICLES_ENRICHED.name(), k -> {
            records[0]++;
            enriched.add(k);
        });
        assertThat(records[0]).as("records on articles.enriched (none duplicated)").isEqualTo(total);
        assertThat(enriched).as("distinct articles enriched (none lost)").hasSize(total);
        java.util.Map<String, Long> alerted = new java.util.HashMap<>();
        for (org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r : TopicContents.readAll(bootstrap, Topics.ALERTS.name())) {
            com.fasterxml.jackson.databind.JsonNode a = io.chipwatch.model.json.Json.MAPPER.readTree(r.value());
            if (SyntheticArticles.WATCH_ID.equals(a.path("watchId").asText())) {
                alerted.merge(a.path("article").path("id").asText(), 1L, Long::sum);
            }
        }
        assertThat(alerted.keySet()).as("exactly the expected alerts").containsExactlyInAnyOrderElementsOf(alerting);
        assertThat(alerted.values()).as("each once").allMatch(n -> n == 1);
        assertThat(CrashRecoveryIT.fileAlertIds(alertsFile)).hasSize(alerting.size()).doesNotHaveDuplicates();
        assertThat(TopicContents.readAll(bootstrap, Topics.ARTICLES_DLQ.name())).as("articles.dlq").isEmpty();
        assertThat(TopicContents.readAll(bootstrap, Topics.ALERTS_DLQ.name())).as("alerts.dlq").isEmpty();
    }

    /** Sum of jvm_memory_used_bytes{area="heap"} from the pipeline's Prometheus endpoint, in MB. */
    private static double heapMb(int port) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> heap = body.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\"")).toList();
        return heap.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / (1024 * 1024);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
