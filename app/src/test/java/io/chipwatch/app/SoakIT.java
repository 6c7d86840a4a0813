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

    @Test
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
