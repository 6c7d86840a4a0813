package io.chipwatch.app;

import io.chipwatch.model.RawArticle;
import io.chipwatch.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies the raw articles of one time range to another topic, selected by article time (published,
 * else fetched), keys, timestamps, headers and partitions kept. {@code reprocess --since} enriches
 * the copy: the record timestamps of a replayed archive are not in time order, so no start offset
 * on the live topic selects "articles since D".
 */
final class RawCopy {
    private RawCopy() {}

    /** @return records copied; an unreadable record is copied when its record time is in range (enrich dead-letters it) */
    static long since(String bootstrap, String from, String to, Instant since) throws InterruptedException, ExecutionException {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.PRODUCER_MAX_REQUEST_BYTES);
        long copied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(from, Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(from, i.partition())).toList();
            int targetPartitions = producer.partitionsFor(to).size();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + from + " to its end within an hour");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())) || !inRange(r, since)) {
                        continue;
                    }
                    Integer partition = r.partition() < targetPartitions ? r.partition() : null;
                    sent.add(producer.send(new ProducerRecord<>(to, partition, r.timestamp(), r.key(), r.value(), r.headers())));
                    copied++;
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        return copied;
    }

    private static boolean inRange(ConsumerRecord<byte[], byte[]> r, Instant since) {
        if (r.value() == null) {
            return false;
        }
        Instant t;
        try {
            RawArticle a = Topics.ARTICLES_RAW.valueSerde().deserializer().deserialize(r.topic(), r.value());
            t = a == null ? null : a.eventTime();
        } catch (RuntimeException unreadable) {
            t = null;
        }
        return !(t == null ? Instant.ofEpochMilli(r.timestamp()) : t).isBefore(since);
    }
}
