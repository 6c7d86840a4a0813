package io.chipwatch.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this process's Java threads, by thread, at one instant; the difference of two
 * snapshots grouped into stages by thread name says where a run's CPU went. CPU the JVM spends
 * outside Java threads (JIT compiler, garbage collector) is the process's CPU time less the
 * threads' sum.
 */
final class ThreadCpu {
    /** The stage of CPU the JVM spends outside Java threads (JIT, GC) and in threads that ended. */
    static final String JVM = "jvm";

    private final Map<Long, String> names;
    private final Map<Long, Long> cpuNs;
    private final long processNs;

    private ThreadCpu(Map<Long, String> names, Map<Long, Long> cpuNs, long processNs) {
        this.names = names;
        this.cpuNs = cpuNs;
        this.processNs = processNs;
    }

    /** Whether this JVM measures thread CPU time (HotSpot on Linux, macOS and Windows does). */
    static boolean supported() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    }

    static ThreadCpu snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long ns = threads.getThreadCpuTime(info.getThreadId());
            if (ns >= 0) {
                names.put(info.getThreadId(), info.getThreadName());
                cpu.put(info.getThreadId(), ns);
            }
        }
        return new ThreadCpu(names, cpu, processCpuNs());
    }

    private static long processCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * CPU nanoseconds from {@code before} to this snapshot per stage, in the order the classifier
     * first names them, then {@link #JVM}. A thread that started in between counts from zero.
     *
     * @param stageOf maps a thread name to its stage
     */
    Map<String, Long> since(ThreadCpu before, Function<String, String> stageOf) {
        Map<String, Long> stages = new LinkedHashMap<>();
        long threadsSum = 0;
        for (Map.Entry<Long, Long> e : cpuNs.entrySet()) {
            long delta = e.getValue() - before.cpuNs.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                stages.merge(stageOf.apply(names.get(e.getKey())), delta, Long::sum);
                threadsSum += delta;
            }
        }
        if (processNs >= 0 && before.processNs >= 0) {
            stages.put(JVM, Math.max(0, processNs - before.processNs - threadsSum));
        }
        return stages;
    }
}
