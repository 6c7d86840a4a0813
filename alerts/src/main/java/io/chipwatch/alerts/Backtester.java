package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.KafkaReads;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chipwatch backtest --watch FILE [--since DATE] [--until DATE]}: runs a new or edited watch over
 * the history of {@code topic.input} with the same {@link WatchMatcher} the topology uses (first-in-story
 * articles only, once per story), and returns the alerts it would have fired. Notifies nobody, writes
 * nothing. Reads from {@code since} (record timestamps) to the end offsets captured at start.
 */
public final class Backtester {
    private static final Logger LOG = LoggerFactory.getLogger(Backtester.class);
    private static final JsonSerde<EnrichedArticle> SERDE = new JsonSerde<>(EnrichedArticle.class);

    private final AlertsConfig config;

    public Backtester(AlertsConfig config) {
        this.config = config;
    }

    /**
     * @param since first article time (record timestamp), or null for the oldest retained
     * @param until last article time (exclusive), or null for now
     */
    public List<Alert> run(Watch watch, Instant since, Instant until) {
        if (watch.spike() != null) {
            throw new WatchValidationException(watch.id(), "spike watches fire on entity.trends, not on articles; "
                    + "back-testing them is not supported", null);
        }
        Watch enabled = watch.isEnabled() ? watch : new Watch(watch.id(), watch.name(), watch.description(), watch.severity(), true,
                watch.entities(), watch.events(), watch.query(), watch.sources(), watch.languages(), watch.tags(), null,
                watch.throttle(), watch.digest(), watch.channels());
        List<Alert> alerts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (WatchMatcher matcher = new WatchMatcher(List.of(enabled)); KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = KafkaReads.partitions(consumer, config.inputTopic(), config.topicReadyTimeout());
            consumer.assign(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            seek(consumer, parts, since);
            long untilMs = until == null ? Long.MAX_VALUE : until.toEpochMilli();
            KafkaReads.readToEnd(consumer, end, Duration.ofHours(1), r -> {
                if (r.timestamp() >= untilMs || r.value() == null || r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                    return;
                }
                EnrichedArticle a = parse(r);
                if (a != null && a.firstInStory()) {
                    for (Alert alert : matcher.match(a, Instant.ofEpochMilli(r.timestamp()))) {
                        if (seen.add(alert.alertId())) {
                            alerts.add(alert);
                        }
                    }
                }
            });
        }
        alerts.sort(java.util.Comparator.comparing(Alert::triggeredAt));
        return alerts;
    }

    private static EnrichedArticle parse(ConsumerRecord<String, byte[]> r) {
        try {
            return SERDE.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable article at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    private static void seek(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts, Instant since) {
        if (since == null) {
            consumer.seekToBeginning(parts);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            if (o == null) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, o.offset());
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = config.kafkaProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
