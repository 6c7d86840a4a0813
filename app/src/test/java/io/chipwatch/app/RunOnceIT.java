package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.Alert;
import io.chipwatch.model.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch mode end to end on a real embedded broker: {@code chipwatch run --once --source
 * seeds/articles} prints the alerts seeds/expected.yaml asks for, once per story, and nothing for
 * the negative samples; history kept with --data-dir makes a second run quiet, and back-testing
 * and reprocessing that history find the same alerts.
 */
@Tag("integration")
@Timeout(600)
class RunOnceIT {
    @TempDir
    static Path dataDir;

    private static final List<Alert> firstRun = new ArrayList<>();
    private static List<SamplesExpectations.Entry> expected;

    @BeforeAll
    static void runOnceOverTheSamples() throws Exception {
        expected = SamplesExpectations.load();
        CliRunner.Result r = CliRunner.run("run", "--once", "--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString(),
                "--source", SamplesExpectations.SEEDS.resolve("articles").toString());
        assertThat(r.code()).isZero();
        for (String line : r.lines()) {
            firstRun.add(Json.MAPPER.readValue(line, Alert.class)); // stdout is nothing but alert JSON lines
        }
    }

    private static boolean about(Alert a, SamplesExpectations.Entry e) {
        return (a.article().url() != null && e.urls().contains(a.article().url()))
                || e.titles().contains(SamplesExpectations.normalise(a.article().title()));
    }

    private List<SamplesExpectations.Entry> storyOf(SamplesExpectations.Entry e) {
        List<SamplesExpectations.Entry> story = new ArrayList<>(List.of(e));
        for (SamplesExpectations.Entry other : expected) {
            if (e.file().equals(other.duplicateOf()) || other.file().equals(e.duplicateOf())) {
                story.add(other);
            }
        }
        return story;
    }

    @Test
    void shouldFireEveryExpectedWatchOncePerStory() {
        List<String> missing = new ArrayList<>();
        for (SamplesExpectations.Entry e : expected) {
            List<SamplesExpectations.Entry> story = storyOf(e);
            for (String watch : e.watches()) {
                long fired = firstRun.stream().filter(a -> a.watchId().equals(watch) && story.stream().anyMatch(s -> about(a, s))).count();
                if (fired != 1) {
                    missing.add(e.file() + " -> " + watch + " fired " + fired + " times");
                }
            }
        }
        assertThat(missing).as("expected alerts (seeds/expected.yaml)").isEmpty();
    }

