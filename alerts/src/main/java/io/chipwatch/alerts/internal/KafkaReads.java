package io.chipwatch.alerts.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reading a topic from its beginning to the end offsets captured at the start (compacted topics, logs). */
public final class KafkaReads {
    private KafkaReads() {}

    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        return consumer.partitionsFor(topic, timeout).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Assigns all partitions, seeks to the beginning, and reads up to the current end. */
    public static <K, V> void readAll(KafkaConsumer<K, V> consumer, String topic, Duration timeout, Consumer<ConsumerRecord<K, V>> sink) {
        List<TopicPartition> parts = partitions(consumer, topic, timeout);
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        readToEnd(consumer, consumer.endOffsets(parts, timeout), timeout, sink);
    }

    /** Polls the assigned partitions until every position reaches {@code end}. */
    public static <K, V> void readToEnd(KafkaConsumer<K, V> consumer, Map<TopicPartition, Long> end, Duration timeout,
                                        Consumer<ConsumerRecord<K, V>> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + end.keySet() + " to its end within " + timeout);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(sink);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
