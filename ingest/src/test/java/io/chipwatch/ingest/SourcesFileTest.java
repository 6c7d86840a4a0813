package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesFileTest {
    @Test
    void shouldLoadTheShippedStarterList() throws Exception {
        List<Source> sources = SourcesFile.load(Path.of("../seeds/sources.yaml"));
        assertThat(sources).hasSizeGreaterThanOrEqualTo(10);
        assertThat(sources).extracting(Source::id).contains("federal-register-bis", "seed-articles");
        Source fr = sources.get(0);
        assertThat(fr.kind()).isEqualTo(SourceKind.FEED);
        assertThat(fr.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(fr.url()).startsWith("https://www.federalregister.gov/api/v1/documents.rss");
    }

    @Test
    void shouldAppendSourceKeepingComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sources.yaml");
        Files.writeString(file, "# my sources\nsources:\n  - id: one\n    kind: feed\n    url: https://a.example/feed\n");
        SourcesFile.append(file, new Source("two", SourceKind.PAGE, "https://b.example/news", null, Duration.ofMinutes(15), "zh",
                List.of("China"), false, "a.story-link", true));
        assertThat(Files.readString(file)).startsWith("# my sources\n");
        List<Source> loaded = SourcesFile.load(file);
        assertThat(loaded).extracting(Source::id).containsExactly("one", "two");
        assertThat(loaded.get(1).interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(loaded.get(1).tags()).containsExactly("china");
        assertThat(loaded.get(1).selector()).isEqualTo("a.story-link");
    }

    @Test
    void shouldRefuseDuplicateAndInvalidSources(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sources.yaml");
        SourcesFile.append(file, Source.feed("one", "https://a.example/feed"));
        assertThatThrownBy(() -> SourcesFile.append(file, Source.feed("one", "https://b.example/feed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> Source.feed("Bad Id", "https://a.example/")).hasMessageContaining("id must match");
        assertThatThrownBy(() -> Source.feed("x", "file:///etc/passwd")).hasMessageContaining("http or https");
        Files.writeString(file, "sources:\n  - id: p\n    kind: page\n    url: https://a.example/\n");
        assertThatThrownBy(() -> SourcesFile.load(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selector");
    }
}
