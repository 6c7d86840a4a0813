package io.chipwatch.alerts.internal;

import io.chipwatch.model.Delivery;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the notifier remembers of the delivery log, bounded. The log on Kafka is the truth; memory only
 * has to answer two questions: "was this (alert, channel) already handled?" for alerts the notifier may
 * read again (those at or after its committed offsets: a restart resumes there), and "is this delivery
 * dead-lettered, and where is its alert?" for resend requests. So an entry of a delivered alert is
 * dropped as soon as the alert's offset is committed; dead-lettered deliveries and resends stay until
 * the size limit pushes the oldest out. Entries without a position (logs written before positions were
 * recorded) are kept until the limit too. Thread-safe.
 */
public final class DeliveryMemory {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryMemory.class);

    /** One remembered outcome: {@code partition} -1 when the log entry did not record the alert's position. */
    public record Entry(boolean delivered, int partition, long offset, boolean resend) {
        static Entry of(Delivery d) {
            return new Entry(!d.isDeadLettered(), d.alertPartition() == null ? -1 : d.alertPartition(),
                    d.alertOffset() == null ? -1 : d.alertOffset(), d.requestedBy() != null);
        }

        /** Kept only while its alert may be read again. */
        boolean prunable() {
            return delivered && !resend && partition >= 0;
        }
    }

    private final int max;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    /** Per alerts-topic partition: offsets below this are committed and never read again. */
    private final Map<Integer, Long> committed = new HashMap<>();
    private boolean warnedFull;
    private long evicted;

    public DeliveryMemory(int max) {
        this.max = max;
    }

    /** Applies one delivery-log entry (in log order; later entries of a key replace earlier ones). */
    public synchronized void record(Delivery d) {
        Entry e = Entry.of(d);
        entries.remove(d.key());
        if (e.prunable() && e.offset < committed.getOrDefault(e.partition, 0L)) {
            return;
        }
        entries.put(d.key(), e);
        while (entries.size() > max) {
            Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
            Map.Entry<String, Entry> gone = oldest.next();
            oldest.remove();
            evicted++;
            if (gone.getValue().prunable() && !warnedFull) {
                warnedFull = true;
                LOG.warn("Delivery memory is full ({} entries, alerts.notify.delivery.memory.max) while deliveries of uncommitted "
                        + "alerts are still needed: a restart now might resend some; raise the limit", max);
            }
        }
    }

    /** A tombstone on the log (compaction of a removed key): forget it. */
    public synchronized void forget(String key) {
        entries.remove(key);
    }

    /** Offsets below {@code offset} of the partition are committed: their delivered entries are dropped. */
    public synchronized void committed(int partition, long offset) {
        Long before = committed.put(partition, offset);
        if (before != null && before >= offset) {
            committed.put(partition, before);
            return;
        }
        entries.values().removeIf(e -> e.prunable() && e.partition == partition && e.offset < offset);
    }

    public synchronized Entry get(String key) {
        return entries.get(key);
    }

    /** True when the log holds an outcome (delivered or dead-lettered) for this key. */
    public synchronized boolean handled(String key) {
        return entries.containsKey(key);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Entries dropped because of the size limit since start. */
    public synchronized long evicted() {
        return evicted;
    }
}
