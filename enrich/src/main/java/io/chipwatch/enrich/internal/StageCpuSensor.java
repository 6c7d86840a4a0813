package io.chipwatch.enrich.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * CPU time of one processing step, as a Streams metric of its task ({@value #METRIC}, group
 * {@value #GROUP}, tag {@code task-id}): {@code chipwatch bench} reads it to tell the step's share
 * of the stream thread's CPU. Two thread-CPU clock reads per record (well under a microsecond each
 * on Linux), next to a millisecond of work.
 */
public final class StageCpuSensor {
    public static final String METRIC = "dedup-cpu-ns-total";
    public static final String GROUP = "chipwatch-enrich";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Sensor sensor;
    private final boolean enabled;

    private StageCpuSensor(Sensor sensor) {
        this.sensor = sensor;
        this.enabled = sensor != null && THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** The dedup CPU sensor of the context's task (one per task, so tasks on several threads never share one). */
    public static StageCpuSensor dedup(ProcessorContext<?, ?> context) {
        String task = context.taskId().toString();
        Sensor s = context.metrics().addSensor("chipwatch-dedup-cpu-" + task, Sensor.RecordingLevel.INFO);
        s.add(new MetricName(METRIC, GROUP, "Thread CPU time spent in story dedup, nanoseconds", Map.of("task-id", task)),
                new CumulativeSum());
        return new StageCpuSensor(s);
    }

    /** A sensor that measures nothing (tests without a metrics registry). */
    public static StageCpuSensor none() {
        return new StageCpuSensor(null);
    }

    /** The current thread's CPU clock, or 0 when not measured. */
    public long start() {
        return enabled ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Records the CPU since {@code start}. */
    public void stop(long start) {
        if (enabled) {
            sensor.record(THREADS.getCurrentThreadCpuTime() - start);
        }
    }
}
