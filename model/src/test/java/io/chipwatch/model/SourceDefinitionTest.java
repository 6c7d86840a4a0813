package io.chipwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SourceDefinitionTest {
    private static SourceDefinition read(String json) {
        return Topics.SOURCES.valueSerde().deserializer().deserialize("sources", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(SourceDefinition s) {
        return new String(Topics.SOURCES.valueSerde().serializer().serialize("sources", s), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRoundTripEveryFieldThroughTheSourcesTopicSerde() {
        SourceDefinition page = new SourceDefinition("gov.bis", SourceKind.PAGE, "https://www.bis.gov/news", null, Duration.ofHours(2),
                "en", List.of("Policy", "us"), false, "article h2 a", false);
        assertThat(read(write(page))).isEqualTo(page);
        assertThat(write(page)).contains("\"interval\":\"PT2H\"").contains("\"kind\":\"page\"").contains("\"tags\":[\"policy\",\"us\"]")
                .contains("\"enabled\":false");
    }

    @Test
    void shouldReadTheWebApisShapeWithShorthandIntervalAndDefaults() {
        SourceDefinition s = read("{\"id\":\"chipwire\",\"kind\":\"feed\",\"url\":\"https://chipwire.example.com/feed\",\"interval\":\"15m\","
                + "\"tags\":[\"trade\"],\"fetchFullText\":true,\"addedBy\":\"web\"}");
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.enabled()).isTrue();
        assertThat(s.fetchFullText()).isTrue();
        assertThat(s.polled()).isTrue();
        assertThat(read("{\"id\":\"x\",\"kind\":\"feed\",\"url\":\"http://x.example/f\"}").interval()).isEqualTo(SourceDefinition.DEFAULT_INTERVAL);
    }

    @Test
    void shouldRejectInvalidSourcesWithTheFieldAndSourceNamed() {
        assertThatThrownBy(() -> read("{\"id\":\"Bad Id\",\"kind\":\"feed\",\"url\":\"https://x.example/\"}"))
                .isInstanceOf(SerializationException.class).rootCause().hasMessageContaining("id must match");
        assertThatThrownBy(() -> SourceDefinition.of("a", "feed", "file:///etc/passwd", null, null, null, null, null, null, null))
                .hasMessageContaining("url of source 'a' must be an absolute http or https URL");
        assertThatThrownBy(() -> SourceDefinition.of("a", "page", "https://x.example/", null, null, null, null, null, "a[href", null))
                .hasMessageContaining("selector of source 'a' is not valid CSS");
        assertThatThrownBy(() -> SourceDefinition.of("a", "page", "https://x.example/", null, null, null, null, null, null, null))
                .hasMessageContaining("needs a CSS selector");
        assertThatThrownBy(() -> SourceDefinition.of("a", "feed", "https://x.example/", null, "often", null, null, null, null, null))
                .hasMessageContaining("interval of source 'a'");
        assertThatThrownBy(() -> SourceDefinition.of("a", "archive", null, null, null, null, null, null, null, null))
                .hasMessageContaining("archive source 'a' needs a path");
        assertThatThrownBy(() -> SourceDefinition.of("a", "podcast", "https://x.example/", null, null, null, null, null, null, null))
                .hasMessageContaining("kind must be one of feed, page, archive");
        assertThatThrownBy(() -> SourceDefinition.of("a", "feed", "https://x.example/", null, "PT0S", null, null, null, null, null))
                .hasMessageContaining("must be positive");
    }

    @Test
    void shouldParseShorthandAndIsoIntervals() {
        assertThat(SourceDefinition.parseInterval("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SourceDefinition.parseInterval("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SourceDefinition.parseInterval("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(SourceDefinition.parseInterval("pt45m")).isEqualTo(Duration.ofMinutes(45));
        assertThat(SourceDefinition.parseInterval(" ")).isNull();
    }

    @Test
    void shouldSwitchEnabledWithoutTouchingTheRest() {
        SourceDefinition s = SourceDefinition.feed("a", "https://x.example/f");
        assertThat(s.withEnabled(false)).isEqualTo(new SourceDefinition("a", SourceKind.FEED, "https://x.example/f", null,
                SourceDefinition.DEFAULT_INTERVAL, null, List.of(), false, null, false));
        assertThat(s.withEnabled(false).polled()).isFalse();
    }
}
