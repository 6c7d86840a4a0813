package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.DataDirLock;
import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "a client command can kill the pipeline": with {@code chipwatch run} busy on a data dir
 * (its own JVM, the shaded jar), client commands on the same data dir (in this JVM) use its broker,
 * never start a second one, and the pipeline survives and finishes its work. Before the data dir
 * had an owner, {@code watches add --data-dir} under load missed its 3-second probe, started a
 * second broker on the same directory and the pipeline died with {@code CorruptRecordException}.
 */
@Tag("integration")
@Timeout(600)
class DataDirOwnershipIT {
    private static final int ARTICLES = 2_000;
    private static final int ALERT_EVERY = 40;

    @TempDir
    Path dir;

    @Test
    void shouldServeClientCommandsFromTheRunningPipelinesBrokerWithoutStartingASecondOne() throws Exception {
        Path dataDir = dir.resolve("data");
        try (ChipwatchProcess run = ChipwatchProcess.start(dir.resolve("logs"), "run", Map.of(), "640m",
                "run", "--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString(), "--no-poll",
                "--metrics-port", "0", "--web-port", "0");
             LogCapture logs = new LogCapture()) {
            await("the pipeline owns the data dir and is running").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .failFast("the pipeline process died", () -> !run.isAlive())
                    .until(() -> run.stderr().contains("chipwatch is running on"));
            assertThat(DataDirLock.readOwner(dataDir)).get().extracting(DataDirLock.Owner::pid, DataDirLock.Owner::command)
                    .containsExactly(run.pid(), "run");
            String bootstrap = EmbeddedKafka.publishedAddress(dataDir).orElseThrow();

            Path alertsFile = dir.resolve("alerts.jsonl");
            Path watch = dir.resolve("watch.yaml");
            Files.writeString(watch, SyntheticArticles.watchYaml(alertsFile));
            String[] onDataDir = {"--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString()};
            assertClientSucceeds(cli("watches", "add", watch.toString()), onDataDir);

            SyntheticArticles.Generated load = SyntheticArticles.generate(14, ARTICLES, ALERT_EVERY);
            AtomicReference<Exception> publishError = new AtomicReference<>();
            Thread publisher = new Thread(() -> {
                try (KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap)) {
                    SyntheticArticles.publish(producer, load.articles());
                } catch (Exception e) {
                    publishError.set(e);
                }
            }, "load");
            publisher.start();
            // While the pipeline works through the load: every kind of client command on its data dir.
            List<String[]> clients = List.of(cli("watches", "list"), cli("topics"), cli("sources", "list"),
                    cli("tail", "--from-beginning", "--no-follow"), cli("watches", "show", SyntheticArticles.WATCH_ID),
                    cli("backtest", "--watch", watch.toString()), cli("watches", "add", watch.toString()));
            for (String[] client : clients) {
                assertClientSucceeds(client, onDataDir);
            }
            publisher.join(Duration.ofMinutes(3).toMillis());
            assertThat(publishError.get()).as("publishing the load").isNull();

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 KafkaConsumer<byte[], byte[]> gauge = TopicContents.consumer(bootstrap, false)) {
                await("every article enriched and every alert delivered").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                        .failFast("the pipeline process died", () -> !run.isAlive())
                        .until(() -> CrashRecoveryIT.fileAlertIds(alertsFile).size() >= load.alerting().size()
                                && CrashRecoveryIT.enrichLag(admin, gauge) == 0);
            }
            assertThat(CrashRecoveryIT.fileAlertIds(alertsFile)).as("alerts delivered once each").doesNotHaveDuplicates()
                    .hasSize(load.alerting().size());
            assertThat(run.isAlive()).as("the pipeline survived the client commands").isTrue();
            assertThat(EmbeddedKafka.publishedAddress(dataDir)).as("the same broker all along").contains(bootstrap);
            assertThat(logs.lines()).as("no broker started in the client process")
                    .noneMatch(l -> l.message().startsWith("Embedded Kafka broker ready"));
            assertThat(logs.lines().stream().filter(l -> l.message().startsWith("Using the embedded broker of chipwatch run (pid " + run.pid() + ")")))
                    .as("every client command used the pipeline's broker").hasSize(clients.size() + 1);
            assertThat(run.stderr()).doesNotContain("CorruptRecordException");
            // "Exceptionally slow controller event" says the machine is overloaded (other builds), not that the run is unhealthy.
            assertThat(run.stderr().lines().filter(l -> l.contains(" ERROR ") && !l.contains("EventPerformanceMonitor")))
                    .as("ERROR lines of the pipeline").isEmpty();
            assertThat(Files.readString(dataDir.resolve(DataDirLock.FILE), StandardCharsets.UTF_8)).contains("pid=" + run.pid());
            assertThat(run.stop()).as("clean exit after SIGTERM").isIn(0, 143);
        }
    }

    @Test
    void shouldNameTheOwnerAndItsAddressWhenTheOwnersBrokerDoesNotAnswer() throws Exception {
        Path dataDir = dir.resolve("silent");
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        try (DataDirLock lock = DataDirLock.acquire(dataDir, "run")) {
            Files.writeString(dataDir.resolve(EmbeddedKafka.ADDRESS_FILE), "127.0.0.1:" + deadPort);
            long t0 = System.nanoTime();
            CliRunner.Result r = CliRunner.run("topics", "--data-dir", dataDir.toString(), "--broker-wait", "PT3S");
            assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(r.err()).contains("chipwatch run (pid " + ProcessHandle.current().pid() + ") owns " + dataDir.toAbsolutePath()
                    + " but its broker at 127.0.0.1:" + deadPort + " does not answer: ");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("gave up after --broker-wait, not before")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(Files.list(dataDir).map(p -> p.getFileName().toString()).toList()).as("no broker started on the locked dir")
                    .doesNotContain("kafka");
        }
    }

    private static String[] cli(String... args) {
        return args;
    }

    private static void assertClientSucceeds(String[] command, String[] options) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(options));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", command) + ": " + r.err() + r.out()).isZero();
    }
}
