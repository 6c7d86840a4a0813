package io.chipwatch.enrich.internal;

import java.util.function.BiConsumer;

/**
 * Where {@link StoryIndex} keeps its entries ({@code a:<articleId>}, {@code x:<sha256>}, see {@link StoryEntry}):
 * the Streams processor's changelogged RocksDB store, or a map for the offline assigner.
 */
public interface StoryStore {
    StoryEntry get(String key);

    void put(String key, StoryEntry value);

    void delete(String key);

    /** Every entry, in no promised order. Callers collect changes and apply them after the scan. */
    void forEach(BiConsumer<String, StoryEntry> action);

    /** An in-memory store (not thread-safe). */
    static StoryStore inMemory() {
        java.util.Map<String, StoryEntry> map = new java.util.HashMap<>();
        return new StoryStore() {
            @Override
            public StoryEntry get(String key) {
                return map.get(key);
            }

            @Override
            public void put(String key, StoryEntry value) {
                map.put(key, value);
            }

            @Override
            public void delete(String key) {
                map.remove(key);
            }

            @Override
            public void forEach(BiConsumer<String, StoryEntry> action) {
                map.forEach(action);
            }
        };
    }

    /** A Kafka Streams key-value store. */
    static StoryStore of(org.apache.kafka.streams.state.KeyValueStore<String, StoryEntry> store) {
        return new StoryStore() {
            @Override
            public StoryEntry get(String key) {
                return store.get(key);
            }

            @Override
            public void put(String key, StoryEntry value) {
                store.put(key, value);
            }

            @Override
            public void delete(String key) {
                store.delete(key);
            }

            @Override
            public void forEach(BiConsumer<String, StoryEntry> action) {
                try (org.apache.kafka.streams.state.KeyValueIterator<String, StoryEntry> it = store.all()) {
                    while (it.hasNext()) {
                        org.apache.kafka.streams.KeyValue<String, StoryEntry> kv = it.next();
                        action.accept(kv.key, kv.value);
                    }
                }
            }
        };
    }
}
