package io.chipwatch.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records of partitions by reading them with read_committed, without a group. On topics
 * written with transactions the offset range is larger than the record count: every commit leaves
 * a marker in each partition it wrote, and aborted records take offsets too.
 */
final class RecordCounter {
    private RecordCounter() {}

    /** Records between the start offsets and the end offsets (exclusive), per partition. */
    static Map<TopicPartition, Long> count(String bootstrap, Map<TopicPartition, ListOffsetsResultInfo> start,
                                           Map<TopicPartition, ListOffsetsResultInfo> end) {
        Map<TopicPartition, Long> counts = new HashMap<>();
        List<TopicPartition> nonEmpty = new ArrayList<>();
        for (TopicPartition tp : start.keySet()) {
            counts.put(tp, 0L);
            if (end.get(tp).offset() > start.get(tp).offset()) {
                nonEmpty.add(tp);
            }
        }
        if (nonEmpty.isEmpty()) {
            return counts;
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(nonEmpty);
            // read_committed stops at the last stable offset, which may be below the end offset of an open transaction
            Map<TopicPartition, Long> stop = consumer.endOffsets(nonEmpty);
            for (TopicPartition tp : nonEmpty) {
                consumer.seek(tp, start.get(tp).offset());
                stop.merge(tp, end.get(tp).offset(), Math::min);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            List<TopicPartition> open = new ArrayList<>(nonEmpty);
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not count the records of " + open + " within 10 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < stop.get(tp)) {
                        counts.merge(tp, 1L, Long::sum);
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= stop.get(tp));
                consumer.pause(nonEmpty.stream().filter(tp -> !open.contains(tp)).toList());
            }
        }
        return counts;
    }
}
