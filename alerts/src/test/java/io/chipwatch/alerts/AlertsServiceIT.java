package io.chipwatch.alerts;

import static io.chipwatch.alerts.Fixtures.ascendDemand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.TestKafka;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.Watch;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AlertsServiceIT {
    @TempDir
    Path dir;
    private final String bootstrap = TestKafka.bootstrapServers();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private AlertsConfig config() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", bootstrap);
        m.put(AlertsConfig.APPLICATION_ID, "alerts-it-" + run);
        m.put(AlertsConfig.STATE_DIR, dir.resolve("state").toString());
        m.put(AlertsConfig.TOPIC_INPUT, "articles-" + run);
        m.put(AlertsConfig.TOPIC_ALERTS, "alerts-" + run);
        m.put(AlertsConfig.TOPIC_WATCHES, "watches-" + run);
        m.put(AlertsConfig.TOPIC_TRENDS, "trends-" + run);
        m.put(AlertsConfig.TOPIC_DLQ, "dlq-" + run);
        m.put(AlertsConfig.TOPIC_DELIVERED, "delivered-" + run);
        m.put(AlertsConfig.NOTIFY_GROUP_ID, "notifier-" + run);
        m.put(AlertsConfig.TOPIC_PARTITIONS, "1");
        m.put(AlertsConfig.WATCHES_SEED_FILE, "../seeds/watches.yaml");
        return new AlertsConfig(m);
    }

    private static void publish(KafkaProducer<String, String> p, String topic, EnrichedArticle a) throws Exception {
        p.send(new ProducerRecord<>(topic, null, a.eventTime().toEpochMilli(), a.id(), Json.toJson(a))).get();
    }

    @Test
    void watchAddedAtRunTimeFiresOnTheNextArticleAndIsNotified() throws Exception {
        AlertsConfig config = config();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        try (WebhookReceiver hook = new WebhookReceiver();
             AlertsService service = new AlertsService(config, new PrintStream(out, true, StandardCharsets.UTF_8), new Secrets(Map.of()));
             WatchAdmin admin = new WatchAdmin(config);
             KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            assertThat(admin.seedDefaults()).isEqualTo(9);
            assertThat(admin.seedDefaults()).as("seeding happens only into an empty topic").isZero();
            service.start();
            await().atMost(Duration.ofSeconds(60)).until(service::isReady);

            Path file = dir.resolve("deepseek.yaml");
            Files.writeString(file, "id: deepseek-hw\nname: DeepSeek hardware\nquery: '\"Ascend 950\" AND deepseek'\n"
                    + "channels:\n  - type: webhook\n    url: " + hook.url() + "\n");
            assertThat(admin.add(file)).extracting(Watch::id).containsExactly("deepseek-hw");
            assertThat(admin.show("deepseek-hw")).isPresent();
            assertThat(admin.list()).hasSize(10);

            publish(producer, config.inputTopic(), ascendDemand("a1-" + run, "story-" + run));
            await().atMost(Duration.ofSeconds(60)).until(() -> hook.accepted.size() == 1);
            Alert delivered = Json.MAPPER.readValue(hook.accepted.get(0).body(), Alert.class);
            assertThat(delivered.watchId()).isEqualTo("deepseek-hw");
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).lines()
                    .anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ  \\[[A-Z]+\\] .*ascend-demand.* \u2014 evidence: \".*")));

            ByteArrayOutputStream tailed = new ByteArrayOutputStream();
            AlertTail tail = new AlertTail(config);
            long n = tail.run(new AlertTail.Options("deepseek-hw", true, null, true, false), new PrintStream(tailed, true, StandardCharsets.UTF_8));
            tail.release();
            assertThat(n).isEqualTo(1);
            assertThat(Json.MAPPER.readValue(tailed.toString(StandardCharsets.UTF_8).strip(), Alert.class).alertId())
                    .isEqualTo(delivered.alertId());

            assertThat(admin.remove("deepseek-hw")).isTrue();
            assertThat(admin.show("deepseek-hw")).isEmpty();
            assertThatThrownBy(() -> admin.add(List.of(new Watch("bad-query", null, null, null, null, null, null, "ascend AND (",
                    null, null, null, null, null, null, null))))
                    .isInstanceOf(WatchValidationException.class).hasMessageContaining("watch 'bad-query'");
        }
    }

    @Test
    void backtestReturnsWhatAWatchWouldHaveFiredOncePerStory() throws Exception {
        AlertsConfig config = config();
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        try (WatchAdmin admin = new WatchAdmin(config);
             KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            admin.ensureTopics(List.of());
            io.chipwatch.broker.TopicProvisioner.ensureNames(bootstrap, List.of(config.inputTopic()), 1);
            publish(producer, config.inputTopic(), ascendDemand("b1", "s1"));
            publish(producer, config.inputTopic(), ascendDemand("b2", "s1"));
            EnrichedArticle other = Fixtures.article("b3", "s2", true, "SMIC ramps 5nm", "SMIC is moving to more advanced nodes.",
                    List.of(), List.of());
            publish(producer, config.inputTopic(), other);
            Watch w = WatchFiles.parse("id: ascend\nentities:\n  any: [huawei-ascend]\n", "inline").get(0);
            List<Alert> alerts = new Backtester(config).run(w, Fixtures.T0.minusSeconds(3600), Instant.now().plusSeconds(60));
            assertThat(alerts).singleElement().satisfies(a -> assertThat(a.storyId()).isEqualTo("s1"));
            assertThat(new Backtester(config).run(w, Fixtures.T0.plusSeconds(3600), null)).isEmpty();
        }
    }
}
