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
}
