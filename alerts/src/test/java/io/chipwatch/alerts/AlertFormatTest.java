package io.chipwatch.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.alerts.internal.StoryGrouper;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 14: alert lines lead with the published time, show evidence and URL, and group the watches of one story. */
class AlertFormatTest {
    static Alert alert(String watch, Severity severity, String story, Instant published, Instant fired) {
        return new Alert(watch + "|" + story, watch, watch, severity, Alert.MATCH, fired, new Alert.ArticleRef(story,
                "https://example.org/" + story, "US adds 80 entities to the Entity List", "reuters", published), null, null,
                "The Commerce Department added 80 entities, including Inspur units, to the Entity List.", "ENTITY_LIST (0.92)", story, null);
    }

    @Test
    void shouldLeadWithThePublishedTimeAndCarryEvidenceUrlAndFiredTime() {
        Alert a = alert("entity-list", Severity.HIGH, "s1", Instant.parse("2025-03-26T09:12:30Z"), Instant.parse("2026-12-01T20:51:10Z"));
        assertThat(AlertFormat.line(a)).isEqualTo("2025-03-26 09:12Z  [HIGH] entity-list  US adds 80 entities to the Entity List"
                + " \u2014 evidence: \"The Commerce Department added 80 entities, including Inspur units, to the Entity List.\""
                + " \u2014 https://example.org/s1 (fired 2026-12-01 20:51Z)");
    }

    @Test
    void shouldShowTheSalienceOfTheMatchedEventAndWhy() {
        Alert a = alert("entity-list", Severity.HIGH, "s1", Instant.parse("2025-03-26T09:12:30Z"), Instant.parse("2026-12-01T20:51:10Z"));
        io.chipwatch.model.DetectedEvent event = new io.chipwatch.model.DetectedEvent(io.chipwatch.model.EventType.ENTITY_LIST, null, 0.92,
                a.evidence(), List.of(), "added", io.chipwatch.model.Salience.MAIN, "headline+lead");
        Alert withEvent = new Alert(a.alertId(), a.watchId(), a.watchName(), a.severity(), a.kind(), a.triggeredAt(), a.article(), a.entities(),
                List.of(event), a.evidence(), a.reason(), a.storyId(), a.digestOf());
        assertThat(AlertFormat.line(withEvent)).contains("Entity List.\" [main: headline+lead] \u2014 https://example.org/s1");
        Alert old = new Alert(a.alertId(), a.watchId(), a.watchName(), a.severity(), a.kind(), a.triggeredAt(), a.article(), a.entities(),
                List.of(new io.chipwatch.model.DetectedEvent(io.chipwatch.model.EventType.ENTITY_LIST, null, 0.92, a.evidence(), List.of(), "added")),
                a.evidence(), a.reason(), a.storyId(), a.digestOf());
        assertThat(AlertFormat.line(old)).contains(" [main] \u2014 https://");
    }

    @Test
    void shouldPutEveryWatchOfOneStoryOnOneLineWithTheHighestSeverity() {
        Instant published = Instant.parse("2025-03-26T09:12:00Z");
        String line = AlertFormat.line(List.of(alert("entity-list", Severity.MEDIUM, "s1", published, Instant.parse("2026-12-01T20:51:00Z")),
                alert("export-rules", Severity.HIGH, "s1", published, Instant.parse("2026-12-01T20:50:00Z"))));
        assertThat(line).startsWith("2025-03-26 09:12Z  [HIGH] entity-list, export-rules  US adds 80 entities").endsWith("(fired 2026-12-01 20:50Z)");
    }

    @Test
    void shouldGroupAlertsOfAStoryThatArriveWithinTheWindow() {
        AtomicLong now = new AtomicLong();
        List<List<Alert>> printed = new ArrayList<>();
        StoryGrouper grouper = new StoryGrouper(Duration.ofSeconds(1), now::get, printed::add);
        Instant t = Instant.parse("2025-03-26T09:12:00Z");
        grouper.add(alert("entity-list", Severity.HIGH, "s1", t, t));
        grouper.add(alert("other", Severity.LOW, "s2", t, t));
        now.addAndGet(Duration.ofMillis(300).toNanos());
        grouper.add(alert("export-rules", Severity.HIGH, "s1", t, t));
        grouper.flushDue();
        assertThat(printed).isEmpty();
        now.addAndGet(Duration.ofMillis(800).toNanos());
        grouper.flushDue();
        assertThat(printed).extracting(g -> g.stream().map(Alert::watchId).toList())
                .containsExactly(List.of("entity-list", "export-rules"), List.of("other"));
    }
}
