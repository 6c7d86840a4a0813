package io.chipwatch.alerts.internal;

import io.chipwatch.model.InvalidRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refused watch records seen by this process's global store updater: counted in a metric, and the latest per watch
 * (the listing of record is {@code WatchAdmin#states}, which reads the whole topic).
 */
public final class WatchValidity {
    public static final String INVALID_RECORDS = "chipwatch.alerts.watches.invalid.records";

    private final Map<String, InvalidRecord> refused = new ConcurrentHashMap<>();
    private final Counter records;

    public WatchValidity(MeterRegistry registry) {
        this.records = Counter.builder(INVALID_RECORDS)
                .description("Records on the watches topic that the running service refused (unreadable, invalid watch or query, "
                        + "key differing from the id); each leaves the watch's last valid version in service")
                .register(registry);
    }

    void refused(String id, InvalidRecord record) {
        records.increment();
        if (id != null) {
            refused.put(id, record);
        }
    }

    void cleared(String id) {
        refused.remove(id);
    }

    /** The refused latest record of each watch that has one. */
    public Map<String, InvalidRecord> refused() {
        return Map.copyOf(refused);
    }
}
