package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.ingest.SourceHealth;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What 'sources list' says about a source, and health records written before 'recovered' existed. */
class SourcesListTest {
    private static final SourceDefinition FEED = SourceDefinition.feed("wire", "https://wire.example/feed.xml");

    private static SourceHealth health(String error, boolean recovered, List<String> warnings) {
        return new SourceHealth("wire", SourceHealth.Status.HEALTHY, Instant.EPOCH, Instant.EPOCH, error, 0, 4, 3, null, recovered, warnings, 0, null, null);
    }

    @Test
    void shouldShowWhyAFeedWasRecovered() {
        String detail = SourcesCommand.detail(FEED, health(null, true, List.of("3 bare & escaped", "DOCTYPE dropped unread")));
        assertThat(detail).isEqualTo("recovered: 3 bare & escaped (+1 more)");
    }

    @Test
    void shouldShowAWarningOfACleanFeedAndTheErrorBeforeAnything() {
        assertThat(SourcesCommand.detail(FEED, health(null, false, List.of("item 2: unreadable or impossible date '32 Jan' ignored"))))
                .startsWith("warning: item 2");
        assertThat(SourcesCommand.detail(FEED, health("HTTP 500", true, List.of("x")))).isEqualTo("HTTP 500");
        assertThat(SourcesCommand.detail(FEED, health(null, false, List.of()))).isEqualTo("https://wire.example/feed.xml");
        assertThat(SourcesCommand.detail(FEED, null)).isEqualTo("https://wire.example/feed.xml");
    }

    @Test
    void shouldReadHealthRecordsWrittenBeforeRecoveryWasReported() throws Exception {
        String old = "{\"sourceId\":\"wire\",\"status\":\"HEALTHY\",\"lastFetch\":\"2026-04-20T10:00:00Z\",\"lastSuccess\":\"2026-04-20T10:00:00Z\","
                + "\"lastError\":null,\"consecutiveFailures\":0,\"itemsSeen\":4,\"itemsPublished\":3,\"nextFetch\":null}";
        SourceHealth h = Json.MAPPER.readValue(old, SourceHealth.class);
        assertThat(h.recovered()).isFalse();
        assertThat(h.warnings()).isEmpty();
        assertThat(Json.MAPPER.readValue(Json.toJson(health(null, true, List.of("a"))), SourceHealth.class).warnings()).containsExactly("a");
    }
}
