package io.chipwatch.alerts.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global watch store (watch id to raw JSON) in step with the watches topic and bumps a
 * version that tells the task processors to re-read it. Raw bytes are stored so a bad record on the
 * topic cannot break restoration; readers parse and skip invalid watches with a log line.
 */
public final class WatchStoreUpdater implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private final AtomicLong version;
    private KeyValueStore<String, byte[]> store;

    public WatchStoreUpdater(String storeName, AtomicLong version) {
        this.storeName = storeName;
        this.version = version;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        version.incrementAndGet();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        version.incrementAndGet();
    }
}
