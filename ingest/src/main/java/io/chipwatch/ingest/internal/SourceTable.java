package io.chipwatch.ingest.internal;

import io.chipwatch.ingest.SourceState;
import io.chipwatch.model.InvalidRecord;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sources topic folded into one {@link SourceState} per key, record by record, the same way in the ingest service
 * and in the CLI. A record that cannot be used (unreadable, invalid, key differing from its id) never removes the
 * source: the last valid version stays, marked with the bad record. Only a tombstone removes.
 */
public final class SourceTable {
    private final Map<String, SourceState> states = new TreeMap<>();

    /** What one record did. */
    public sealed interface Change {
        /** A valid definition is now in service (new or changed). */
        record Put(SourceDefinition definition) implements Change {}

        /** A tombstone removed the source. */
        record Removed(String id) implements Change {}

        /** The record was refused; {@code kept} (may be null) stays in service. */
        record Refused(String id, InvalidRecord invalid, SourceDefinition kept) implements Change {}

        /** Nothing changed (a tombstone for an unknown id, or the same valid definition again). */
        record None() implements Change {}
    }

    /** Applies one record of the topic; {@code key} is null when the record had none. */
    public Change apply(String key, byte[] value, String topic, int partition, long offset, long timestamp) {
        if (key == null) {
            return new Change.Refused(null, invalid("record without key (the key must be the source id)", topic, partition, offset,
                    timestamp), null);
        }
        SourceState old = states.get(key);
        if (value == null) {
            return states.remove(key) == null ? new Change.None() : new Change.Removed(key);
        }
        SourceDefinition d;
        try {
            d = parse(key, value);
        } catch (IllegalArgumentException e) {
            SourceDefinition kept = old == null ? null : old.definition();
            InvalidRecord bad = invalid(e.getMessage(), topic, partition, offset, timestamp);
            states.put(key, new SourceState(key, kept, bad));
            return new Change.Refused(key, bad, kept);
        }
        states.put(key, new SourceState(key, d, null));
        return old != null && d.equals(old.definition()) ? new Change.None() : new Change.Put(d);
    }

    /** Restores a definition kept elsewhere (ingest state) for a key whose topic history holds no valid version. */
    public void restore(SourceDefinition d) {
        SourceState s = states.get(d.id());
        if (s != null && s.definition() == null) {
            states.put(d.id(), new SourceState(d.id(), d, s.invalid()));
        }
    }

    /** Parses a value as a source definition whose id must equal the key. */
    public static SourceDefinition parse(String key, byte[] value) {
        SourceDefinition d;
        try {
            d = Json.MAPPER.readValue(value, SourceDefinition.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(reason(e));
        }
        if (d == null) {
            throw new IllegalArgumentException("value is JSON null (a removal is a tombstone, a record without value)");
        }
        if (!d.id().equals(key)) {
            throw new IllegalArgumentException("record key '" + key + "' differs from source id '" + d.id() + "'");
        }
        return d;
    }

    /** The root cause's message when it is a validation error, else Jackson's own words without the source excerpt. */
    private static String reason(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            return root.getMessage();
        }
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return "not a source definition: " + (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m));
    }

    private static InvalidRecord invalid(String reason, String topic, int partition, long offset, long timestamp) {
        return new InvalidRecord(reason, topic, partition, offset, Instant.ofEpochMilli(timestamp));
    }

    public SourceState get(String id) {
        return states.get(id);
    }

    /** Every source id with its state, by id. */
    public List<SourceState> states() {
        return List.copyOf(states.values());
    }

    /** Reads a key as the topic writes it. */
    public static String key(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
}
