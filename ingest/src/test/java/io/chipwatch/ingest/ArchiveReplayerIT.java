package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.RawArticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Archive replay of a fixture folder into the real test broker. */
@Tag("integration")
@Timeout(120)
class ArchiveReplayerIT {
    @TempDir
    Path dir;
    private KafkaSupport kafka;
    private Path archive;

    @BeforeEach
    void setUp(TestInfo info) throws IOException, URISyntaxException {
        kafka = new KafkaSupport(info.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT));
        archive = dir.resolve("archive");
        Path fixtures = Path.of(ArchiveReplayerIT.class.getResource("/archive").toURI());
        try (Stream<Path> walk = Files.walk(fixtures)) {
            for (Path p : walk.toList()) {
                Path target = archive.resolve(fixtures.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.createDirectories(archive.resolve("gz"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive.resolve("gz/extra.txt.gz")))) {
            out.write(("MetaX raises new funding\nPublished: 2026-04-20T06:00:00Z\n\nThe GPU designer closed a funding round led by "
                    + "state-backed investors.\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(archive.resolve("notes.md"), "not an archive file, ignored in folders");
    }

    private ReplaySummary replay(Instant since, Instant until, List<ProgressListener.Progress> progress) {
        try (ArchiveReplayer r = new ArchiveReplayer(kafka.config(null, Map.of()), new SimpleMeterRegistry())) {
            return r.replay(List.of(archive), since, until, progress::add);
        }
    }

    @Test
    void shouldPublishEachArticleOnceAndNothingOnSecondRun() {
        List<ProgressListener.Progress> progress = new ArrayList<>();
        ReplaySummary first = replay(null, null, progress);
        assertThat(first.filesRead()).isEqualTo(7);
        assertThat(first.published()).isEqualTo(9);
        assertThat(first.failed()).singleElement().satisfies(f -> {
            assertThat(f.file()).endsWith("batch.jsonl");
            assertThat(f.reason()).contains("line 3").contains("invalid JSON");
        });
        assertThat(progress).hasSize(7);
        assertThat(progress.get(6).filesDone()).isEqualTo(7);
        assertThat(progress.get(6).filesTotal()).isEqualTo(7);
        assertThat(progress.get(6).published()).isEqualTo(9);

        List<ConsumerRecord<String, RawArticle>> records = kafka.readAll();
        assertThat(records).hasSize(9).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        Map<String, RawArticle> byTitle = records.stream().collect(Collectors.toMap(r -> r.value().title(), ConsumerRecord::value));
        RawArticle entity = byTitle.get("Eleven companies added to the Entity List");
        assertThat(entity.sourceId()).isEqualTo("wire-sample");
        assertThat(entity.url()).isEqualTo("https://wire.example/2026/03/entity-list");
        assertThat(entity.id()).isEqualTo(ArticleIds.forUrl("https://wire.example/2026/03/entity-list"));
        assertThat(entity.author()).isEqualTo("Policy Desk");
        assertThat(entity.text()).startsWith("The Commerce Department added eleven companies");
        assertThat(byTitle.get("Memory makers ration HBM supply").sourceId()).isEqualTo("archive");
        assertThat(byTitle.get("HBM shortage stretches delivery times for AI servers").text()).contains("CXMT").doesNotContain("Related stories");
        assertThat(byTitle.get("SMIC moves toward a finer node").sourceId()).isEqualTo("json-sample");
        assertThat(byTitle.get("MetaX raises new funding").publishedAt()).isEqualTo(Instant.parse("2026-04-20T06:00:00Z"));
        ConsumerRecord<String, RawArticle> enflame = records.stream().filter(r -> r.value().title().equals("Enflame prepares listing")).findFirst().orElseThrow();
        assertThat(enflame.timestamp()).isEqualTo(Instant.parse("2026-04-16T08:00:00Z").toEpochMilli());

        ReplaySummary second = replay(null, null, new ArrayList<>());
        assertThat(second.published()).isZero();
        assertThat(second.skippedSeen()).isEqualTo(9);
        assertThat(kafka.readAll()).hasSize(9);
    }

    @Test
    void shouldFilterByPublishedDate() {
        ReplaySummary s = replay(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-30T00:00:00Z"), new ArrayList<>());
        assertThat(s.published()).isEqualTo(4);
        assertThat(s.skippedByDate()).isEqualTo(5);
        assertThat(kafka.readAll()).extracting(r -> r.value().title()).containsExactlyInAnyOrder("Enflame prepares listing",
                "Zhaoxin ships processors with a bundled distilled model", "SMIC moves toward a finer node", "MetaX raises new funding");
    }

    @Test
    void shouldReportMissingPathsAndUnsupportedFilesWithoutStopping() throws IOException {
        Path odd = dir.resolve("odd.pdf");
        Files.writeString(odd, "%PDF-1.7");
        try (ArchiveReplayer r = new ArchiveReplayer(kafka.config(null, Map.of()))) {
            ReplaySummary s = r.replay(List.of(dir.resolve("missing"), odd, archive.resolve("single.json")), null, null, ProgressListener.NONE);
            assertThat(s.published()).isEqualTo(1);
            assertThat(s.failed()).extracting(ReplaySummary.Failure::reason)
                    .containsExactlyInAnyOrder("no such file or folder", "unsupported file type (expected .txt, .html, .xml, .json, .jsonl, optionally .gz)");
        }
    }
}
