package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.KafkaReads;
import io.chipwatch.model.Alert;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chipwatch tail [--watch ID] [--from-beginning | --since DATE] [--json]}: prints alerts as they
 * are committed (read_committed), one readable line per alert or JSON lines. Reads {@code topic.alerts},
 * or the per-watch topic with {@code --watch}. Consumes without a group: nothing is committed.
 */
public final class AlertTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTail.class);
    private static final JsonSerde<Alert> SERDE = new JsonSerde<>(Alert.class);

    /**
     * @param watchId       only this watch (reads its per-watch topic), or null for all
     * @param fromBeginning start at the oldest retained alert
     * @param since         start at the first alert written at or after this time (ignored with fromBeginning)
     * @param json          JSON lines instead of readable lines
     * @param follow        keep waiting for new alerts; false stops at the end offsets found at start
     */
    public record Options(String watchId, boolean fromBeginning, Instant since, boolean json, boolean follow) {}

    private final AlertsConfig config;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean closed;

    public AlertTail(AlertsConfig config) {
        this.config = config;
        Properties p = config.kafkaProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Prints alerts until {@link #close()} (or the captured end, without follow). @return alerts printed */
    public long run(Options options, PrintStream out) {
        String topic = options.watchId() == null ? config.alertsTopic() : config.perWatchTopic(options.watchId());
        long printed = 0;
        try {
            List<TopicPartition> parts = KafkaReads.partitions(consumer, topic, config.topicReadyTimeout());
            consumer.assign(parts);
            seek(parts, options);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (print(r, options, out)) {
                        printed++;
                    }
                }
                if (!options.follow() && reached(end)) {
                    break;
                }
            }
        } catch (WakeupException e) {
            // closed
        }
        return printed;
    }

    private void seek(List<TopicPartition> parts, Options options) {
        if (options.fromBeginning()) {
            consumer.seekToBeginning(parts);
        } else if (options.since() != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, options.since().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp o = found.get(tp);
                if (o == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
        } else {
            consumer.seekToEnd(parts);
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static boolean print(ConsumerRecord<byte[], byte[]> r, Options options, PrintStream out) {
        Alert a;
        try {
            a = SERDE.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable alert at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return false;
        }
        if (a == null || (options.watchId() != null && !options.watchId().equals(a.watchId()))) {
            return false;
        }
        out.println(options.json() ? Json.toJson(a) : AlertFormat.line(a));
        out.flush();
        return true;
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }

    /** Releases the consumer; call after {@link #run} returned. */
    public void release() {
        consumer.close();
    }
}
