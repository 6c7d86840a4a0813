package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.ingest.ReplaySummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "alarming logs on healthy runs": a fresh data dir, the whole pipeline busy with the
 * samples and a few hundred more articles, and three sources that cannot be reached. Before, such
 * a run logged {@code ERROR ReplicaManager ... OutOfOrderSequenceException ... Expected sequence 0
 * for transactions v2 idempotent producer}, dozens of {@code CONCURRENT_TRANSACTIONS} warnings and
 * one warning per unreachable source. Now the only warning is the one line summing up the sources.
 */
@Tag("integration")
@Timeout(420)
class QuietStartIT {
    @Test
    void shouldRunAFreshPipelineUnderLoadWithoutErrorsOrWarningsButOneSourceSummary(@TempDir Path dir) throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path sources = dir.resolve("sources.yaml");
        StringBuilder yaml = new StringBuilder("sources:\n");
        for (int i = 1; i <= 3; i++) {
            yaml.append("  - {id: gone-").append(i).append(", kind: feed, url: 'http://127.0.0.1:").append(closedPort)
                    .append("/feed-").append(i).append(".xml', interval: 1h}\n");
        }
        Files.writeString(sources, yaml);
        KafkaOptions options = new KafkaOptions();
        options.dataDir = dir.resolve("data");
        options.seeds = SamplesExpectations.SEEDS;
        options.overrides.put("ingest.sources.file", sources.toString());
        options.overrides.put("ingest.fetch.allow.private.networks", "true"); // loopback only, and closed: every fetch fails
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SyntheticArticles.Generated load = SyntheticArticles.generate(8, 400, 20);
        // What a user sees: the jar's logging configuration (Kafka at WARN, its known-benign loggers at ERROR).
        org.apache.logging.log4j.core.LoggerContext context = (org.apache.logging.log4j.core.LoggerContext)
                org.apache.logging.log4j.LogManager.getContext(false);
        java.net.URI testConfig = context.getConfigLocation();
        context.setConfigLocation(QuietStartIT.class.getResource("/log4j2.xml").toURI());
        try (LogCapture logs = new LogCapture()) {
            try (KafkaEnvironment env = KafkaEnvironment.open(options, 0, "run");
                 Pipeline pipeline = Pipeline.builder(options, env.bootstrapServers())
                         .services(EnumSet.allOf(Pipeline.Service.class)).poll(true)
                         .console(new PrintStream(console, true, StandardCharsets.UTF_8)).start()) {
                String bootstrap = env.bootstrapServers();
                ReplaySummary samples = ReplayCommand.replay(options, bootstrap, List.of(SamplesExpectations.SEEDS.resolve("articles")),
                        null, null, false);
                assertThat(samples.published()).isPositive();
                try (KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap)) {
                    SyntheticArticles.publish(producer, load.articles());
                }
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                     KafkaConsumer<byte[], byte[]> gauge = TopicContents.consumer(bootstrap, false)) {
                    await("everything enriched, alerts printed, sources summed up").atMost(Duration.ofMinutes(5))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> CrashRecoveryIT.enrichLag(admin, gauge) == 0 && console.size() > 0
                                    && logs.contains("3 of 3 sources failing"));
                }
            }
            // A controller event slower than 2 s says this machine is overloaded (other builds), not that the run is unhealthy.
            List<LogCapture.Line> warnings = logs.warnings().stream()
                    .filter(l -> !l.logger().endsWith("EventPerformanceMonitor")).toList();
            assertThat(warnings).as("WARN and ERROR lines of a healthy run")
                    .noneMatch(l -> l.message().contains("CONCURRENT_TRANSACTIONS") || l.message().contains("OUT_OF_ORDER_SEQUENCE")
                            || String.valueOf(l.thrown()).contains("OutOfOrderSequenceException"));
            assertThat(warnings).as("WARN and ERROR lines of a healthy run").singleElement()
                    .satisfies(l -> assertThat(l.level()).isEqualTo(Level.WARN))
                    .satisfies(l -> assertThat(l.message()).startsWith("3 of 3 sources failing").contains("[gone-1, gone-2, gone-3]"));
        } finally {
            context.setConfigLocation(testConfig);
        }
    }
}
