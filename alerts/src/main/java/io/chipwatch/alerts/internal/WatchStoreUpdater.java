package io.chipwatch.alerts.internal;

import io.chipwatch.model.InvalidRecord;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global watch store (watch id to raw JSON) in step with the watches topic and bumps a version that tells
 * the task processors to re-read it. Only valid watches are stored ({@link WatchRecords}): a refused record is logged
 * at ERROR, counted, and leaves the last valid version in the store, so one bad write cannot switch a watch off. The
 * store is persistent, so what it holds also survives a restart after compaction removed the good version from the
 * topic (Streams runs this processor again when it restores the store from the topic).
 */
public final class WatchStoreUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStoreUpdater.class);

    private final String storeName;
    private final AtomicLong version;
    private final WatchValidity validity;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    public WatchStoreUpdater(String storeName, AtomicLong version, WatchValidity validity) {
        this.storeName = storeName;
        this.version = version;
        this.validity = validity;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(storeName);
        version.incrementAndGet();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                store.delete(record.key());
                validity.cleared(record.key());
                version.incrementAndGet();
            }
            return;
        }
        try {
            WatchRecords.parse(record.key(), record.value());
        } catch (IllegalArgumentException e) {
            var meta = context.recordMetadata();
            InvalidRecord bad = WatchRecords.refusal(e.getMessage(), meta.map(m -> m.topic()).orElse("watches"),
                    meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L), record.timestamp());
            validity.refused(record.key(), bad);
            boolean kept = record.key() != null && store.get(record.key()) != null;
            LOG.error("Refused record {} of the watches topic for watch '{}': {}; {}", bad.position(), record.key(), bad.reason(),
                    kept ? "its last valid version stays in service" : "no valid version of it is known, so it does not fire");
            return;
        }
        store.put(record.key(), record.value());
        validity.cleared(record.key());
        version.incrementAndGet();
    }
}
