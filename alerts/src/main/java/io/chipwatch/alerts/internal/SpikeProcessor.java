package io.chipwatch.alerts.internal;

import io.chipwatch.alerts.SpikeDetector;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Keeps each entity's recent trend windows and evaluates the spike watches naming that entity. */
public final class SpikeProcessor implements Processor<String, byte[], String, Outcome> {
    static final String STAGE = "alerts-spike";
    private static final JsonSerde<EntityTrend> SERDE = new JsonSerde<>(EntityTrend.class);

    private final String watchStore;
    private final String historyStore;
    private final int maxWindows;
    private final WatchSync sync;
    private ProcessorContext<String, Outcome> ctx;
    private ReadOnlyKeyValueStore<String, byte[]> watches;
    private KeyValueStore<String, TrendHistory> history;

    private final AlertMetrics metrics;

    public SpikeProcessor(String watchStore, String historyStore, AtomicLong version, int maxWindows, AlertMetrics metrics) {
        this.metrics = metrics;
        this.watchStore = watchStore;
        this.historyStore = historyStore;
        this.maxWindows = maxWindows;
        this.sync = new WatchSync(version);
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        ctx = context;
        watches = context.getStateStore(watchStore);
        history = context.getStateStore(historyStore);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        EntityTrend trend;
        try {
            trend = SERDE.deserialize("entity.trends", record.value());
            if (trend.windowStart() == null || trend.windowEnd() == null) {
                throw new SerializationException("EntityTrend without windowStart/windowEnd");
            }
        } catch (SerializationException e) {
            DeadLetters.forward(ctx, record, STAGE, e.getMessage(), e, metrics);
            return;
        }
        TrendHistory h = history.get(trend.entityId());
        h = (h == null ? new TrendHistory(null) : h).with(trend, maxWindows);
        history.put(trend.entityId(), h);
        sync.refresh(watches, w -> { }, id -> { });
        Instant now = Instant.ofEpochMilli(ctx.currentSystemTimeMs());
        for (Watch w : sync.watches().values()) {
            SpikeDetector.evaluate(w, h.windows(), trend, now)
                    .ifPresent(a -> ctx.forward(new Record<>(a.watchId(), Outcome.of(a), record.timestamp(), new RecordHeaders())));
        }
    }
}
