package io.chipwatch.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.Channel;
import io.chipwatch.model.Watch;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchFilesTest {

    @Test
    void readsASingleWatchInJson() {
        List<Watch> w = WatchFiles.parse("{\"id\":\"h200\",\"query\":\"\\\"H200\\\" AND licen*\","
                + "\"channels\":[{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:1/x\"}]}", "h200.json");
        assertThat(w).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("h200");
            assertThat(x.channels()).singleElement().isInstanceOf(Channel.Webhook.class);
        });
    }

    @Test
    void readsAYamlListAndAWatchesWrapper() {
        assertThat(WatchFiles.parse("- id: a\n- id: b\n", "list.yaml")).extracting(Watch::id).containsExactly("a", "b");
        assertThat(WatchFiles.parse("watches:\n  - id: c\n    digest: hourly\n", "w.yaml")).extracting(Watch::digest).containsExactly("hourly");
    }

    /** Regression: a generated watch file that shares one channel list through a YAML alias lost it in the second watch. */
    @Test
    void readsYamlAliasesAsTheirAnchorsValues() {
        List<Watch> w = WatchFiles.parse("- id: a\n  channels: &ch\n    - type: webhook\n      url: http://127.0.0.1:1/x\n"
                + "- id: b\n  channels: *ch\n", "aliases.yaml");
        assertThat(w).extracting(Watch::id).containsExactly("a", "b");
        assertThat(w.get(1).channels()).singleElement().isInstanceOf(Channel.Webhook.class);
        assertThatThrownBy(() -> WatchFiles.parse("- id: a\n  channels: *nowhere\n- id: b\n  x: &y 1\n", "bad.yaml"))
                .isInstanceOf(WatchValidationException.class).hasMessageContaining("*nowhere");
    }

    @Test
    void badQueryIsAClearErrorNamingTheWatch() {
        assertThatThrownBy(() -> WatchFiles.parse("id: smuggling\nquery: 'smuggl* AND ('\n", "s.yaml"))
                .isInstanceOf(WatchValidationException.class)
                .hasMessageStartingWith("watch 'smuggling': invalid Lucene query")
                .extracting(e -> ((WatchValidationException) e).watchId()).isEqualTo("smuggling");
    }

    @Test
    void invalidFieldsAndDuplicateIdsAreRejected() {
        assertThatThrownBy(() -> WatchFiles.parse("id: x\ndigest: weekly\n", "x.yaml"))
                .isInstanceOf(WatchValidationException.class).hasMessageContaining("watch 'x'").hasMessageContaining("digest");
        assertThatThrownBy(() -> WatchFiles.parse("- id: x\n- id: x\n", "x.yaml"))
                .isInstanceOf(WatchValidationException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> WatchFiles.parse("id: dlq\n", "x.yaml"))
                .isInstanceOf(WatchValidationException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> WatchFiles.parse("id: [unclosed\n", "x.yaml"))
                .isInstanceOf(WatchValidationException.class).hasMessageContaining("x.yaml");
    }

    @Test
    void shouldReadBackWhatWatchesShowPrints() throws Exception {
        Watch w = WatchFiles.parse("id: h200\nseverity: CRITICAL\nentities: {any: [nvidia-h200]}\nevents: {types: [LICENSE_CHANGE]}\n"
                + "throttle: {max: 3, window: PT2H}\nchannels:\n  - type: console\n  - type: webhook\n    url: http://127.0.0.1:1/x\n"
                + "  - type: email\n    to: a@example.org\n", "h200.yaml").get(0);
        String shown = io.chipwatch.model.json.Json.YAML.writeValueAsString(w);
        assertThat(shown).doesNotContain("!<").contains("type: \"console\"");
        assertThat(WatchFiles.parse(shown, "shown.yaml")).containsExactly(w);
    }

    @Test
    void shouldRejectAMisspelledFieldNamingItAndTheNearestOne() {
        assertThatThrownBy(() -> WatchFiles.parse("id: x\nseverty: HIGH\n", "x.yaml"))
                .isInstanceOf(WatchValidationException.class)
                .hasMessageContaining("watch 'x'").hasMessageContaining("unknown field 'severty' (did you mean 'severity'?)");
        assertThatThrownBy(() -> WatchFiles.parse("id: x\nevents: {types: [ENTITY_LIST], minConfidense: 0.8}\n", "x.yaml"))
                .hasMessageContaining("unknown field 'events.minConfidense' (did you mean 'minConfidence'?)");
        assertThatThrownBy(() -> WatchFiles.parse("id: x\nchannels: [{type: webhook, url: 'http://127.0.0.1:1/', secretEvn: K}]\n", "x.yaml"))
                .hasMessageContaining("unknown field 'channels[0].secretEvn' (did you mean 'secretEnv'?)");
    }

    @Test
    void shouldStayTolerantOnTheWatchesTopicForNewerFields() {
        Watch w = new io.chipwatch.model.json.JsonSerde<>(Watch.class).deserialize("watches",
                "{\"id\":\"x\",\"fieldOfTheFuture\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(w.id()).isEqualTo("x");
    }

    @Test
    void shouldRejectAnEntityIdThatIsNotInTheGazetteerWithASuggestion() {
        Watch w = WatchFiles.parse("id: x\nentities: {any: [huawei-ascnd]}\n", "x.yaml").get(0);
        assertThatThrownBy(() -> WatchFiles.checkEntities(w, java.util.Set.of("huawei-ascend", "nvidia-h200"), "x.yaml"))
                .isInstanceOf(WatchValidationException.class)
                .hasMessageContaining("watch 'x'").hasMessageContaining("unknown entity id 'huawei-ascnd' (did you mean 'huawei-ascend'?)");
        Watch spike = WatchFiles.parse("id: s\nspike: {entity: nvidia-h20}\n", "s.yaml").get(0);
        assertThatThrownBy(() -> WatchFiles.checkEntities(spike, java.util.Set.of("huawei-ascend", "nvidia-h200"), "s.yaml"))
                .hasMessageContaining("unknown entity id 'nvidia-h20' (did you mean 'nvidia-h200'?)");
    }
}
