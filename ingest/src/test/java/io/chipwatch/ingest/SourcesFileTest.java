package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.SourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesFileTest {
    @Test
    void shouldLoadTheShippedStarterList() throws Exception {
        List<SourceDefinition> sources = SourcesFile.load(Path.of("../seeds/sources.yaml"));
        assertThat(sources).hasSizeGreaterThanOrEqualTo(10);
        assertThat(sources).extracting(SourceDefinition::id).contains("federal-register-bis", "seed-articles");
        SourceDefinition fr = sources.get(0);
        assertThat(fr.kind()).isEqualTo(SourceKind.FEED);
        assertThat(fr.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(fr.url()).startsWith("https://www.federalregister.gov/api/v1/documents.rss");
    }

    @Test
    void shouldReadEveryFieldWithShorthandIntervals(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sources.yaml");
        Files.writeString(file, "# my sources\nsources:\n  - id: one\n    kind: feed\n    url: https://a.example/feed\n"
                + "  - id: two\n    kind: page\n    url: https://b.example/news\n    interval: 15m\n    language: zh\n    tags: [China]\n"
                + "    selector: a.story-link\n    enabled: false\n");
        List<SourceDefinition> loaded = SourcesFile.load(file);
        assertThat(loaded).extracting(SourceDefinition::id).containsExactly("one", "two");
        assertThat(loaded.get(1)).isEqualTo(new SourceDefinition("two", SourceKind.PAGE, "https://b.example/news", null, Duration.ofMinutes(15),
                "zh", List.of("china"), false, "a.story-link", false));
        assertThat(loaded.get(0).enabled()).isTrue();
    }

    @Test
    void shouldRefuseDuplicateAndInvalidSourcesNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sources.yaml");
        Files.writeString(file, "sources:\n  - id: one\n    kind: feed\n    url: https://a.example/feed\n  - id: one\n    kind: feed\n    url: https://b.example/\n");
        assertThatThrownBy(() -> SourcesFile.load(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
        Files.writeString(file, "sources:\n  - id: p\n    kind: page\n    url: https://a.example/\n");
        assertThatThrownBy(() -> SourcesFile.load(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selector")
                .hasMessageContaining("at line");
        Files.writeString(file, "sources:\n");
        assertThat(SourcesFile.load(file)).isEmpty();
    }
}
