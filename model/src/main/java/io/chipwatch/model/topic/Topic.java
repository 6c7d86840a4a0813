package io.chipwatch.model.topic;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic name bound to its key and value serdes and the settings it is created with.
 *
 * @param name          topic name
 * @param keySerde      key serde
 * @param valueSerde    value serde
 * @param partitions    default partition count (the app may override for all topics)
 * @param configs       topic-level configs (cleanup.policy, retention.ms, max.message.bytes, ...)
 * @param description   what flows on it, for docs and {@code chipwatch topics}
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                          Map<String, String> configs, String description) {
    public Topic {
        if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("invalid topic name '" + name + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    /** The same topic under another name (replay copies, per-watch topics). */
    public Topic<K, V> renamed(String newName, String newDescription) {
        return new Topic<>(newName, keySerde, valueSerde, partitions, configs, newDescription);
    }
}
