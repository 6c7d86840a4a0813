package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.chipwatch.alerts.internal.Senders;
import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.topic.Topics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration and secrets, through the shipped jar: an invalid value stops the process at start
 * with exit code 3 naming key, value and reason; a webhook secret given by environment variable signs
 * deliveries but never appears in logs (at DEBUG), on stdout, in the request body or on any topic; the
 * metrics endpoint listens on loopback only unless told otherwise.
 */
@Tag("integration")
@Timeout(300)
class ConfigAndSecretsIT {

    @Test
    void shouldRefuseAnInvalidValueAtStartWithExitCode3NamingKeyValueAndReason(@TempDir Path dir) throws Exception {
        try (ChipwatchProcess p = ChipwatchProcess.start(dir, "bad-config", Map.of(), "256m", "run", "--once",
                "--source", SamplesExpectations.SEEDS.resolve("articles").toString(),
                "--seeds", SamplesExpectations.SEEDS.toString(), "--data-dir", dir.resolve("data").toString(),
                "--set", "enrich.dedup.window.ms=-5")) {
            int code = p.waitFor(Duration.ofSeconds(120));
            assertThat(code).as(p.stderr()).isEqualTo(3);
            assertThat(p.stderr()).contains("invalid configuration").contains("dedup.window.ms").contains("-5")
                    .doesNotContain("\tat ");
            assertThat(p.stdout()).isEmpty();
        }
    }

    @Test
    void shouldNeverLogOrPublishTheWebhookSecretAndServeMetricsOnLoopbackOnly(@TempDir Path dir) throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            headers.add(Map.copyOf(ex.getRequestHeaders()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        int metricsPort = freePort();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0);
            Path watch = dir.resolve("hook.yaml");
            Files.writeString(watch, "id: secret-hook\nname: Secret hook\nquery: '\"Ascend 950\" AND Tencent'\nchannels:\n"
                    + "  - type: webhook\n    url: http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\n"
                    + "    secretEnv: CHIPWATCH_TEST_HOOK_SECRET\n");
            assertThat(CliRunner.run("watches", "add", watch.toString(), "--bootstrap-servers", bootstrap,
                    "--data-dir", dir.resolve("cli").toString(), "--seeds", SamplesExpectations.SEEDS.toString()).code()).isZero();
            Map<String, String> env = Map.of("CHIPWATCH_TEST_HOOK_SECRET", secret, "CHIPWATCH_SMTP_PASSWORD", secret,
                    "CHIPWATCH_LOG_LEVEL", "DEBUG", "KAFKA_LOG_LEVEL", "INFO"); // INFO: Kafka's config dumps too
            try (ChipwatchProcess run = ChipwatchProcess.start(dir.resolve("logs"), "run", env, "512m", "run",
                    "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve("data").toString(),
                    "--seeds", SamplesExpectations.SEEDS.toString(), "--no-poll", "--web-port", "0", "--metrics-port", Integer.toString(metricsPort),
                    "--set", "alerts.smtp.user=chipwatch")) {
                SyntheticArticles.Generated load = SyntheticArticles.generate(5, 3, 3);
                try (KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap)) {
                    SyntheticArticles.publish(producer, load.articles());
                }
                await("the webhook is called").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .failFast("pipeline died", () -> !run.isAlive())
                        .until(() -> !bodies.isEmpty());
                String signature = headers.get(0).get("X-chipwatch-signature").get(0);
                assertThat(signature).as("the secret is used").isEqualTo("sha256="
                        + Senders.hmacSha256Hex(secret, bodies.get(0).getBytes(StandardCharsets.UTF_8)));

                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("jvm_memory");
                Optional<InetAddress> external = nonLoopbackAddress();
                if (external.isPresent()) {
                    assertThatThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(external.get(), metricsPort), 2_000);
                        }
                    }).as("metrics must not listen on " + external.get()).isInstanceOf(ConnectException.class);
                }
                assertThat(run.stop()).isIn(0, 143);
                assertThat(bodies).allSatisfy(b -> assertThat(b).doesNotContain(secret));
                assertThat(run.stderr()).as("logs").contains("Notifier ready").contains("ProducerConfig values").doesNotContain(secret);
                assertThat(run.stdout()).doesNotContain(secret);
            }
            assertNotOnAnyTopic(bootstrap, secret);
        } finally {
            hook.stop(0);
        }
    }

    private static void assertNotOnAnyTopic(String bootstrap, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int records = 0;
            for (String topic : admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get()) {
                for (ConsumerRecord<byte[], byte[]> r : TopicContents.readAll(bootstrap, topic)) {
                    records++;
                    assertThat(contains(r.key(), needle) || contains(r.value(), needle)).as("secret on topic " + topic).isFalse();
                    for (Header h : r.headers()) {
                        assertThat(contains(h.value(), needle)).as("secret in a header on " + topic).isFalse();
                    }
                }
            }
            assertThat(records).as("records checked").isGreaterThan(3);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return haystack != null && Collections.indexOfSubList(toList(haystack), toList(needle)) >= 0;
    }

    private static List<Byte> toList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return List.of(boxed);
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(ni -> {
            try {
                return ni.isUp() && !ni.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
