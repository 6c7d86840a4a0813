package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shaded jar as users run it, in its own JVM: help, errors, and offline commands. */
@Tag("integration")
@Timeout(180)
class FatJarIT {
    private static final Path JAR = Path.of("target", "chipwatch.jar").toAbsolutePath();

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("chipwatch-out", ".txt");
        Path err = Files.createTempFile("chipwatch-err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(170, TimeUnit.SECONDS)).as("process finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The benchmark as a user runs it (its own embedded broker), small: it must finish and print its JSON line. */
    @Test
    void benchShouldRunEveryPhaseAndPrintItsJsonSummaryAsTheLastStdoutLine() throws Exception {
        Run bench = run("bench", "--seeds", SamplesExpectations.SEEDS.toString(), "--articles", "300", "--warmup", "100",
                "--latency-rate", "20", "--latency-seconds", "2", "--timeout", "PT90S");
        assertThat(bench.code()).as(bench.err()).isZero();
        String last = bench.out().strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode summary = Json.MAPPER.readTree(last);
        for (String field : List.of("articlesPerSec", "kafkaRecordsPerSec", "plumbingRecordsPerSec", "ratio",
                "alertLatencyMsP50", "alertLatencyMsP99", "heapMaxMb")) {
            assertThat(summary.path(field).isNumber()).as(field + " in " + last).isTrue();
            assertThat(summary.path(field).asDouble()).as(field).isPositive();
        }
        assertThat(summary.path("articles").asInt()).isEqualTo(300);
        assertThat(summary.path("warmupArticles").asInt()).isEqualTo(100);
        assertThat(summary.path("alerts").asLong()).as("the generated articles alert").isPositive();
        assertThat(summary.path("latencyAlerts").asLong()).as("every latency article alerted").isEqualTo(40);
        assertThat(summary.path("latencyMissing").asLong()).isZero();
        assertThat(summary.path("processingGuarantee").asText()).isEqualTo("exactly_once_v2");
        assertThat(bench.err()).contains("warm-up:", "raw Kafka:", "Streams plumbing:", "pipeline:");
    }

    @Test
    void shouldListCommandsAndRejectAWrongFlagWithExitCode2() throws Exception {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run", "replay", "watches", "tail", "backtest");
        Run wrong = run("tail", "--bogus");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("Unknown option: '--bogus'");
        assertThat(wrong.out()).isEmpty();
    }

    @Test
    void shouldTagASampleOfflineWithEntitiesEventsAndOffsetsOnStdoutOnly() throws Exception {
        Path sample = SamplesExpectations.SEEDS.resolve("articles/en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt");
        Run tag = run("tag", "--seeds", SamplesExpectations.SEEDS.toString(), sample.toString());
        assertThat(tag.code()).as(tag.err()).isZero();
        JsonNode article = Json.MAPPER.readTree(tag.out().strip());
        assertThat(article.path("title").asText()).contains("Ascend 950");
        List<String> entityIds = new ArrayList<>();
        article.path("entities").forEach(e -> entityIds.add(e.path("id").asText()));
        assertThat(entityIds).contains("huawei-ascend-950", "deepseek-v4");
        JsonNode mention = article.path("entities").get(0).path("mentions").get(0);
        String field = mention.path("field").asText();
        String text = article.path(field).asText();
        assertThat(text.substring(mention.path("start").asInt(), mention.path("end").asInt())).isEqualTo(mention.path("text").asText());
        List<String> events = new ArrayList<>();
        article.path("events").forEach(e -> events.add(e.path("type").asText()));
        assertThat(events).contains("DEMAND_SURGE");
    }

    @Test
    void shouldReportBadInputOnOneStderrLineWithoutAStackTrace() throws Exception {
        Path bad = Files.createTempFile("broken", ".xml");
        // not a feed at all (a truncated feed would be recovered: its complete items are read)
        Files.writeString(bad, "<html><body><p>a page saved as .xml</p></body></html>");
        Run tag = run("tag", "--seeds", SamplesExpectations.SEEDS.toString(), bad.toString(), "/no/such/file.txt");
        assertThat(tag.code()).isEqualTo(1);
        assertThat(tag.out()).isEmpty();
        assertThat(tag.err().lines().filter(l -> l.startsWith("chipwatch tag:")).count()).isEqualTo(2);
        assertThat(tag.err()).doesNotContain("\tat ");
    }

    @Test
    void shouldExtractAnHtmlSampleToOneJsonLine() throws Exception {
        Path html = SamplesExpectations.SEEDS.resolve("articles/en/2026-04-24-deepseek-v4-built-for-ascend.html");
        Run extract = run("extract", html.toString());
        assertThat(extract.code()).as(extract.err()).isZero();
        JsonNode record = Json.MAPPER.readTree(extract.out().strip());
        assertThat(record.path("title").asText()).isNotBlank();
        assertThat(record.path("text").asText().length()).isGreaterThan(300);
        assertThat(record.has("publishedAt")).isTrue();
        assertThat(record.path("source").asText()).contains("deepseek-v4-built-for-ascend.html");
    }
}
