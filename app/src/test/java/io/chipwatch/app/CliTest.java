package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldListEveryCommandInHelp() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("run", "ingest", "enrich", "alerts", "broker", "topics", "replay", "extract", "tag",
                "sources", "watches", "tail", "backtest", "reprocess", "web");
    }

    @Test
    void shouldOfferTheDashboardOptionsOnRunAndWebButNoTokenOption() {
        for (String command : new String[] {"run", "web"}) {
            Result r = run(command, "--help");
            assertThat(r.out()).as(command).contains("--web-port", "--web-bind", "--web-token-file", "--rebuild")
                    .doesNotContain("--web-token ");
        }
        Result bad = run("web", "--web-port", "99999", "--data-dir", "/nonexistent-chipwatch-dir");
        assertThat(bad.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(bad.err()).contains("Invalid value 99999 for configuration port");
    }

    @Test
    void shouldGiveHelpOnEverySubcommand() {
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            Result r = run(name, "--help");
            assertThat(r.code()).as(name + " --help").isZero();
            assertThat(r.out()).as(name + " --help").contains("Usage:");
        }
    }

    @Test
    void shouldRejectAnUnknownFlagWithAClearErrorAndExitCode2() {
        Result r = run("run", "--no-such-flag");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("Unknown option: '--no-such-flag'").contains("chipwatch run --help");
    }

    @Test
    void shouldRefuseAHostileOpmlFileAndAnInvalidSourceBeforeTouchingKafka() {
        Result r = run("sources", "import", "../ingest/src/test/resources/opml/hostile-doctype.opml", "--data-dir", "target/cli-test-no-broker");
        assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err()).contains("OPML with a DOCTYPE is refused");
        Result bad = run("sources", "add", "--id", "Bad Id", "--url", "https://x.example/feed", "--no-check", "--data-dir", "target/cli-test-no-broker");
        assertThat(bad.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(bad.err()).contains("id must match");
        assertThat(java.nio.file.Path.of("target/cli-test-no-broker/kafka")).as("no broker was started").doesNotExist();
    }

    @Test
    void shouldRejectAnUnknownCommand() {
        Result r = run("fly");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("fly");
    }

    @Test
    void shouldRejectInvalidConfigurationWithExitCode3BeforeStartingAnything() {
        Result r = run("run", "--once", "--set", "enrich.dedup.window.ms=-5", "--source", "no-such-dir");
        assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err()).contains("dedup.window.ms").contains("-5");
    }

    @Test
    void shouldNameTheInvalidKeyAsTheUserTypesIt() {
        Result r = run("run", "--once", "--set", "enrich.dedup.window.ms=-5", "--source", "no-such-dir");
        assertThat(r.err()).contains("Invalid value -5 for configuration enrich.dedup.window.ms");
    }

    @Test
    void shouldRejectAnUnknownKeyWithExitCode3() {
        Result r = run("extract", "--set", "nosuch.key=1", "no-such-file.html");
        assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err()).contains("invalid configuration: Unknown configuration nosuch.key").contains("chipwatch config");
    }

    @Test
    void shouldSuggestTheNearestKeyForAMisspelledOne() {
        Result r = run("run", "--once", "--set", "ingest.fetch.allow.privat.networks=true", "--source", "no-such-dir");
        assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err()).contains("Unknown configuration ingest.fetch.allow.privat.networks (did you mean ingest.fetch.allow.private.networks?)");
        Result topic = run("extract", "--set", "topics.retention.msx=1", "no-such-file.html");
        assertThat(topic.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(topic.err()).contains("Unknown configuration topics.retention.msx").contains("did you mean topics.retention.ms?");
        Result service = run("extract", "--set", "alerts.smtp.hots=mail.example.org", "no-such-file.html");
        assertThat(service.err()).contains("did you mean alerts.smtp.host?");
    }

    @Test
    void shouldAcceptServiceKafkaAndTopicKeys(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path page = dir.resolve("page.html");
        java.nio.file.Files.writeString(page, "<html><head><title>Chips</title></head><body><article><p>"
                + "Export rules for accelerators were tightened again this week, officials said.</p></article></body></html>");
        Result r = run("extract", "--set", "ingest.fetch.host.min.delay.ms=10", "--set", "kafka.security.protocol=PLAINTEXT",
                "--set", "topics.retention.ms=7776000000", page.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void shouldNameTheFullKeyInTheLoopbackRefusal() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            run("extract", "http://127.0.0.1:9/feed");
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("ingest.fetch.allow.private.networks=true").contains("ingest.fetch.allowed.addresses=127.0.0.1");
    }

    @Test
    void shouldPrintTheKafkaVersionInVersion() {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Kafka 4.3.1");
    }

    @Test
    void shouldFoldAnExceptionChainIntoOneLine() {
        Exception e = new IllegalStateException("cannot start", new java.io.IOException("disk full"));
        assertThat(Main.oneLine(e)).isEqualTo("cannot start: disk full");
    }
}
