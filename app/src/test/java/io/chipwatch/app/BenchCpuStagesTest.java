package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.enrich.EnrichConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code chipwatch bench}'s CPU per stage: which thread counts where, and the per-article figures. */
class BenchCpuStagesTest {
    private static final EnrichConfig ENRICH = new EnrichConfig(Map.of(EnrichConfig.BOOTSTRAP_SERVERS, "unused:9092"));
    private static final AlertsConfig ALERTS = new AlertsConfig(Map.of(AlertsConfig.BOOTSTRAP_SERVERS, "unused:9092"));

    @Test
    void shouldAssignThreadsToStagesByTheirNames() {
        Function<String, String> stage = BenchCommand.stageOf(ENRICH, ALERTS, true);
        assertThat(stage.apply("chipwatch-enrich-4f1c-StreamThread-1")).isEqualTo(BenchCommand.STAGE_ENRICH);
        assertThat(stage.apply("kafka-producer-network-thread | chipwatch-enrich-4f1c-StreamThread-1-producer"))
                .isEqualTo(BenchCommand.STAGE_ENRICH);
        assertThat(stage.apply("chipwatch-alerts-77aa-StreamThread-1")).isEqualTo(BenchCommand.STAGE_ALERTS);
        assertThat(stage.apply("bench-producer")).isEqualTo(BenchCommand.STAGE_PUBLISH);
        assertThat(stage.apply("kafka-producer-network-thread | chipwatch-bench-producer-1")).isEqualTo(BenchCommand.STAGE_PUBLISH);
        assertThat(stage.apply("main")).isEqualTo(BenchCommand.STAGE_HARNESS);
        assertThat(stage.apply("data-plane-kafka-request-handler-0")).isEqualTo(BenchCommand.STAGE_BROKER);
        assertThat(BenchCommand.stageOf(ENRICH, ALERTS, false).apply("data-plane-kafka-request-handler-0"))
                .as("no embedded broker: someone else's thread").isEqualTo(BenchCommand.STAGE_OTHER);
    }

    @Test
    void shouldMoveDedupOutOfEnrichAndGivePerArticleMillisecondsThatAddUp() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpu.put(BenchCommand.STAGE_ENRICH, 3_000_000_000L);
        cpu.put(BenchCommand.STAGE_ALERTS, 500_000_000L);
        cpu.put(BenchCommand.STAGE_BROKER, 1_500_000_000L);
        BenchCommand.splitDedup(cpu, 1_000_000_000L);
        assertThat(cpu).containsEntry(BenchCommand.STAGE_ENRICH, 2_000_000_000L).containsEntry(BenchCommand.STAGE_DEDUP, 1_000_000_000L);
        Map<String, Double> perArticle = BenchCommand.perArticleMs(cpu, 1_000);
        assertThat(perArticle).containsEntry(BenchCommand.STAGE_ENRICH, 2.0).containsEntry(BenchCommand.STAGE_DEDUP, 1.0)
                .containsEntry(BenchCommand.STAGE_ALERTS, 0.5).containsEntry(BenchCommand.STAGE_BROKER, 1.5).containsEntry("total", 5.0);
        assertThat(perArticle.keySet()).as("fixed order, total last")
                .containsExactly(BenchCommand.STAGE_ENRICH, BenchCommand.STAGE_DEDUP, BenchCommand.STAGE_ALERTS,
                        BenchCommand.STAGE_BROKER, "total");

        Map<String, Long> odd = new HashMap<>(Map.of(BenchCommand.STAGE_ENRICH, 100L));
        BenchCommand.splitDedup(odd, 500L);
        assertThat(odd).as("dedup never exceeds the enrich threads' time").containsEntry(BenchCommand.STAGE_DEDUP, 100L)
                .containsEntry(BenchCommand.STAGE_ENRICH, 0L);
    }
}
