package io.chipwatch.alerts;

import static io.chipwatch.alerts.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.chipwatch.alerts.internal.NotifierMetrics;
import io.chipwatch.alerts.internal.Senders;
import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Channel;
import io.chipwatch.model.Delivery;
import io.chipwatch.model.RetryRequest;
import io.chipwatch.model.Watch;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotifierIT {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @TempDir
    Path dir;
    private final String bootstrap = TestKafka.bootstrapServers();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> open = new ArrayList<>();
    private WebhookReceiver hook;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void setUp() throws Exception {
        TopicProvisioner.ensureNames(bootstrap, List.of(t("alerts"), t("watches"), t("dlq"), t("delivered"), t("retry")), 1);
        hook = new WebhookReceiver();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        producer.close();
        hook.close();
    }

    private String t(String name) {
        return name + "-" + run;
    }

    private AlertsConfig config(String group, long deadlineMs) {
        return config(group, deadlineMs, Map.of());
    }

    private AlertsConfig config(String group, long deadlineMs, Map<String, String> extra) {
        Map<String, Object> m = new HashMap<>(extra);
        m.put("bootstrap.servers", bootstrap);
        m.put(AlertsConfig.TOPIC_ALERTS, t("alerts"));
        m.put(AlertsConfig.TOPIC_WATCHES, t("watches"));
        m.put(AlertsConfig.TOPIC_DLQ, t("dlq"));
        m.put(AlertsConfig.TOPIC_DELIVERED, t("delivered"));
        m.put(AlertsConfig.TOPIC_RETRY, t("retry"));
        m.put(AlertsConfig.NOTIFY_GROUP_ID, group);
        m.put(AlertsConfig.DELIVERY_RETRY_INITIAL_MS, "50");
        m.put(AlertsConfig.DELIVERY_RETRY_MAX_MS, "200");
        m.put(AlertsConfig.DELIVERY_DEADLINE_MS, Long.toString(deadlineMs));
        m.put(AlertsConfig.SMTP_HOST, "127.0.0.1");
        m.put(AlertsConfig.SMTP_PORT, Integer.toString(mail.getSmtp().getPort()));
        m.put(AlertsConfig.SMTP_FROM, "chipwatch@localhost");
        m.putAll(extra);
        return new AlertsConfig(m);
    }

    private Notifier startNotifier(AlertsConfig config, PrintStream console) {
        return startNotifier(config, console, new SimpleMeterRegistry());
    }

    private Notifier startNotifier(AlertsConfig config, PrintStream console, MeterRegistry meters) {
        Notifier n = new Notifier(config, console, new Secrets(Map.of("HOOK_SECRET", "s3cret")), meters);
        open.add(n);
        n.start();
        await().atMost(Duration.ofSeconds(30)).until(n::isReady);
        return n;
    }

    private void putWatch(List<Channel> channels) throws Exception {
        Watch w = new Watch("h200", "H200 licences", null, null, null, null, null, null, null, null, null, null, null, null, channels);
        producer.send(new ProducerRecord<>(t("watches"), w.id(), Json.toJson(w))).get();
    }

    private Alert sendAlert(int i) throws Exception {
        return sendAlert(i, null);
    }

    private Alert sendAlert(int i, io.chipwatch.model.Severity severity) throws Exception {
        Alert a = new Alert("alert-" + i, "h200", "H200 licences", severity, null, T0, new Alert.ArticleRef("art-" + i,
                "https://example.org/" + i, "US grants H200 licence " + i, "reuters", T0), null, null, "evidence " + i,
                "LICENSE_CHANGE (0.90) matched watch \"H200 licences\"", "story-" + i, null);
        producer.send(new ProducerRecord<>(t("alerts"), "h200", Json.toJson(a))).get();
        return a;
    }

    @Test
    void eachAlertIsDeliveredOncePerChannelAcrossANotifierRestart() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        putWatch(List.of(new Channel.Webhook(hook.url(), "HOOK_SECRET"), new Channel.File(file.toString()),
                new Channel.Console("text")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        Notifier first = startNotifier(config("n1-" + run, 10_000), console);
        for (int i = 0; i < 3; i++) {
            sendAlert(i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() == 3 && Files.exists(file)
                && Files.readAllLines(file).size() == 3);
        first.close();

        for (int i = 3; i < 5; i++) {
            sendAlert(i);
        }
        // A new group reads the alerts topic from the beginning: only the delivery log prevents resending.
        startNotifier(config("n2-" + run, 10_000), console);
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() >= 5 && Files.readAllLines(file).size() >= 5);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> hook.accepted.size() == 5);

        assertThat(hook.acceptedIds()).containsExactly("alert-0", "alert-1", "alert-2", "alert-3", "alert-4");
        assertThat(Files.readAllLines(file)).hasSize(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).lines().count() >= 5);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(5)
                .allMatch(l -> l.startsWith("2026-04-30 08:00Z  [MEDIUM] h200  US grants H200 licence "));
        WebhookReceiver.Post post = hook.accepted.get(0);
        assertThat(post.signature()).isEqualTo("sha256=" + Senders.hmacSha256Hex("s3cret", post.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(Json.MAPPER.readValue(post.body(), Alert.class).alertId()).isEqualTo("alert-0");
    }

    /**
     * A failure of the poll thread (here injected; in the field an unexpected client error, a start-up read that
     * timed out on a starved machine) used to stop the notifier for good while the pipeline ran on without
     * deliveries. It starts again from the committed offsets and delivers everything, each alert once.
     */
    @Test
    void aFailedPollThreadStartsAgainAndDeliversEveryAlertOnce() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        putWatch(List.of(new Channel.Webhook(hook.url(), null), new Channel.File(file.toString())));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Notifier n = startNotifier(config("nf-" + run, 10_000), System.err, meters);
        for (int i = 0; i < 3; i++) {
            sendAlert(i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() == 3);
        n.failNextTurn(new IllegalStateException("injected poll-thread failure"));
        await().atMost(Duration.ofSeconds(30)).until(() -> n.restarts() == 1);
        for (int i = 3; i < 6; i++) {
            sendAlert(i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> n.isReady() && hook.accepted.size() >= 6
                && Files.readAllLines(file).size() >= 6);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> hook.accepted.size() == 6);

        assertThat(hook.acceptedIds()).containsExactlyInAnyOrder("alert-0", "alert-1", "alert-2", "alert-3", "alert-4", "alert-5");
        assertThat(Files.readAllLines(file)).hasSize(6);
        assertThat(meters.get(io.chipwatch.alerts.internal.NotifierMetrics.RESTARTS).counter().count()).isEqualTo(1.0);
        assertThat(readAll(t("dlq"))).isEmpty();
    }

    @Test
    void webhookThatIsDownForAWhileReceivesEverythingAfterItReturns() throws Exception {
        putWatch(List.of(new Channel.Webhook(hook.url(), null)));
        hook.status = 503;
        startNotifier(config("n-" + run, 60_000), System.err);
        for (int i = 0; i < 4; i++) {
            sendAlert(i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> hook.refused >= 3);
        assertThat(hook.accepted).isEmpty();
        hook.status = 200;
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() == 4);
        assertThat(hook.acceptedIds()).containsExactlyInAnyOrder("alert-0", "alert-1", "alert-2", "alert-3");
        assertThat(readAll(t("dlq"))).isEmpty();
    }

    @Test
    void webhookThatNeverRecoversEndsInTheDeadLetterTopicWithTheReason() throws Exception {
        putWatch(List.of(new Channel.Webhook(hook.url(), null)));
        hook.status = 500;
        startNotifier(config("n-" + run, 1_000), System.err);
        Alert a = sendAlert(7);
        await().atMost(Duration.ofSeconds(30)).until(() -> readAll(t("dlq")).size() == 1);
        ConsumerRecord<byte[], byte[]> dead = readAll(t("dlq")).get(0);
        assertThat(Json.MAPPER.readValue(dead.value(), Alert.class).alertId()).isEqualTo(a.alertId());
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("HTTP 500");
        assertThat(DeadLetterHeaders.get(dead.headers(), Notifier.CHANNEL_HEADER)).isEqualTo("webhook:" + hook.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> readAll(t("delivered")).stream()
                .map(r -> new JsonSerde<>(Delivery.class).deserialize("", r.value()).outcome()).toList()
                .contains(Delivery.DEAD_LETTERED));
        assertThat(hook.accepted).isEmpty();
    }

    @Test
    void emailArrivesOverSmtp() throws Exception {
        putWatch(List.of(new Channel.Email("analyst@example.org", "[chipwatch]")));
        startNotifier(config("n-" + run, 10_000), System.err);
        sendAlert(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 1);
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("[chipwatch] H200 licences: US grants H200 licence 1");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("analyst@example.org");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(m)).contains("LICENSE_CHANGE (0.90)");
    }

    @Test
    void slackChannelPostsATextMessageToAUrlFromTheEnvironment() throws Exception {
        putWatch(List.of(new Channel.Slack(null, "SLACK_URL")));
        Notifier n = new Notifier(config("n-" + run, 10_000), System.err, new Secrets(Map.of("SLACK_URL", hook.url())));
        open.add(n);
        n.start();
        await().atMost(Duration.ofSeconds(30)).until(n::isReady);
        sendAlert(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() == 1);
        assertThat(Json.MAPPER.readTree(hook.accepted.get(0).body()).get("text").asText())
                .startsWith("*MEDIUM* LICENSE_CHANGE (0.90)").contains("<https://example.org/2|US grants H200 licence 2>");
    }

    /**
     * The "one failing channel holds up every alert" report (issue 14): a webhook that hangs, then answers
     * 500, must not delay the console channel. Alerts 2 and 3 are sent only after the webhook is stuck on
     * alert 1, so with one batch for all channels they could not be printed before the webhook gives up.
     */
    @Test
    void shouldDeliverToTheConsoleWhileTheWebhookHangsAndThenFails() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        hook.hold = held;
        hook.status = 500;
        putWatch(List.of(new Channel.Webhook(hook.url(), null), new Channel.Console("text")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        startNotifier(config("n-" + run, 60_000), console);
        sendAlert(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.requests.get() == 1);
        sendAlert(2, io.chipwatch.model.Severity.CRITICAL);
        sendAlert(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).lines().count() == 3);
        assertThat(held.getCount()).as("the webhook's first request is still hanging").isEqualTo(1);
        assertThat(hook.requests.get()).as("the webhook has seen only alert 1").isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("US grants H200 licence 2").contains("US grants H200 licence 3");

        held.countDown(); // the webhook now answers 500 and keeps failing; the console is long done
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.refused >= 3);
        assertThat(hook.accepted).isEmpty();
        assertThat(readAll(t("dlq"))).as("still retrying, within the deadline").isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }

    @Test
    void shouldResendADeadLetteredDeliveryOnRequestOnceWithTheSameIdempotencyKey() throws Exception {
        putWatch(List.of(new Channel.Webhook(hook.url(), null), new Channel.File(dir.resolve("a.jsonl").toString())));
        hook.status = 500;
        MeterRegistry meters = new SimpleMeterRegistry();
        Notifier n = startNotifier(config("n-" + run, 500), System.err, meters);
        sendAlert(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> readAll(t("dlq")).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> latest(t("delivered")).get("webhook:" + hook.url() + "|alert-5") != null);
        assertThat(latest(t("delivered")).get("webhook:" + hook.url() + "|alert-5").outcome()).isEqualTo(Delivery.DEAD_LETTERED);
        assertThat(latest(t("delivered")).get("file:" + dir.resolve("a.jsonl") + "|alert-5").outcome()).isEqualTo(Delivery.DELIVERED);

        hook.status = 200;
        RetryRequest request = new RetryRequest("alert-5", "webhook:" + hook.url(), java.time.Instant.now(), "cli");
        producer.send(new ProducerRecord<>(t("retry"), request.key(), Json.toJson(request))).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() == 1);
        assertThat(hook.acceptedIds()).containsExactly("alert-5");
        await().atMost(Duration.ofSeconds(10)).until(() -> latest(t("delivered")).get(request.key()).outcome().equals(Delivery.DELIVERED));
        Delivery resent = latest(t("delivered")).get(request.key());
        assertThat(resent.requestedBy()).isEqualTo("cli");
        assertThat(resent.alertPartition()).isZero();
        assertThat(resent.alertOffset()).isZero();

        // A second request (the web button pressed after the CLI) and a restarted notifier that reads the retry
        // topic again from the start: the delivery log says delivered, so nothing is sent twice.
        producer.send(new ProducerRecord<>(t("retry"), request.key(), Json.toJson(new RetryRequest(request.alertId(), request.channel(), java.time.Instant.now(), "web")))).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter(NotifierMetrics.RESEND_REQUESTS, "result", "already_delivered").count() == 1);
        n.close();
        startNotifier(config("n2-" + run, 500), System.err);
        sendAlert(6);
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> hook.accepted.size() == 2);
        assertThat(hook.acceptedIds()).containsExactly("alert-5", "alert-6");
        assertThat(Files.readAllLines(dir.resolve("a.jsonl"))).hasSize(2);
    }

    @Test
    void shouldPauseTakingAlertsWhileAChannelQueueIsFullAndLoseNone() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        hook.hold = held;
        putWatch(List.of(new Channel.Webhook(hook.url(), null)));
        MeterRegistry meters = new SimpleMeterRegistry();
        startNotifier(config("n-" + run, 60_000, Map.of(AlertsConfig.NOTIFY_CHANNEL_QUEUE_MAX, "2", AlertsConfig.NOTIFY_MAX_BATCH, "1")),
                System.err, meters);
        for (int i = 0; i < 8; i++) {
            sendAlert(i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get(NotifierMetrics.PAUSED).gauge().value() == 1.0);
        assertThat(meters.get(NotifierMetrics.QUEUED).gauge().value()).as("queued, one batch over the limit at most").isBetween(2.0, 3.0);
        held.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.accepted.size() == 8);
        assertThat(hook.acceptedIds()).containsExactly("alert-0", "alert-1", "alert-2", "alert-3", "alert-4", "alert-5", "alert-6", "alert-7");
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.get(NotifierMetrics.PAUSED).gauge().value() == 0.0);
        assertThat(readAll(t("dlq"))).isEmpty();
    }

    /** The latest delivery-log entry of every key. */
    private Map<String, Delivery> latest(String topic) {
        Map<String, Delivery> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
            out.put(new String(r.key(), StandardCharsets.UTF_8), new JsonSerde<>(Delivery.class).deserialize(topic, r.value()));
        }
        return out;
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }
}
