package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.TestKafka;
import io.chipwatch.ingest.ReplaySummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code chipwatch run} wires, on the real broker: one sample article replayed into
 * articles.raw comes out on the console as an alert of the default watches.
 */
@Tag("integration")
@Timeout(240)
class PipelineIT {

    @Test
    void shouldMoveOneSampleArticleFromSeedsToTheConsole(@TempDir Path dataDir) throws Exception {
        KafkaOptions options = new KafkaOptions();
        options.bootstrapServers = TestKafka.bootstrapServers();
        options.dataDir = dataDir;
        options.seeds = SamplesExpectations.SEEDS;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path article = SamplesExpectations.SEEDS.resolve("articles/en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt");
        try (KafkaEnvironment env = KafkaEnvironment.open(options, 0, "run");
             Pipeline pipeline = Pipeline.builder(options, env.bootstrapServers())
                     .services(EnumSet.allOf(Pipeline.Service.class))
                     .poll(false)
                     .console(new PrintStream(console, true, StandardCharsets.UTF_8))
                     .start()) {
            ReplaySummary summary = ReplayCommand.replay(options, env.bootstrapServers(), List.of(article), null, null, false);
            assertThat(summary.published()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(console.toString(StandardCharsets.UTF_8))
                            .contains("ascend-demand").contains("Ascend 950"));
        }
    }
}
