package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter.Result;
import org.junit.jupiter.api.Test;

/** Issue 14: after a kill -9, Streams' ERROR TaskManager ... TaskCorruptedException becomes one INFO line. */
class StateRebuildLogTest {
    private static final String THREAD = "stream-thread [chipwatch-alerts-89ab8f4f-fb04-4a7a-bda6-cc638db95544-StreamThread-1] ";
    private final StateRebuildLog filter = new StateRebuildLog();

    @Test
    void shouldReplaceTheMessagesOfAnExpectedRebuildByOneInfoLine() {
        try (LogCapture logs = new LogCapture()) {
            assertThat(filter.decide(Level.WARN, THREAD + "stream-task [1_0] State store trend-history did not find checkpoint offsets "
                    + "while stores are not empty, since under EOS it has the risk of getting uncommitted data in stores we have to "
                    + "treat it as a task corruption error and wipe out the local state of task 1_0 before re-bootstrapping")).isEqualTo(Result.DENY);
            assertThat(filter.decide(Level.ERROR, THREAD + "Get exceptions for the following tasks: {1_2=org.apache.kafka.streams.errors."
                    + "TaskCorruptedException: Tasks [1_2] are corrupted and hence need to be re-initialized, 2_1=org.apache.kafka.streams."
                    + "errors.TaskCorruptedException: Tasks [2_1] are corrupted and hence need to be re-initialized}")).isEqualTo(Result.DENY);
            assertThat(filter.decide(Level.WARN, THREAD + "Encounter corrupted task 2_2, will group it with other corrupted tasks and handle together"))
                    .isEqualTo(Result.DENY);
            assertThat(filter.decide(Level.WARN, THREAD + "Detected the states of tasks [2_1, 1_0] are corrupted. Will close the task as dirty "
                    + "and re-create and bootstrap from scratch.")).isEqualTo(Result.DENY);
            assertThat(logs.lines()).filteredOn(l -> l.logger().endsWith("StateRebuildLog")).singleElement()
                    .satisfies(l -> assertThat(l.level()).isEqualTo(Level.INFO))
                    .satisfies(l -> assertThat(l.message()).startsWith("chipwatch-alerts: rebuilding the local state of tasks [2_1, 1_0] "
                            + "from the changelog topics"));
        }
    }

    @Test
    void shouldLetEveryOtherStreamsProblemThrough() {
        assertThat(filter.decide(Level.ERROR, THREAD + "Get exceptions for the following tasks: {1_2=org.apache.kafka.streams.errors."
                + "TaskCorruptedException: x, 2_1=org.apache.kafka.streams.errors.StreamsException: disk full}")).isEqualTo(Result.NEUTRAL);
        assertThat(filter.decide(Level.ERROR, THREAD + "Encountered the following exception during processing")).isEqualTo(Result.NEUTRAL);
        assertThat(filter.decide(Level.INFO, "did not find checkpoint offsets while stores are not empty")).isEqualTo(Result.NEUTRAL);
    }
}
