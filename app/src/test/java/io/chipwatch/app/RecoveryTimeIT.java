package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.HashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures recovery after {@code kill -9} (a benchmark, not a default test): {@code chipwatch run} in its own
 * JVM under steady load, killed and restarted at once, {@code -Drecovery.kills} times (default 3), once with
 * static membership (the default) and once without ({@code --set enrich.instance.id=none --set
 * alerts.instance.id=none}). Per kill it reports the time from the kill to the first new committed record
 * on {@code articles.enriched} and on {@code alerts}, and how many changelog records the restarted
 * instance restored. Results go to stdout and {@code target/recovery-report.txt}.
 * {@code -Drecovery.args="--set k=v ..."} adds settings under trial to every variant.
 * Run: {@code mvn -B verify -Precovery -pl app} (after {@code mvn -B install -DskipTests} once).
 */
@Tag("recovery")
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.HOURS)
class RecoveryTimeIT {
    private static final int KILLS = Integer.getInteger("recovery.kills", 3);
    private static final int RATE = Integer.getInteger("recovery.rate", 20);
    private static final int WARMUP_ARTICLES = Integer.getInteger("recovery.warmup", 3_000);

    @TempDir
    Path dir;

    record Sample(String variant, int kill, double enrichedSeconds, double alertSeconds, String restored) {}