    @Test
    void shouldStayQuietOnNegativeSamplesAndForbiddenWatches() {
        List<String> wrong = new ArrayList<>();
        for (SamplesExpectations.Entry e : expected) {
            for (Alert a : firstRun) {
                if (about(a, e) && (e.negative() || e.forbiddenWatches().contains(a.watchId()))) {
                    wrong.add(e.file() + " -> " + a.watchId() + ": " + a.reason());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldNeverAlertTwiceForOneWatchAndStory() {
        Map<String, Long> perAlertId = firstRun.stream().collect(Collectors.groupingBy(Alert::alertId, Collectors.counting()));
        assertThat(perAlertId.values()).allMatch(n -> n == 1);
        Map<String, Long> perWatchStory = firstRun.stream().collect(Collectors.groupingBy(a -> a.watchId() + "|" + a.storyId(), Collectors.counting()));
        assertThat(perWatchStory.values()).allMatch(n -> n == 1);
    }

    @Test
    void shouldKeepHistorySoASecondRunOnTheSameDataDirIsQuietAndBacktestAndReprocessAgree() {
        CliRunner.Result again = CliRunner.run("run", "--once", "--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString(),
                "--source", SamplesExpectations.SEEDS.resolve("articles").toString());
        assertThat(again.code()).isZero();
        assertThat(again.lines()).as("stories alerted before stay quiet").isEmpty();

        CliRunner.Result backtest = CliRunner.run("backtest", "--json", "--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString(),
                "--watch", SamplesExpectations.SEEDS.resolve("watches.yaml").toString());
        assertThat(backtest.code()).isZero();
        assertThat(countByWatch(backtest.lines())).isEqualTo(countByWatch(firstRun));

        CliRunner.Result reprocess = CliRunner.run("reprocess", "--json", "--since", "2020-01-01", "--data-dir", dataDir.toString(),
                "--seeds", SamplesExpectations.SEEDS.toString());
        assertThat(reprocess.code()).isZero();
        assertThat(countByWatch(reprocess.lines())).isEqualTo(countByWatch(firstRun));
    }

    /** Issue 14: every form of --since gives the alerts of the articles published since then, not those behind an offset. */
    @Test
    void shouldBacktestAndReprocessOnlyArticlesPublishedSinceTheGivenTime() {
        List<java.time.Instant> published = firstRun.stream().map(RunOnceIT::articleTime).sorted().toList();
        java.time.Instant median = published.get(published.size() / 2);
        java.time.Instant since = median.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        List<Alert> expectedSince = firstRun.stream().filter(a -> !articleTime(a).isBefore(since)).toList();
        assertThat(expectedSince).as("a cut inside the samples").isNotEmpty().hasSizeLessThan(firstRun.size());
        for (String form : List.of(since.toString().substring(0, 10), since.toString(), since.toString().replace(":00Z", "Z"))) {
            CliRunner.Result backtest = CliRunner.run("backtest", "--json", "--since", form, "--data-dir", dataDir.toString(),
                    "--seeds", SamplesExpectations.SEEDS.toString(), "--watch", SamplesExpectations.SEEDS.resolve("watches.yaml").toString());
            assertThat(backtest.code()).as(backtest.err()).isZero();
            assertThat(countByWatch(backtest.lines())).as("backtest --since " + form).isEqualTo(countByWatch(expectedSince));
        }
        java.time.Instant until = since;
        CliRunner.Result before = CliRunner.run("backtest", "--json", "--until", until.toString(), "--data-dir", dataDir.toString(),
                "--seeds", SamplesExpectations.SEEDS.toString(), "--watch", SamplesExpectations.SEEDS.resolve("watches.yaml").toString());
        assertThat(before.lines()).hasSize(firstRun.size() - expectedSince.size());
        // an age: everything in the samples is less than 100 years old
        CliRunner.Result aged = CliRunner.run("backtest", "--json", "--since", "P36500D", "--data-dir", dataDir.toString(),
                "--seeds", SamplesExpectations.SEEDS.toString(), "--watch", SamplesExpectations.SEEDS.resolve("watches.yaml").toString());
        assertThat(countByWatch(aged.lines())).isEqualTo(countByWatch(firstRun));

        CliRunner.Result reprocess = CliRunner.run("reprocess", "--json", "--since", since.toString(), "--data-dir", dataDir.toString(),
                "--seeds", SamplesExpectations.SEEDS.toString());
        assertThat(reprocess.code()).as(reprocess.err()).isZero();
        // A story whose first article is older than the cut alerts on its next copy: at least the same alerts, all recent.
        List<Alert> reprocessed = reprocess.lines().stream().map(RunOnceIT::alert).toList();
        assertThat(reprocessed).as("reprocess --since " + since).hasSizeGreaterThanOrEqualTo(expectedSince.size())
                .hasSizeLessThan(firstRun.size()).allMatch(a -> !articleTime(a).isBefore(since));
    }

    /** Published time, else (no date: fetched now) the far future for the cut. */
    private static java.time.Instant articleTime(Alert a) {
        return a.article().publishedAt() != null ? a.article().publishedAt() : java.time.Instant.now();
    }

    private static Alert alert(String line) {
        try {
            return Json.MAPPER.readValue(line, Alert.class);
        } catch (java.io.IOException e) {
            throw new AssertionError("not an alert JSON line: " + line, e);
        }
    }

    /** Issue 14: reprocess recreated the per-watch replay topics of removed watches. */
    @Test
    void shouldNotRecreateTopicsOfRemovedWatchesOnReprocess(@TempDir Path tmp) throws Exception {
        Path watch = tmp.resolve("gone.yaml");
        java.nio.file.Files.writeString(watch, "id: gone-soon\nquery: Ascend\n");
        String[] on = {"--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString()};
        assertThat(CliRunner.run(concat(new String[] {"watches", "add", watch.toString()}, on)).code()).isZero();
        assertThat(CliRunner.run(concat(new String[] {"watches", "remove", "gone-soon"}, on)).code()).isZero();
        assertThat(CliRunner.run(concat(new String[] {"reprocess", "--since", "2020-01-01"}, on)).code()).isZero();
        CliRunner.Result topics = CliRunner.run(concat(new String[] {"topics"}, on));
        assertThat(topics.out()).contains("replay.alerts.ascend-demand").doesNotContain("replay.alerts.gone-soon");
    }

    /** Issue 14: watches show printed !<console> tags that watches add could not read. */
    @Test
    void shouldRoundTripAWatchThroughShowAndAdd(@TempDir Path tmp) throws Exception {
        String[] on = {"--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString()};
        Path withChannel = tmp.resolve("w.yaml");
        java.nio.file.Files.writeString(withChannel, "id: round-trip\nseverity: HIGH\nentities: {any: [huawei-ascend]}\n"
                + "channels: [{type: console}, {type: file, path: " + tmp.resolve("x.jsonl") + "}]\n");
        assertThat(CliRunner.run(concat(new String[] {"watches", "add", withChannel.toString()}, on)).code()).isZero();
        CliRunner.Result shown = CliRunner.run(concat(new String[] {"watches", "show", "round-trip"}, on));
        assertThat(shown.out()).doesNotContain("!<");
        Path f = tmp.resolve("f.yaml");
        java.nio.file.Files.writeString(f, shown.out());
        CliRunner.Result again = CliRunner.run(concat(new String[] {"watches", "add", f.toString()}, on));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(CliRunner.run(concat(new String[] {"watches", "show", "round-trip"}, on)).out()).isEqualTo(shown.out());
        assertThat(CliRunner.run(concat(new String[] {"watches", "remove", "round-trip"}, on)).code()).isZero();

        Path typo = tmp.resolve("typo.yaml");
        java.nio.file.Files.writeString(typo, "id: typo\nseverty: HIGH\n");
        CliRunner.Result misspelled = CliRunner.run(concat(new String[] {"watches", "add", typo.toString()}, on));
        assertThat(misspelled.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(misspelled.err()).contains("unknown field 'severty' (did you mean 'severity'?)");
        Path entity = tmp.resolve("entity.yaml");
        java.nio.file.Files.writeString(entity, "id: entity\nentities: {any: [huawei-ascnd]}\n");
        CliRunner.Result unknownEntity = CliRunner.run(concat(new String[] {"watches", "add", entity.toString()}, on));
        assertThat(unknownEntity.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(unknownEntity.err()).contains("unknown entity id 'huawei-ascnd' (did you mean 'huawei-ascend'?)");
    }

    /** Issue 14: tail --watch nope printed a Kafka internals message; topics counted transaction markers. */
    @Test
    void shouldNameKnownWatchesForAnUnknownOneAndCountRecordsNotMarkers() {
        String[] on = {"--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString()};
        CliRunner.Result tail = CliRunner.run(concat(new String[] {"tail", "--watch", "nope", "--no-follow"}, on));
        assertThat(tail.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(tail.err()).contains("no such watch: nope").contains("(known: ascend-demand, ");
        CliRunner.Result topics = CliRunner.run(concat(new String[] {"topics"}, on));
        String alertsRow = topics.lines().stream().filter(l -> l.startsWith("alerts ")).findFirst().orElseThrow();
        String[] cells = alertsRow.trim().split("\\s+");
        long offsets = Long.parseLong(cells[2]);
        long records = Long.parseLong(cells[3]);
        assertThat(records).as("records on alerts (read_committed)").isEqualTo(firstRun.size());
        assertThat(offsets).as("offsets also hold the commit markers").isGreaterThan(records);
    }

    /** Issue 14: run --once exited 0 when every input failed. */
    @Test
    void shouldExitWithFailureWhenEveryInputFailed(@TempDir Path tmp) throws Exception {
        Path broken = tmp.resolve("broken.jsonl");
        java.nio.file.Files.writeString(broken, "{not json\n[1,2\n");
        Path empty = java.nio.file.Files.createDirectory(tmp.resolve("empty"));
        CliRunner.Result r = CliRunner.run("run", "--once", "--data-dir", dataDir.toString(), "--seeds", SamplesExpectations.SEEDS.toString(),
                "--source", broken.toString(), "--source", empty.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err()).contains("every input failed (2 of 2)").contains("broken.jsonl").contains("empty");
        assertThat(r.lines()).isEmpty();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Map<String, Long> countByWatch(List<?> alertsOrLines) {
        Map<String, Long> counts = new HashMap<>();
        for (Object o : alertsOrLines) {
            Alert a;
            try {
                a = o instanceof Alert alert ? alert : Json.MAPPER.readValue((String) o, Alert.class);
            } catch (java.io.IOException e) {
                throw new AssertionError("not an alert JSON line: " + o, e);
            }
            counts.merge(a.watchId(), 1L, Long::sum);
        }
        return counts;
    }
}
