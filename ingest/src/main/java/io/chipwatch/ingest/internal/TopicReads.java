package io.chipwatch.ingest.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reading a compacted topic from its beginning: a group-less consumer of raw bytes, every partition assigned. */
public final class TopicReads {
    private TopicReads() {}

    /** A consumer without group or auto-commit, positioned at the beginning of every partition of {@code topic}. */
    public static KafkaConsumer<byte[], byte[]> fromBeginning(Properties kafka, String topic, Duration timeout) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = c.partitionsFor(topic, timeout).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            if (parts.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Polls until every assigned partition reached the end offsets taken now; fails after {@code timeout}. */
    public static void readToEnd(KafkaConsumer<byte[], byte[]> c, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> end = c.endOffsets(c.assignment(), timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey(), timeout) < e.getValue())) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("could not read " + end.keySet() + " to its end within " + timeout.toMillis() + " ms");
            }
            c.poll(Duration.ofMillis(100)).forEach(sink);
        }
    }

    /** Whether the topic never held a record (every end offset is 0). */
    public static boolean neverWritten(KafkaConsumer<byte[], byte[]> c, Duration timeout) {
        return c.endOffsets(c.assignment(), timeout).values().stream().allMatch(o -> o == 0L);
    }
}
