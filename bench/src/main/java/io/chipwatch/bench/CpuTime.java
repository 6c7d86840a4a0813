package io.chipwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import org.openjdk.jmh.annotations.Setup;

/**
 * Runs benchmark methods of one JMH class in a plain loop and reports ops per CPU-second of this
 * thread: comparable across runs on a machine other processes keep busy, where JMH's wall-clock
 * scores are not. {@code java -cp bench/target/benchmarks.jar io.chipwatch.bench.CpuTime
 * io.chipwatch.bench.TaggingBench tagSynthetic5000 classifyEvents}
 */
public final class CpuTime {
    private static final long WARMUP_NS = 4_000_000_000L;
    private static final long MEASURE_NS = 6_000_000_000L;

    private CpuTime() {}

    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        Object bench = type.getDeclaredConstructor().newInstance();
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Setup.class)) {
                m.invoke(bench);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 1; i < args.length; i++) {
            Method m = type.getMethod(args[i]);
            long warm = threads.getCurrentThreadCpuTime() + WARMUP_NS;
            while (threads.getCurrentThreadCpuTime() < warm) {
                m.invoke(bench);
            }
            long n = 0;
            long t0 = threads.getCurrentThreadCpuTime();
            while (threads.getCurrentThreadCpuTime() < t0 + MEASURE_NS) {
                m.invoke(bench);
                n++;
            }
            double s = (threads.getCurrentThreadCpuTime() - t0) / 1e9;
            System.out.printf("%s.%s: %.2f ops per CPU-second%n", type.getSimpleName(), args[i], n / s);
        }
    }
}
