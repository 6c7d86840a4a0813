package io.chipwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.Alert;
import io.chipwatch.model.Delivery;
import io.chipwatch.model.RetryRequest;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.Samples;
import io.chipwatch.model.Watch;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private static <T> T roundTrip(Topic<String, T> topic, T value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }

    @Test
    void shouldRoundTripEveryRecordTypeThroughItsTopicSerde() {
        assertThat(roundTrip(Topics.ARTICLES_RAW, Samples.raw())).isEqualTo(Samples.raw());
        assertThat(roundTrip(Topics.ARTICLES_ENRICHED, Samples.enriched())).isEqualTo(Samples.enriched());
        assertThat(roundTrip(Topics.WATCHES, Samples.watch())).isEqualTo(Samples.watch());
        assertThat(roundTrip(Topics.ALERTS, Samples.alert())).isEqualTo(Samples.alert());
        Delivery d = new Delivery("f00d", "console:text", Delivery.DELIVERED, 1, Samples.PUBLISHED, null);
        assertThat(roundTrip(Topics.ALERTS_DELIVERED, d)).isEqualTo(d);
        EntityTrend t = new EntityTrend("huawei", Samples.PUBLISHED, Samples.PUBLISHED.plusSeconds(3600), 3, 7);
        assertThat(roundTrip(Topics.ENTITY_TRENDS, t)).isEqualTo(t);
    }

    @Test
    void shouldReadDeliveryLogEntriesWrittenBeforeTheAlertPositionWasRecorded() {
        Delivery full = new Delivery("f00d", "webhook:https://h/x", Delivery.DEAD_LETTERED, 3, Samples.PUBLISHED, "HTTP 500", 2, 41L, "cli");
        assertThat(roundTrip(Topics.ALERTS_DELIVERED, full)).isEqualTo(full);
        String old = "{\"alertId\":\"f00d\",\"channel\":\"console:text\",\"outcome\":\"delivered\",\"attempts\":1,"
                + "\"at\":\"2026-04-29T08:30:00Z\",\"detail\":null}";
        Delivery d = Topics.ALERTS_DELIVERED.valueSerde().deserializer().deserialize("alerts.delivered", old.getBytes(StandardCharsets.UTF_8));
        assertThat(d.alertPartition()).isNull();
        assertThat(d.requestedBy()).isNull();
        assertThat(d.key()).isEqualTo("console:text|f00d");
        String json = new String(Topics.ALERTS_DELIVERED.valueSerde().serializer().serialize("alerts.delivered", full), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"alertId\":\"f00d\",\"channel\":\"webhook:https://h/x\",\"outcome\":\"dead-lettered\"")
                .contains("\"alertPartition\":2,\"alertOffset\":41,\"requestedBy\":\"cli\"").doesNotContain("deadLettered").doesNotContain("\"key\"");
    }

    @Test
    void shouldWriteResendRequestsAsTheContractPromisedToTheWebService() {
        RetryRequest r = new RetryRequest("f00d", "webhook:https://h/x", Samples.PUBLISHED, "cli");
        assertThat(r.key()).isEqualTo("webhook:https://h/x|f00d");
        String json = new String(Topics.ALERTS_RETRY.valueSerde().serializer().serialize("alerts.retry", r), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"alertId\":\"f00d\",\"channel\":\"webhook:https://h/x\",\"requestedAt\":\"2026-04-29T08:30:00Z\","
                + "\"requestedBy\":\"cli\"}");
        assertThat(roundTrip(Topics.ALERTS_RETRY, r)).isEqualTo(r);
    }

    @Test
    void shouldWriteInstantsAsIsoStringsAndChannelsWithTypeNames() {
        String json = new String(Topics.WATCHES.valueSerde().serializer().serialize("watches", Samples.watch()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\":\"webhook\"").contains("\"secretEnv\":\"CHIPWATCH_WEBHOOK_SECRET\"").contains("\"window\":\"PT1H\"");
        String raw = new String(Topics.ARTICLES_RAW.valueSerde().serializer().serialize("articles.raw", Samples.raw()), StandardCharsets.UTF_8);
        assertThat(raw).contains("\"publishedAt\":\"2026-04-29T08:30:00Z\"");
    }

    @Test
    void shouldMapNullToNullForTombstones() {
        assertThat(Topics.WATCHES.valueSerde().serializer().serialize("watches", null)).isNull();
        assertThat(Topics.WATCHES.valueSerde().deserializer().deserialize("watches", null)).isNull();
    }

    @Test
    void shouldIgnoreUnknownFieldsSoOlderConsumersSurviveNewOnes() {
        String json = "{\"id\":\"x\",\"sourceId\":\"s\",\"fetchedAt\":\"2026-01-01T00:00:00Z\",\"futureField\":42}";
        RawArticle r = Topics.ARTICLES_RAW.valueSerde().deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.id()).isEqualTo("x");
        assertThat(r.title()).isEmpty();
        assertThat(r.tags()).isEmpty();
    }

    @Test
    void shouldReadEntitiesWrittenBeforeKnownExistedAsGazetteerEntitiesAndEventsWithoutPartiesAsEmpty() {
        String json = "{\"id\":\"a\",\"storyId\":\"a\",\"sourceId\":\"s\",\"fetchedAt\":\"2026-01-01T00:00:00Z\","
                + "\"entities\":[{\"id\":\"huawei\",\"name\":\"Huawei\",\"type\":\"COMPANY\",\"count\":1,\"salience\":0.5}],"
                + "\"events\":[{\"type\":\"ENTITY_LIST\",\"direction\":\"ADDED\",\"confidence\":0.8,\"evidence\":\"x\"}]}";
        EnrichedArticle e = Topics.ARTICLES_ENRICHED.valueSerde().deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertThat(e.entities().get(0).known()).isTrue();
        assertThat(e.events().get(0).parties()).isEmpty();
    }

    @Test
    void shouldWriteKnownForEveryEntityAndPartiesForEveryEvent() {
        String json = new String(Topics.ARTICLES_ENRICHED.valueSerde().serializer().serialize("t", Samples.enriched()),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"country\":null,\"known\":true}").contains("\"known\":false")
                .contains("\"parties\":[]")
                .contains("\"parties\":[{\"name\":\"Brightpath Components Ltd\",\"entityId\":\"org:brightpath-components\","
                        + "\"known\":false,\"direction\":\"ADDED\"}]");
    }

    @Test
    void shouldRejectBadBytesWithSerializationExceptionNamingTypeAndTopic() {
        var d = Topics.ARTICLES_RAW.valueSerde().deserializer();
        assertThatThrownBy(() -> d.deserialize("articles.raw", new byte[] {(byte) 0xff, 0x00, 0x13}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("RawArticle").hasMessageContaining("articles.raw");
        assertThatThrownBy(() -> d.deserialize("articles.raw", "{\"id\":\"\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("id must be a non-blank string");
        assertThatThrownBy(() -> d.deserialize("articles.raw", "null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRejectWatchIdsThatCannotBeTopicNames() {
        String json = "{\"id\":\"Bad Id!\"}";
        assertThatThrownBy(() -> Topics.WATCHES.valueSerde().deserializer().deserialize("watches", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("watch id must match");
    }

    @Property(tries = 300)
    void shouldRoundTripArbitraryArticleText(@ForAll("text") String title, @ForAll("text") String text, @ForAll List<@net.jqwik.api.constraints.AlphaChars String> tags) {
        RawArticle r = new RawArticle("id1", "src", null, title, text, null, null, null, Instant.parse("2026-01-01T00:00:00Z"), tags, null);
        assertThat(roundTrip(Topics.ARTICLES_RAW, r)).isEqualTo(r);
    }

    @Property(tries = 300)
    void shouldNeverThrowAnythingButSerializationExceptionOnRandomBytes(@ForAll byte[] bytes) {
        for (Topic<String, ?> topic : List.<Topic<String, ?>>of(Topics.ARTICLES_RAW, Topics.ARTICLES_ENRICHED, Topics.WATCHES, Topics.ALERTS)) {
            try {
                topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
            } catch (SerializationException expected) {
                assertThat(expected.getMessage()).contains(topic.name());
            }
        }
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    @Test
    void enrichedArticleSampleIsFirstOfItsStory() {
        EnrichedArticle e = Samples.enriched();
        assertThat(e.firstInStory()).isTrue();
        assertThat(e.entities().get(0).isOrBelongsTo("huawei-ascend")).isTrue();
        Alert a = Samples.alert();
        assertThat(a.article().id()).isEqualTo(e.id());
        Watch w = Samples.watch();
        assertThat(w.channels()).hasSize(5);
    }
}
