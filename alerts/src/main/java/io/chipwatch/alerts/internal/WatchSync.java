package io.chipwatch.alerts.internal;

import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's view of the global watch store: when the store's version moved, re-reads it and reports
 * added, changed and removed watches to the owner (which keeps its matcher in step). Cheap when
 * nothing changed: one atomic read.
 */
public final class WatchSync {
    private static final Logger LOG = LoggerFactory.getLogger(WatchSync.class);
    private static final JsonSerde<Watch> SERDE = new JsonSerde<>(Watch.class);

    private final AtomicLong version;
    private final Map<String, byte[]> raw = new HashMap<>();
    private final Map<String, Watch> watches = new HashMap<>();
    private long seen = Long.MIN_VALUE;

    public WatchSync(AtomicLong version) {
        this.version = version;
    }

    /**
     * @param onPut    receives each new or changed watch; may throw to reject it (the version before stays in service)
     * @param onRemove receives the id of each removed watch
     */
    public void refresh(ReadOnlyKeyValueStore<String, byte[]> store, Consumer<Watch> onPut, Consumer<String> onRemove) {
        long v = version.get();
        if (v == seen) {
            return;
        }
        seen = v;
        Set<String> present = new HashSet<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                present.add(kv.key);
                if (Arrays.equals(raw.get(kv.key), kv.value)) {
                    continue;
                }
                raw.put(kv.key, kv.value);
                apply(kv.key, kv.value, onPut, onRemove);
            }
        }
        for (String id : Set.copyOf(raw.keySet())) {
            if (!present.contains(id)) {
                raw.remove(id);
                if (watches.remove(id) != null) {
                    onRemove.accept(id);
                }
            }
        }
    }

    private void apply(String id, byte[] value, Consumer<Watch> onPut, Consumer<String> onRemove) {
        try {
            Watch w = SERDE.deserialize("watches", value);
            if (!w.id().equals(id)) {
                throw new IllegalArgumentException("record key '" + id + "' differs from watch id '" + w.id() + "'");
            }
            onPut.accept(w);
            watches.put(id, w);
        } catch (RuntimeException e) {
            // The store holds only watches the updater validated; should one still be refused here, the version before it stays.
            LOG.error("Ignoring watch '{}' from the watch store: {}; {}", id, e.getMessage(),
                    watches.containsKey(id) ? "its previous version stays in service" : "it does not fire");
        }
    }

    public Watch get(String id) {
        return watches.get(id);
    }

    public Map<String, Watch> watches() {
        return watches;
    }
}
