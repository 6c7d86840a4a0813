package io.chipwatch.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a topic between captured offsets with read_committed, without a consumer group. */
final class TopicReader<V> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<V> deserializer;

    TopicReader(String bootstrap, String topic, Deserializer<V> deserializer) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.deserializer = deserializer;
    }

    List<TopicPartition> partitions() {
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            parts.add(new TopicPartition(topic, info.partition()));
        }
        return parts;
    }

    /** The current end offsets (read_committed: the last stable offsets). */
    Map<TopicPartition, Long> endOffsets() {
        return new HashMap<>(consumer.endOffsets(partitions()));
    }

    /**
     * Per partition, the first offset whose record time is at or after {@code time} (records before it are all
     * older); partitions with none are at their end.
     */
    Map<TopicPartition, Long> offsetsAtOrAfter(java.time.Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        for (TopicPartition tp : partitions()) {
            query.put(tp, time.toEpochMilli());
        }
        Map<TopicPartition, Long> out = new HashMap<>(consumer.endOffsets(query.keySet()));
        consumer.offsetsForTimes(query).forEach((tp, ot) -> {
            if (ot != null) {
                out.put(tp, ot.offset());
            }
        });
        return out;
    }

    /** Values between {@code from} (inclusive; missing partitions from the start) and the current end. */
    List<V> readFrom(Map<TopicPartition, Long> from, Duration timeout) {
        List<V> values = new ArrayList<>();
        forEachRecord(from, timeout, (key, value) -> {
            if (value != null) {
                values.add(deserializer.deserialize(topic, value));
            }
        });
        return values;
    }

    /** Calls {@code action} with key and value bytes of every record between {@code from} and the current end. */
    void forEachRecord(Map<TopicPartition, Long> from, Duration timeout, java.util.function.BiConsumer<byte[], byte[]> action) {
        List<TopicPartition> parts = partitions();
        consumer.assign(parts);
        for (TopicPartition tp : parts) {
            consumer.seek(tp, from.getOrDefault(tp, 0L));
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                action.accept(r.key(), r.value());
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
