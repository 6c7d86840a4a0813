package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.ingest.ArticleExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFilesTest {
    @Test
    void shouldReadTxtWithMetadata() {
        ArchiveFiles.Item i = ArchiveFiles.readTxt("Entity List grows again\nPublished: 2026-03-02T15:00:00Z\nSource: wire-sample\n"
                + "URL: https://wire.example/a?utm_source=x\nLanguage: en\nAuthor: Desk\n\nFirst paragraph here.\n\nSecond one.\n");
        assertThat(i.title()).isEqualTo("Entity List grows again");
        assertThat(i.publishedAt()).isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
        assertThat(i.sourceId()).isEqualTo("wire-sample");
        assertThat(i.author()).isEqualTo("Desk");
        assertThat(i.text()).isEqualTo("First paragraph here.\n\nSecond one.");
        assertThat(i.problem()).isNull();
    }

    @Test
    void shouldReadTxtWithoutMetadata() {
        ArchiveFiles.Item i = ArchiveFiles.readTxt("A title\n\nBody: with a colon that is not metadata.\n");
        assertThat(i.title()).isEqualTo("A title");
        assertThat(i.publishedAt()).isNull();
        assertThat(i.text()).isEqualTo("Body: with a colon that is not metadata.");
    }

    @Test
    void shouldReportUnreadableJsonLine() {
        assertThat(ArchiveFiles.readJson("{\"title\": ", "line 3").problem()).startsWith("line 3: invalid JSON");
        assertThat(ArchiveFiles.readJson("{\"title\":\"t\",\"publishedAt\":\"yesterday\"}", "line 4").problem())
                .contains("line 4").contains("unreadable publishedAt");
    }

    @Test
    void shouldReportABinaryHtmlFileAsNotTextInsteadOfStoppingTheReplay(@TempDir Path dir) throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(11).nextBytes(junk);
        Path f = Files.write(dir.resolve("junk.html"), junk);
        List<ArchiveFiles.Item> items = ArchiveFiles.read(f, 1 << 20, new ArticleExtractor());
        assertThat(items).singleElement().satisfies(i -> assertThat(i.problem()).startsWith("not text: "));
    }
}
