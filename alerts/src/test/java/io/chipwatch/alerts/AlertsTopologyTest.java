package io.chipwatch.alerts;

import static io.chipwatch.alerts.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsTopologyTest {
    private static final JsonSerde<Alert> ALERT = new JsonSerde<>(Alert.class);
    private static final Instant WALL = Instant.parse("2026-04-30T10:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, EnrichedArticle> articles;
    private TestInputTopic<String, byte[]> rawArticles;
    private TestInputTopic<String, Watch> watches;
    private TestInputTopic<String, EntityTrend> trends;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "127.0.0.1:1");
        props.put(AlertsConfig.STATE_DIR, stateDir.toString());
        props.put(AlertsConfig.THROTTLE_DEFAULT_MAX, "0");
        props.put(AlertsConfig.WINDOW_PUNCTUATE_INTERVAL_MS, "1000");
        AlertsConfig config = new AlertsConfig(props);
        driver = new TopologyTestDriver(new AlertsTopology(config).build(), config.streamsProperties(), WALL);
        articles = driver.createInputTopic("articles.enriched", Serdes.String().serializer(), new JsonSerde<>(EnrichedArticle.class));
        rawArticles = driver.createInputTopic("articles.enriched", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        watches = driver.createInputTopic("watches", Serdes.String().serializer(), new JsonSerde<>(Watch.class));
        trends = driver.createInputTopic("entity.trends", Serdes.String().serializer(), new JsonSerde<>(EntityTrend.class));
        alerts = driver.createOutputTopic("alerts", Serdes.String().deserializer(), ALERT);
        dlq = driver.createOutputTopic("alerts.dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void put(Watch w) {
        watches.pipeInput(w.id(), w);
    }

    private static Watch ascendWatch() {
        return new Watch("ascend-demand", "Ascend demand", null, null, null, anyOf("huawei-ascend"),
                eventsOf(EventType.DEMAND_SURGE), null, null, null, null, null, null, null, null);
    }

    @Test
    void matchingArticleProducesAnAlertKeyedByWatchId() {
        put(ascendWatch());
        articles.pipeInput("a1", ascendDemand("a1", "story-1"));
        TestRecord<String, Alert> r = alerts.readRecord();
        assertThat(r.key()).isEqualTo("ascend-demand");
        assertThat(r.value().reason()).contains("DEMAND_SURGE (0.86, main) involving Ascend 950 [huawei-ascend]");
        assertThat(r.value().triggeredAt()).isEqualTo(WALL);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void storyReportedByFiveSourcesAlertsOnceEvenWhenTwoAreMarkedFirst() {
        put(ascendWatch());
        articles.pipeInput("a1", ascendDemand("a1", "story-1"));
        articles.pipeInput("a2", ascendDemand("a2", "story-1"));
        for (String id : List.of("a3", "a4", "a5")) {
            EnrichedArticle first = ascendDemand(id, "story-1");
            articles.pipeInput(id, article(id, "story-1", false, first.title(), first.text(), first.entities(), first.events()));
        }
        assertThat(alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void alertsAreRoutedToThePerWatchTopicKeyedByAlertId() {
        put(ascendWatch());
        put(watch("deepseek", anyOf("deepseek"), null, null));
        articles.pipeInput("a1", ascendDemand("a1", "story-1"));
        TestOutputTopic<String, Alert> ascend = driver.createOutputTopic("alerts.ascend-demand", Serdes.String().deserializer(), ALERT);
        TestOutputTopic<String, Alert> deepseek = driver.createOutputTopic("alerts.deepseek", Serdes.String().deserializer(), ALERT);
        TestRecord<String, Alert> r = ascend.readRecord();
        assertThat(r.key()).isEqualTo(r.value().alertId());
        assertThat(r.value().watchId()).isEqualTo("ascend-demand");
        assertThat(ascend.isEmpty()).isTrue();
        assertThat(deepseek.readValuesToList()).extracting(Alert::watchId).containsExactly("deepseek");
    }

    @Test
    void watchAddedOrRemovedAtRunTimeTakesEffectOnTheNextArticle() {
        articles.pipeInput("a1", ascendDemand("a1", "story-1"));
        assertThat(alerts.isEmpty()).isTrue();
        put(ascendWatch());
        articles.pipeInput("a2", ascendDemand("a2", "story-2"));
        assertThat(alerts.readValuesToList()).hasSize(1);
        watches.pipeInput("ascend-demand", (Watch) null);
        articles.pipeInput("a3", ascendDemand("a3", "story-3"));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void alertsBeyondTheThrottleAreFoldedIntoOneDigestWhenTheWindowCloses() {
        Watch w = ascendWatch();
        put(new Watch(w.id(), w.name(), null, null, null, w.entities(), w.events(), null, null, null, null, null,
                new Watch.Throttle(2, Duration.ofMinutes(10)), null, null));
        for (int i = 1; i <= 5; i++) {
            articles.pipeInput("a" + i, ascendDemand("a" + i, "story-" + i));
        }
        assertThat(alerts.readValuesToList()).extracting(Alert::kind).containsExactly(Alert.MATCH, Alert.MATCH);
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        List<Alert> digest = alerts.readValuesToList();
        assertThat(digest).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Alert.DIGEST);
            assertThat(d.digestOf()).extracting(Alert.ArticleRef::id).containsExactly("a3", "a4", "a5");
            assertThat(d.reason()).startsWith("3 more alert(s) folded into a digest");
        });
    }

    @Test
    void hourlyDigestWatchEmitsOneSummaryPerHour() {
        Watch w = ascendWatch();
        put(new Watch(w.id(), w.name(), null, null, null, w.entities(), w.events(), null, null, null, null, null, null, "hourly", null));
        articles.pipeInput("a1", ascendDemand("a1", "story-1"));
        articles.pipeInput("a2", ascendDemand("a2", "story-2"));
        assertThat(alerts.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(alerts.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Alert.DIGEST);
            assertThat(d.digestOf()).hasSize(2);
            assertThat(d.reason()).startsWith("hourly digest: 2 alert(s)");
        });
    }

    @Test
    void unreadableArticleGoesToTheDeadLetterTopicWithItsOriginalBytes() {
        put(ascendWatch());
        byte[] junk = "{not json".getBytes(StandardCharsets.UTF_8);
        rawArticles.pipeInput("bad", junk);
        TestRecord<byte[], byte[]> r = dlq.readRecord();
        assertThat(r.value()).isEqualTo(junk);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("bad");
        assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON)).contains("invalid EnrichedArticle JSON");
        assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("articles.enriched");
        articles.pipeInput("a1", ascendDemand("a1", "story-1"));
        assertThat(alerts.readValuesToList()).as("the pipeline goes on").hasSize(1);
    }

    @Test
    void spikeWatchFiresWhenMentionsReachFactorTimesBaselineAndMinimum() {
        put(new Watch("ascend-spike", null, null, null, null, null, null, null, null, null, null,
                new Watch.SpikeRule("huawei-ascend-950", Duration.ofHours(1), 3.0, 10, 4), null, null, null));
        Instant h = Instant.parse("2026-04-30T00:00:00Z");
        for (int i = 0; i < 4; i++) {
            trends.pipeInput("huawei-ascend-950", new EntityTrend("huawei-ascend-950", h.plusSeconds(3600L * i),
                    h.plusSeconds(3600L * (i + 1)), 2, 4));
        }
        Instant spikeStart = h.plusSeconds(3600L * 4);
        trends.pipeInput("huawei-ascend-950", new EntityTrend("huawei-ascend-950", spikeStart, spikeStart.plusSeconds(3600), 5, 11));
        assertThat(alerts.isEmpty()).as("11 < 3 x baseline 4").isTrue();
        trends.pipeInput("huawei-ascend-950", new EntityTrend("huawei-ascend-950", spikeStart, spikeStart.plusSeconds(3600), 9, 13));
        trends.pipeInput("huawei-ascend-950", new EntityTrend("huawei-ascend-950", spikeStart, spikeStart.plusSeconds(3600), 12, 20));
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.SPIKE);
            assertThat(a.reason()).startsWith("spike: huawei-ascend-950 had 13 mentions");
        });
    }
}
