package io.chipwatch.alerts.internal;

import io.chipwatch.model.Alert;
import io.chipwatch.model.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Per watch (records keyed by watch id): drops alert ids already emitted (a story alerts once per
 * watch, whatever dedup upstream did), applies the watch's throttle, and holds alerts of digest
 * watches. Held alerts are folded into one digest alert when their window closes (wall-clock
 * punctuator). Old alert ids are forgotten after the dedup retention.
 */
public final class DecideProcessor implements Processor<String, Alert, String, Alert> {
    public static final String THROTTLE = "throttle";

    private final String watchStore;
    private final String emittedStore;
    private final String windowStore;
    private final WatchSync sync;
    private final Watch.Throttle defaultThrottle;
    private final Duration punctuateInterval;
    private final Duration retention;
    private final AlertMetrics metrics;
    private ProcessorContext<String, Alert> ctx;
    private ReadOnlyKeyValueStore<String, byte[]> watches;
    private KeyValueStore<String, Long> emitted;
    private KeyValueStore<String, WindowState> windows;

    public DecideProcessor(String watchStore, String emittedStore, String windowStore, AtomicLong version,
                           Watch.Throttle defaultThrottle, Duration punctuateInterval, Duration retention, AlertMetrics metrics) {
        this.metrics = metrics;
        this.watchStore = watchStore;
        this.emittedStore = emittedStore;
        this.windowStore = windowStore;
        this.sync = new WatchSync(version);
        this.defaultThrottle = defaultThrottle;
        this.punctuateInterval = punctuateInterval;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        ctx = context;
        watches = context.getStateStore(watchStore);
        emitted = context.getStateStore(emittedStore);
        windows = context.getStateStore(windowStore);
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::closeWindows);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forgetOldIds);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        if (alert == null) {
            return;
        }
        if (emitted.get(alert.alertId()) != null) {
            metrics.suppressed(alert.watchId(), "duplicate");
            return;
        }
        long now = ctx.currentSystemTimeMs();
        emitted.put(alert.alertId(), now);
        sync.refresh(watches, w -> { }, id -> { });
        Watch watch = sync.get(alert.watchId());
        if (Alert.SPIKE.equals(alert.kind())) {
            emit(alert, now);
            return;
        }
        Policy policy = policy(watch);
        if (policy == null) {
            emit(alert, now);
            return;
        }
        long start = now - Math.floorMod(now, policy.windowMs);
        WindowState state = windows.get(alert.watchId());
        if (state != null && (state.start() != start || state.windowMs() != policy.windowMs)) {
            flush(alert.watchId(), state, now);
            state = null;
        }
        if (state == null) {
            state = new WindowState(start, policy.windowMs, 0, List.of(), 0, policy.kind);
        }
        if (state.emitted() < policy.max) {
            emit(alert, now);
            state = state.withEmitted();
        } else {
            state = state.fold(alert);
            metrics.suppressed(alert.watchId(), "folded");
        }
        windows.put(alert.watchId(), state);
    }

    private record Policy(String kind, int max, long windowMs) {}

    private Policy policy(Watch w) {
        if (w != null && "hourly".equals(w.digest())) {
            return new Policy("hourly", 0, Duration.ofHours(1).toMillis());
        }
        if (w != null && "daily".equals(w.digest())) {
            return new Policy("daily", 0, Duration.ofDays(1).toMillis());
        }
        Watch.Throttle t = w != null && w.throttle() != null ? w.throttle() : defaultThrottle;
        return t == null ? null : new Policy(THROTTLE, t.max(), t.window().toMillis());
    }

    private void closeWindows(long now) {
        List<KeyValue<String, WindowState>> closed = new ArrayList<>();
        try (KeyValueIterator<String, WindowState> it = windows.all()) {
            it.forEachRemaining(kv -> {
                if (now >= kv.value.end()) {
                    closed.add(kv);
                }
            });
        }
        for (KeyValue<String, WindowState> kv : closed) {
            flush(kv.key, kv.value, now);
            windows.delete(kv.key);
        }
    }

    private void flush(String watchId, WindowState state, long now) {
        if (state.folded().isEmpty()) {
            return;
        }
        sync.refresh(watches, w -> { }, id -> { });
        Alert digest = digest(watchId, sync.get(watchId), state, Instant.ofEpochMilli(now));
        emitted.put(digest.alertId(), now);
        emit(digest, now);
    }

    /** One alert summarising the alerts held back in a window. */
    static Alert digest(String watchId, Watch watch, WindowState s, Instant now) {
        Alert latest = s.folded().get(s.folded().size() - 1);
        int total = s.folded().size() + s.dropped();
        String name = watch != null ? watch.name() : latest.watchName();
        String reason = THROTTLE.equals(s.kind())
                ? total + " more alert(s) folded into a digest (throttle: " + s.emitted() + " per "
                        + Duration.ofMillis(s.windowMs()) + ") for watch \"" + name + "\""
                : s.kind() + " digest: " + total + " alert(s) of watch \"" + name + "\"";
        List<Alert.EntityRef> entities = s.folded().stream().flatMap(a -> a.entities().stream()).distinct().limit(10).toList();
        List<Alert.ArticleRef> articles = s.folded().stream().map(Alert::article).filter(Objects::nonNull).toList();
        return new Alert(AlertIds.of(watchId, "digest|" + s.start()), watchId, name,
                watch != null ? watch.severity() : latest.severity(), Alert.DIGEST, now, latest.article(), entities,
                List.of(), latest.evidence(), reason, latest.storyId(), articles);
    }

    private void forgetOldIds(long now) {
        long cutoff = now - retention.toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = emitted.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value < cutoff) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(emitted::delete);
    }

    private void emit(Alert alert, long now) {
        metrics.emitted(alert.watchId(), alert.kind());
        ctx.forward(new Record<>(alert.watchId(), alert, now, new RecordHeaders()));
    }
}