    @Test
    void shouldMeasureTheTimeFromAKillToTheFirstNewOutput() throws Exception {
        List<Sample> samples = new ArrayList<>();
        String variants = System.getProperty("recovery.variants", "static,dynamic");
        if (variants.contains("static")) {
            samples.addAll(measure("static membership (default)", List.of()));
        }
        if (variants.contains("dynamic")) {
            samples.addAll(measure("dynamic membership (instance.id=none)",
                    List.of("--set", "enrich.instance.id=none", "--set", "alerts.instance.id=none")));
        }
        StringBuilder report = new StringBuilder(String.format("%-40s %4s %12s %12s  %s%n", "variant", "kill", "enriched s",
                "alert s", "restored after restart (store: records)"));
        for (Sample s : samples) {
            report.append(String.format("%-40s %4d %12.1f %12.1f  %s%n", s.variant(), s.kill(), s.enrichedSeconds(), s.alertSeconds(),
                    s.restored()));
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "recovery-report.txt"), report, StandardCharsets.UTF_8);
        assertThat(samples).isNotEmpty();
    }

    private List<Sample> measure(String variant, List<String> extra) throws Exception {
        Path base = Files.createDirectories(dir.resolve(variant.replaceAll("[^a-z]", "")));
        List<Sample> samples = new ArrayList<>();
        SyntheticArticles.Generated load = SyntheticArticles.generate(99, WARMUP_ARTICLES + RATE * 60 * (KILLS + 1) * 3, 10);
        try (EmbeddedKafka broker = EmbeddedKafka.start(base.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0);
            Path watch = base.resolve("w.yaml");
            Files.writeString(watch, SyntheticArticles.watchYaml(base.resolve("alerts.jsonl")));
            assertThat(CliRunner.run("watches", "add", watch.toString(), "--bootstrap-servers", bootstrap, "--data-dir",
                    base.resolve("cli").toString(), "--seeds", SamplesExpectations.SEEDS.toString()).code()).isZero();
            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread publisher = new Thread(() -> publish(bootstrap, load.articles(), publishing), "recovery-load");
            int port = freePort();
            ChipwatchProcess run = start(base, bootstrap, 0, port, extra);
            try (KafkaConsumer<byte[], byte[]> enriched = consumer(bootstrap); KafkaConsumer<byte[], byte[]> alerts = consumer(bootstrap);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                publisher.start();
                await("pipeline busy").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                        .until(() -> end(admin, Topics.ARTICLES_ENRICHED.name()) > WARMUP_ARTICLES / 2
                                && end(admin, Topics.ALERTS.name()) > 20);
                for (int k = 1; k <= KILLS; k++) {
                    long killed = System.nanoTime();
                    java.time.Instant killedAt = java.time.Instant.now();
                    run.kill();
                    // output committed before the kill is old: count only what the restarted instance commits
                    Map<TopicPartition, Long> enrichedEnd = ends(admin, Topics.ARTICLES_ENRICHED.name());
                    Map<TopicPartition, Long> alertsEnd = ends(admin, Topics.ALERTS.name());
                    port = freePort();
                    run = start(base, bootstrap, k, port, extra);
                    seek(enriched, enrichedEnd);
                    seek(alerts, alertsEnd);
                    double e = -1;
                    double a = -1;
                    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                    while ((e < 0 || a < 0) && System.nanoTime() < deadline) {
                        if (e < 0 && !enriched.poll(Duration.ofMillis(50)).isEmpty()) {
                            e = (System.nanoTime() - killed) / 1e9;
                        }
                        if (a < 0 && !alerts.poll(Duration.ofMillis(50)).isEmpty()) {
                            a = (System.nanoTime() - killed) / 1e9;
                        }
                    }
                    int metricsPort = port;
                    String restored = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                            .until(() -> restored(metricsPort), r -> r != null);
                    samples.add(new Sample(variant, k, e, a, restored));
                    System.out.printf("%s kill %d: first enriched after %.1f s, first alert after %.1f s; restored %s%n", variant, k, e, a, restored);
                    // wall-clock instants, to line up with the restarted process's log under target/recovery-logs
                    System.out.printf("  killed at %s, first enriched at %s, first alert at %s%n", killedAt,
                            killedAt.plusNanos((long) (e * 1e9)), killedAt.plusNanos((long) (a * 1e9)));
                    // let it run steadily again before the next kill
                    long before = end(admin, Topics.ARTICLES_ENRICHED.name());
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                            .until(() -> end(admin, Topics.ARTICLES_ENRICHED.name()) > before + RATE * 20L);
                }
            } finally {
                publishing.set(false);
                publisher.join(30_000);
                run.stop();
            }
        }
        return samples;
    }

    private static ChipwatchProcess start(Path base, String bootstrap, int generation, int metricsPort, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", bootstrap, "--data-dir", base.resolve("data").toString(),
                "--seeds", SamplesExpectations.SEEDS.toString(), "--no-poll", "--metrics-port", Integer.toString(metricsPort), "--web-port", "0"));
        args.addAll(extra);
        // -Drecovery.args="--set a=b --set c=d": settings under trial, added to every variant
        String trial = System.getProperty("recovery.args", "").trim();
        if (!trial.isEmpty()) {
            args.addAll(List.of(trial.split("\\s+")));
        }
        // logs under target/, kept after the run: the timeline of a restart is read there
        return ChipwatchProcess.start(Path.of("target", "recovery-logs", base.getFileName().toString()), "run-" + generation,
                Map.of("KAFKA_LOG_LEVEL", System.getProperty("recovery.kafka.log", "WARN")), "768m", args.toArray(String[]::new));
    }

    private static void publish(String bootstrap, List<RawArticle> articles, AtomicBoolean publishing) {
        try (KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap)) {
            long start = System.nanoTime();
            for (int i = 0; i < articles.size() && publishing.get(); i++) {
                if (i >= WARMUP_ARTICLES) {
                    LockSupport.parkNanos(start + (i - WARMUP_ARTICLES) * 1_000_000_000L / RATE - System.nanoTime()); // pacing the load
                } else {
                    start = System.nanoTime();
                }
                RawArticle a = articles.get(i);
                producer.send(new ProducerRecord<>(Topics.ARTICLES_RAW.name(), null, a.eventTime().toEpochMilli(), a.id(),
                        Topics.ARTICLES_RAW.valueSerde().serializer().serialize(Topics.ARTICLES_RAW.name(), a)));
            }
        }
    }

    /** "store: records, ..." restored by the running pipeline since it started, from its /metrics; null until it answers. */
    private static String restored(int port) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder sb = new StringBuilder();
        body.lines().filter(l -> l.startsWith("chipwatch_streams_restore_records_total{")).forEach(l -> {
            String store = l.replaceAll(".*store=\"([^\"]+)\".*", "$1");
            sb.append(sb.length() == 0 ? "" : ", ").append(store).append(": ").append((long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
        });
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Last stable offsets (what read_committed readers can see) of every partition. */
    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static long end(Admin admin, String topic) throws Exception {
        return ends(admin, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private static void seek(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> at) {
        c.assign(at.keySet());
        at.forEach(c::seek);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
