package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.app.eval.EvalLabels;
import io.chipwatch.app.eval.EvalReport;
import io.chipwatch.app.eval.Evaluation;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chipwatch eval} on the team's development set and on the sample archive: the figures stay
 * above the bars, the JSON summary is one object, thresholds turn into exit codes, and bad labels are
 * reported without hiding the rest. The bars sit just under what the development set gives today, which
 * the rules were tuned on; the held-out set has its own test ({@link HeldOutEvalTest}).
 */
class EvalCommandTest {
    static final Path SEEDS = SamplesExpectations.SEEDS;
    static final Path DEV = SEEDS.resolve("eval").resolve("dev");

    private static JsonNode dev;

    @BeforeAll
    static void runTheDevelopmentSet() throws Exception {
        CliRunner.Result r = CliRunner.run("eval", DEV.toString(), "--seeds", SEEDS.toString(), "--json",
                "--max-negatives-with-events", "0", "--min-precision", "0.95");
        assertThat(r.code()).isZero();
        assertThat(r.lines()).hasSize(1);
        dev = Json.MAPPER.readTree(r.lines().get(0));
        assertThat(dev.path("thresholds")).hasSize(2);
        assertThat(dev.path("thresholds").findValuesAsText("name")).containsExactly("watch precision", "negatives with a main event");
        assertThat(dev.path("thresholds").findValues("ok")).allMatch(JsonNode::asBoolean);
    }

    @Test
    void shouldScoreEveryArticleOfTheDevelopmentSetWithoutLabelProblems() {
        assertThat(dev.path("articles").asInt()).isEqualTo(60);
        assertThat(dev.path("problems")).isEmpty();
        assertThat(dev.path("languages").path("zh").asInt()).isPositive();
        assertThat(dev.path("watches").has("smuggling-enforcement")).isTrue();
        assertThat(dev.path("watches").has("capacity-expansion")).isTrue();
    }

    @Test
    void shouldMeetTheBarsOnTheDevelopmentSet() {
        assertThat(dev.path("watchesAll").path("precision").asDouble()).as("default-watch precision").isGreaterThanOrEqualTo(0.95);
        assertThat(dev.path("watchesAll").path("recall").asDouble()).as("default-watch recall").isGreaterThanOrEqualTo(0.95);
        assertThat(dev.path("eventsAll").path("precision").asDouble()).as("event precision").isGreaterThanOrEqualTo(0.95);
        assertThat(dev.path("eventsAll").path("recall").asDouble()).as("event recall").isGreaterThanOrEqualTo(0.95);
        assertThat(dev.path("directionAccuracy").asDouble()).as("direction accuracy").isGreaterThanOrEqualTo(0.9);
        assertThat(dev.path("negativesWithMainEvent")).as("negatives with a main event").isEmpty();
        assertThat(dev.path("forbiddenEvents")).as("forbidden events").isEmpty();
        dev.path("watches").fields().forEachRemaining(w ->
                assertThat(w.getValue().path("recall").asDouble()).as("recall of " + w.getKey()).isGreaterThanOrEqualTo(0.8));
    }

    @Test
    void shouldListEachFalseAlertWithItsWatchFileEventSalienceAndEvidence() {
        for (JsonNode f : dev.path("falseAlerts")) {
            assertThat(f.path("watch").asText()).isNotBlank();
            assertThat(f.path("file").asText()).isNotBlank();
            assertThat(f.path("evidence").asText()).isNotBlank();
        }
        for (JsonNode f : dev.path("missedAlerts")) {
            assertThat(f.path("watch").asText()).isNotBlank();
            assertThat(f.path("note").asText()).isNotBlank();
        }
    }

    @Test
    void shouldRunTheSampleArchiveWithExpectedYaml() throws Exception {
        CliRunner.Result r = CliRunner.run("eval", SEEDS.resolve("articles").toString(), "--seeds", SEEDS.toString(), "--json",
                "--min-precision", "1.0", "--min-recall", "1.0", "--max-negatives-with-events", "0");
        assertThat(r.code()).as("every expected alert of seeds/expected.yaml fires, nothing on a negative").isZero();
        JsonNode j = Json.MAPPER.readTree(r.lines().get(0));
        assertThat(j.path("complete").asBoolean()).isFalse();
        assertThat(j.path("articles").asInt()).isEqualTo(70);
        assertThat(j.path("problems")).isEmpty();
    }

    @Test
    void shouldPrintReadableTablesAndExitOneBelowAThreshold() {
        CliRunner.Result r = CliRunner.run("eval", DEV.toString(), "--seeds", SEEDS.toString(),
                "--min-recall-for", "entity-list=0.5", "--min-entity-recall", "1.01");
        assertThat(r.code()).as("entity recall cannot reach 1.01").isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.out()).contains("EVENTS (main events", "CONFUSION", "WATCHES", "ENTITIES", "STORIES", "LICENSE_CHANGE",
                "license-changes", "UNKNOWN_ORG", "direction accuracy", "THRESHOLDS");
        assertThat(r.lines()).anyMatch(l -> l.contains("recall of entity-list") && l.endsWith(" ok"))
                .anyMatch(l -> l.contains("entity recall") && l.contains(">= 1.010") && l.endsWith("FAILED"));
    }

    @Test
    void shouldReportBadLabelsAndScoreTheRest(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("en"));
        Files.writeString(dir.resolve("en/a.txt"), """
                US adds Sophgo to the Entity List
                Published: 2026-05-05T08:00:00Z
                Source: test

                The Commerce Department added Sophgo to the Entity List on Monday.
                """);
        Files.writeString(dir.resolve("labels.yaml"), """
                articles:
                  - file: en/a.txt
                    events: [ENTITY_LIST]
                    watches: [entity-list]
                  - file: en/missing.txt
                    events: [ENTITY_LIST]
                  - file: en/a.txt
                    events: [NOT_A_TYPE]
                """);
        EvalReport r = new Evaluation(SEEDS, SEEDS.resolve("watches.yaml")).run(dir, EvalLabels.read(dir.resolve("labels.yaml")));
        assertThat(r.articles()).isEqualTo(1);
        assertThat(r.problems()).anyMatch(p -> p.contains("en/missing.txt") && p.contains("no such file"))
                .anyMatch(p -> p.contains("unknown EventType 'NOT_A_TYPE'"));
        assertThat(r.watches().get("entity-list").found()).isEqualTo(1);
        assertThat(r.eventsAll().tp()).isEqualTo(1);
    }
}
