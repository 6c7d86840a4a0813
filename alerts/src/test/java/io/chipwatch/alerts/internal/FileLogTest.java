package io.chipwatch.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file channel remembers only the newest alert ids of its file, read from the end, however long the file is. */
class FileLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldRememberTheNewestIdsOfALongFileAndNoMore() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            sb.append("{\"alertId\":\"a").append(i).append("\",\"reason\":\"").append("x".repeat(200)).append("\"}\n");
        }
        sb.append("{\"alertId\":\"torn"); // killed mid-write
        Files.writeString(file, sb, StandardCharsets.UTF_8);

        Senders.FileLog log = new Senders.FileLog(100);
        log.load(file);
        assertThat(log.ids).hasSize(100).contains("a4999", "a4900").doesNotContain("a4899", "a0");
        assertThat(log.needsNewline).isTrue();
        log.remember("a5000");
        assertThat(log.ids).hasSize(100).contains("a5000").doesNotContain("a4900");
    }

    @Test
    void shouldStartEmptyWithoutAFile() throws Exception {
        Senders.FileLog log = new Senders.FileLog(10);
        log.load(dir.resolve("none.jsonl"));
        assertThat(log.ids).isEmpty();
        assertThat(log.needsNewline).isFalse();
    }
}
