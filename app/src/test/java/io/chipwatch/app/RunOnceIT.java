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
