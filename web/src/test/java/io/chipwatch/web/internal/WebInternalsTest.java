package io.chipwatch.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.json.Json;
import io.chipwatch.web.WebConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;

class WebInternalsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void shouldReadTimesAsInstantsDatesOrSpansBackFromNow() {
        assertThat(Params.time("since", "2026-04-29T06:40:00Z", NOW)).isEqualTo(Instant.parse("2026-04-29T06:40:00Z"));
        assertThat(Params.time("since", "2026-04-29", NOW)).isEqualTo(Instant.parse("2026-04-29T00:00:00Z"));
        assertThat(Params.time("since", "7d", NOW)).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(Params.time("since", "2w", NOW)).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
        assertThat(Params.time("since", "90m", NOW)).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
        assertThat(Params.time("since", " ", NOW)).isNull();
        assertThatThrownBy(() -> Params.time("until", "last week", NOW)).isInstanceOf(ApiException.class)
                .hasMessageContaining("until must be an ISO-8601 time");
    }

    @Test
    void shouldRefuseUnknownSeveritiesAndEventsNamingTheParameter() {
        assertThat(Params.severities("high, critical")).containsExactly("HIGH", "CRITICAL");
        assertThatThrownBy(() -> Params.severities("urgent")).hasMessageContaining("severity must be one of");
        assertThat(Params.events("entity_list")).containsExactly("ENTITY_LIST");
        assertThatThrownBy(() -> Params.events("RUMOUR")).hasMessageContaining("event must be one of");
        assertThatThrownBy(() -> Params.limit("900", 20, 200)).hasMessageContaining("between 1 and 200");
    }

    @Test
    void shouldParseTheWatchQueryLanguageWithAndAsDefaultOperator() throws Exception {
        Query q = Analysis.parse("Ascend chips");
        assertThat(q).isInstanceOf(BooleanQuery.class);
        assertThat(q.toString()).isEqualTo("+all:ascend +all:chip");
        assertThat(Analysis.parse("title:H200").toString()).isEqualTo("title:h200");
        assertThatThrownBy(() -> new Params().query("smic AND (")).isInstanceOf(ApiException.class).hasMessageContaining("invalid query");
        assertThatThrownBy(() -> new Params().query("*scend")).isInstanceOf(ApiException.class);
    }

    @Test
    void shouldMeasureDuplicatesByWordBigramsAndChineseByCharacterBigrams() {
        assertThat(Similarity.jaccard("Ascend 950 orders jump", "Ascend 950 orders jump")).isEqualTo(1.0);
        assertThat(Similarity.jaccard("Ascend 950 orders jump", "SMIC added to the list")).isEqualTo(0.0);
        assertThat(Similarity.shingles("华为昇腾")).containsExactlyInAnyOrder("华为", "为昇", "昇腾");
        assertThat(Similarity.jaccard("a b c d", "a b c e")).isEqualTo(0.5);
    }

    @Test
    void shouldFindSpikesAgainstTheWeekBefore() {
        Map<LocalDate, Long> days = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            days.put(LocalDate.of(2026, 4, 1).plusDays(i), i == 9 ? 20L : 2L);
        }
        var spikes = Spikes.find(days);
        assertThat(spikes).hasSize(1);
        assertThat(spikes.get(0).get("day").asText()).isEqualTo("2026-04-10");
        assertThat(spikes.get(0).get("baseline").asDouble()).isEqualTo(2.0);
    }

    @Test
    void shouldAcceptOnlyHttpFeedAndPageSources() throws Exception {
        var ok = Api.validateSource(Json.MAPPER.readTree("{\"id\":\"my.feed\",\"url\":\"https://example.org/rss\"}"));
        assertThat(ok.get("kind").asText()).isEqualTo("feed");
        assertThat(ok.get("enabled").asBoolean()).isTrue();
        for (String bad : new String[] {"{\"id\":\"x\",\"url\":\"file:///etc/passwd\"}", "{\"id\":\"x\",\"url\":\"ftp://example.org/\"}",
                "{\"id\":\"x\",\"url\":\"https:///nohost\"}", "{\"id\":\"-x\",\"url\":\"https://example.org/\"}",
                "{\"id\":\"x\",\"kind\":\"archive\",\"url\":\"https://example.org/\"}", "{\"id\":\"x\",\"url\":\"https://example.org/\",\"language\":\"english!\"}",
                "[]"}) {
            assertThatThrownBy(() -> Api.validateSource(Json.MAPPER.readTree(bad))).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void shouldTreatOnlyLoopbackLiteralsAsLoopback() {
        assertThat(WebConfig.isLoopback("127.0.0.1")).isTrue();
        assertThat(WebConfig.isLoopback("127.5.6.7")).isTrue();
        assertThat(WebConfig.isLoopback("::1")).isTrue();
        assertThat(WebConfig.isLoopback("localhost")).isTrue();
        assertThat(WebConfig.isLoopback("0.0.0.0")).isFalse();
        assertThat(WebConfig.isLoopback("192.168.1.10")).isFalse();
        assertThat(WebConfig.isLoopback("loopback.example.org")).isFalse();
        assertThat(WebServer.hostName("LOCALHOST:8080")).isEqualTo("localhost");
        assertThat(WebServer.hostName("[::1]:8080")).isEqualTo("[::1]");
        assertThat(WebServer.hostName("evil.example")).isEqualTo("evil.example");
    }

    @Test
    void shouldRoundTripCursorsAndRefuseForeignOnes() {
        var doc = new org.apache.lucene.search.FieldDoc(3, Float.NaN, new Object[] {1234L, new org.apache.lucene.util.BytesRef("alert|a:b")});
        assertThat(Cursor.decode(Cursor.encode(doc))).isEqualTo(new Cursor.Position(1234L, "alert|a:b"));
        assertThatThrownBy(() -> Cursor.decode("bm90LWEtY3Vyc29y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldShowUndecodableDeadLetterBytesAsHex() {
        assertThat(TopicFollower.utf8OrHex(new byte[] {(byte) 0xff, 0x41}, 100)).isEqualTo("hex:ff41");
        assertThat(TopicFollower.utf8OrHex("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8), 3)).isEqualTo("hél…");
    }
}
