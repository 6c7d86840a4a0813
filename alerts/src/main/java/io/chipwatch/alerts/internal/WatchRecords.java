package io.chipwatch.alerts.internal;

import io.chipwatch.alerts.WatchMatcher;
import io.chipwatch.model.InvalidRecord;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import java.time.Instant;

/**
 * The one rule for a record of the watches topic, used by the topology and by {@code chipwatch watches list}: its value
 * must be a watch JSON whose id equals the key and whose query and filters validate. Anything else is refused and never
 * replaces the last valid version under that key; only a tombstone removes a watch.
 */
public final class WatchRecords {
    private static final JsonSerde<Watch> SERDE = new JsonSerde<>(Watch.class);

    private WatchRecords() {}

    /**
     * @throws IllegalArgumentException with the reason when the record cannot be used
     */
    public static Watch parse(String key, byte[] value) {
        if (key == null) {
            throw new IllegalArgumentException("watch record without key (the key must be the watch id)");
        }
        Watch w;
        try {
            w = SERDE.deserialize("watches", value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(rootMessage(e), e);
        }
        if (w == null) {
            throw new IllegalArgumentException("value is JSON null (a removal is a tombstone, a record without value)");
        }
        if (!w.id().equals(key)) {
            throw new IllegalArgumentException("record key '" + key + "' differs from watch id '" + w.id() + "'");
        }
        try {
            WatchMatcher.validate(w);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return w;
    }

    public static InvalidRecord refusal(String reason, String topic, int partition, long offset, long timestamp) {
        return new InvalidRecord(reason, topic, partition, offset, Instant.ofEpochMilli(timestamp));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root instanceof IllegalArgumentException ? root.getMessage() : e.getMessage();
        if (m == null) {
            m = root.getClass().getSimpleName();
        }
        return "not a valid watch: " + m.lines().findFirst().orElse(m);
    }
}
