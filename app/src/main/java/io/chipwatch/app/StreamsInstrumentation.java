package io.chipwatch.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State-restore progress and state of one Kafka Streams application as meters: records restored per
 * store, records still to restore, restores started, and whether the application is RUNNING. Also
 * what a test asks to tell a resume with local state from a rebuild from the changelogs.
 */
final class StreamsInstrumentation implements StateRestoreListener {
    static final String RESTORED = "chipwatch.streams.restore.records";
    static final String REMAINING = "chipwatch.streams.restore.remaining.records";
    static final String RESTORES = "chipwatch.streams.restores";
    static final String RUNNING = "chipwatch.streams.running";
    private static final Logger log = LoggerFactory.getLogger(StreamsInstrumentation.class);

    private final String application;
    private final MeterRegistry registry;
    private final Map<String, Long> remainingByPartition = new ConcurrentHashMap<>();
    private final AtomicLong remaining = new AtomicLong();
    private final Map<String, AtomicLong> restoredByStore = new ConcurrentHashMap<>();

    private StreamsInstrumentation(String application, MeterRegistry registry) {
        this.application = application;
        this.registry = registry;
    }

    /** Instruments {@code streams} (before it starts). */
    static StreamsInstrumentation attach(String application, KafkaStreams streams, MeterRegistry registry) {
        StreamsInstrumentation i = new StreamsInstrumentation(application, registry);
        streams.setGlobalStateRestoreListener(i);
        Gauge.builder(REMAINING, i.remaining, AtomicLong::get).description("Changelog records still to restore into local state "
                + "stores before processing resumes (0 when no restore runs), by Streams application").tag("application", application)
                .register(registry);
        Gauge.builder(RUNNING, streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the Streams application is RUNNING (processing), else 0 (starting, rebalancing, restoring, stopped)")
                .tag("application", application).strongReference(true).register(registry);
        return i;
    }

    @Override
    public void onRestoreStart(TopicPartition tp, String store, long startingOffset, long endingOffset) {
        long todo = Math.max(0, endingOffset - startingOffset);
        remainingByPartition.put(store + "|" + tp, todo);
        remaining.addAndGet(todo);
        Counter.builder(RESTORES).description("Restores of a state-store partition from its changelog that started, by Streams "
                + "application and store").tag("application", application).tag("store", store).register(registry).increment();
        log.debug("{}: restoring {} {} ({} records)", application, store, tp, todo);
    }

    @Override
    public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
        remainingByPartition.computeIfPresent(store + "|" + tp, (k, v) -> {
            long taken = Math.min(v, numRestored);
            remaining.addAndGet(-taken);
            return v - taken;
        });
        restoredByStore.computeIfAbsent(store, s -> new AtomicLong()).addAndGet(numRestored);
        Counter.builder(RESTORED).description("Changelog records restored into local state stores, by Streams application and store")
                .tag("application", application).tag("store", store).register(registry).increment(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
        Long left = remainingByPartition.remove(store + "|" + tp);
        if (left != null) {
            remaining.addAndGet(-left);
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition tp, String store, long totalRestored) {
        onRestoreEnd(tp, store, totalRestored);
    }

    /** Records restored per store since start. */
    Map<String, Long> restored() {
        Map<String, Long> out = new java.util.TreeMap<>();
        restoredByStore.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
