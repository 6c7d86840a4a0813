package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The team's held-out set ({@code seeds/eval/holdout}): written by people who saw neither the rules nor the
 * other sets. It was measured blind twice (2026-12-02: watch precision 0.875, recall 0.770, event recall 0.802,
 * entity recall 0.959, 4 negatives with a main event; see the README, section Evaluation) and has been tuning data
 * since; the bars sit just under the figures after that tuning (watch precision 0.988, recall 0.920, event recall
 * 0.981, entity recall 0.959, no negative with a main event), a guard against regressions. The blind figures now
 * come from a new held-out set. {@code CHIPWATCH_SKIP_HELD_OUT=1} or {@code -Dchipwatch.skipHeldOut=true}
 * skips it, for whoever tunes rules and must not see the held-out figures.
 */
@DisabledIfEnvironmentVariable(named = "CHIPWATCH_SKIP_HELD_OUT", matches = "1|true")
@DisabledIfSystemProperty(named = "chipwatch.skipHeldOut", matches = "true")
class HeldOutEvalTest {
    static final double WATCH_PRECISION_BAR = 0.96;
    static final double WATCH_RECALL_BAR = 0.90;
    static final double EVENT_RECALL_BAR = 0.96;
    static final double ENTITY_RECALL_BAR = 0.95;
    static final int NEGATIVES_WITH_EVENTS_MAX = 1;

    @Test
    void shouldMeetTheBarsOnTheHeldOutSet() throws Exception {
        assertBars("holdout", WATCH_PRECISION_BAR, WATCH_RECALL_BAR, EVENT_RECALL_BAR, ENTITY_RECALL_BAR, NEGATIVES_WITH_EVENTS_MAX);
    }

    /** Runs {@code chipwatch eval} on {@code seeds/eval/<set>} (skipped when it is absent) and checks the figures against the bars. */
    static void assertBars(String set, double watchPrecision, double watchRecall, double eventRecall, double entityRecall,
                           int negativesWithEventsMax) throws Exception {
        Path dir = EvalCommandTest.SEEDS.resolve("eval").resolve(set);
        assumeTrue(Files.isRegularFile(dir.resolve("labels.yaml")), "no labelled set at " + dir);
        CliRunner.Result r = CliRunner.run("eval", dir.toString(), "--seeds", EvalCommandTest.SEEDS.toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode j = Json.MAPPER.readTree(r.lines().get(0));
        assertThat(j.path("problems")).as("label problems").isEmpty();
        assertThat(j.path("watchesAll").path("precision").asDouble()).as("default-watch precision").isGreaterThanOrEqualTo(watchPrecision);
        assertThat(j.path("watchesAll").path("recall").asDouble()).as("default-watch recall").isGreaterThanOrEqualTo(watchRecall);
        assertThat(j.path("eventsAll").path("recall").asDouble()).as("event recall").isGreaterThanOrEqualTo(eventRecall);
        assertThat(j.path("entitiesAll").path("recall").asDouble()).as("entity recall").isGreaterThanOrEqualTo(entityRecall);
        assertThat(j.path("negativesWithMainEvent").findValuesAsText("file").stream().distinct().count())
                .as("negatives with a main event").isLessThanOrEqualTo(negativesWithEventsMax);
    }
}
