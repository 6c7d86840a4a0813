package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.KafkaReads;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chipwatch backtest --watch FILE [--since DATE] [--until DATE]}: runs a new or edited watch over
 * the history of {@code topic.input} with the same {@link WatchMatcher} the topology uses (first-in-story
 * articles only, once per story), and returns the alerts it would have fired. Notifies nobody, writes
 * nothing. Reads the whole topic up to the end offsets captured at start and keeps the articles whose
 * article time (published time, else fetch time) is within {@code [since, until)}: record timestamps
 * cannot be used to seek, because a replayed archive is not in time order, so the first offset at or
 * after a time says nothing about the records behind it.
 */
public final class Backtester {
    private static final Logger LOG = LoggerFactory.getLogger(Backtester.class);
    private static final JsonSerde<EnrichedArticle> SERDE = new JsonSerde<>(EnrichedArticle.class);

    private final AlertsConfig config;

    public Backtester(AlertsConfig config) {
        this.config = config;
    }

    /**
     * @param since first article time (published, else fetched), or null for the oldest retained
     * @param until last article time (exclusive), or null for no limit
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
            consumer.seekToBeginning(parts);
            KafkaReads.readToEnd(consumer, end, Duration.ofHours(1), r -> {
                if (r.value() == null || r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                    return;
                }
                EnrichedArticle a = parse(r);
                if (a != null && a.firstInStory() && within(a.eventTime(), since, until)) {
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

    static boolean within(Instant t, Instant since, Instant until) {
        return t != null && (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = config.kafkaProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
