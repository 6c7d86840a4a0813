package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --once --notify} returns only when every delivery has ended (issue 14: it used to exit
 * while a failing channel was still being retried, and with the temporary broker those deliveries
 * were lost). A file channel and a webhook nobody listens on: when the command returns, the file holds
 * every alert and the delivery log holds a dead-lettered outcome for every webhook delivery.
 */
@Tag("integration")
@Timeout(600)
class RunOnceNotifyIT {
    @TempDir
    Path dir;

    @Test
    void shouldReturnOnlyAfterEveryDeliveryEndedDeliveredOrDeadLettered() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        Path watches = dir.resolve("watches.yaml");
        Files.writeString(watches, "- id: every-story\n  name: Every story\n  channels:\n    - type: file\n      path: " + file + "\n"
                + "    - type: webhook\n      url: http://127.0.0.1:1/nobody-listens\n");
        Path data = dir.resolve("data");
        CliRunner.Result run = CliRunner.run("run", "--once", "--notify", "--data-dir", data.toString(),
                "--seeds", SamplesExpectations.SEEDS.toString(), "--source", SamplesExpectations.SEEDS.resolve("articles").toString(),
                "--set", "alerts.watches.seed.file=" + watches, "--set", "alerts.delivery.deadline.ms=1500",
                "--set", "alerts.delivery.retry.initial.ms=100");
        assertThat(run.code()).isZero();
        List<String> alertIds = new ArrayList<>();
        for (String line : run.lines()) {
            alertIds.add(Json.MAPPER.readTree(line).get("alertId").asText());
        }
        assertThat(alertIds).isNotEmpty();
        assertThat(CrashRecoveryIT.fileAlertIds(file)).as("every alert delivered to the file before the command returned")
                .containsExactlyInAnyOrderElementsOf(alertIds);

        CliRunner.Result failed = CliRunner.run("deliveries", "failed", "--json", "--data-dir", data.toString(),
                "--seeds", SamplesExpectations.SEEDS.toString());
        assertThat(failed.code()).isZero();
        List<String> deadLettered = new ArrayList<>();
        for (String line : failed.lines()) {
            JsonNode f = Json.MAPPER.readTree(line);
            assertThat(f.get("channel").asText()).isEqualTo("webhook:http://127.0.0.1:1/nobody-listens");
            deadLettered.add(f.get("alertId").asText());
        }
        assertThat(deadLettered).as("every webhook delivery ended (dead-lettered) before the command returned")
                .containsExactlyInAnyOrderElementsOf(alertIds);
    }
}
