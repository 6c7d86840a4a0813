package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chipwatch extract} on files: what a missing, binary, empty and good file give. */
class ExtractRecordTest {
    @TempDir
    Path dir;
    private final SourceChecker checker = new SourceChecker(new SafeHttpFetcher.Options(false, 1 << 22, Duration.ofSeconds(1),
            Duration.ofSeconds(2), 0, Duration.ZERO, "chipwatch-test/1.0", Set.of()));

    @AfterEach
    void close() {
        checker.close();
    }

    @Test
    void shouldSayNoSuchFileForAMissingFile() {
        // used to read "x.html: x.html": the exception's message was only the path
        String missing = dir.resolve("x.html").toString();
        assertThatThrownBy(() -> checker.extract(missing)).isInstanceOf(IOException.class).hasMessage("no such file: " + missing);
    }

    @Test
    void shouldRefuseABinaryFileAsNotText() throws IOException {
        byte[] junk = new byte[1 << 20];
        new Random(3).nextBytes(junk);
        Path f = Files.write(dir.resolve("junk.html"), junk);
        assertThatThrownBy(() -> checker.extract(f.toString())).isInstanceOf(NotTextException.class).hasMessageStartingWith("not text: ");
    }

    @Test
    void shouldWarnWhenAPageHasNoArticleText() throws IOException {
        Path f = Files.write(dir.resolve("empty.html"), ExtractionQualityTest.resource("no-article.html"));
        ExtractRecord r = checker.extract(f.toString());
        assertThat(r.text()).isEmpty();
        assertThat(r.warning()).isEqualTo(ExtractRecord.NO_TEXT);
        JsonNode json = Json.MAPPER.readTree(Json.toJson(r));
        assertThat(json.get("warning").asText()).isEqualTo("no article text found");
    }

    @Test
    void shouldGiveNoWarningForAnArticle() throws IOException {
        Path f = Files.write(dir.resolve("a.html"), ExtractionQualityTest.resource("wordpress.html"));
        ExtractRecord r = checker.extract(f.toString());
        assertThat(r.text()).contains("Ascend 950");
        assertThat(r.warning()).isNull();
        assertThat(Json.MAPPER.readTree(Json.toJson(r)).has("warning")).as("the field is always present").isTrue();
    }
}
