package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.KafkaReads;
import io.chipwatch.model.Alert;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import io.chipwatch.alerts.internal.StoryGrouper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chipwatch tail [--watch ID] [--from-beginning | --since DATE] [--json]}: prints alerts as they
 * are committed (read_committed), one readable line per story (every watch that fired on it, see
 * {@link AlertFormat#line(List)}) or JSON lines. Reads {@code topic.alerts}, or the per-watch topic with
 * {@code --watch}. Consumes without a group: nothing is committed.
 *
 * <p>History ({@code --from-beginning}, {@code --since}) is read from every partition up to the end
 * offsets found at start, then sorted by the articles' published time and printed, then live alerts
 * follow as they come (grouped by story for {@link #LIVE_GROUP_WINDOW}). {@code --since} selects by
 * article time (published, else fired). When the broker stops answering for {@code lostAfter}, a
 * notice goes to the notices stream (stderr), and another when it answers again.
 */
public final class AlertTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTail.class);
    private static final JsonSerde<Alert> SERDE = new JsonSerde<>(Alert.class);
    /** How long a live story waits for the alerts of its other watches before its line is printed. */
    public static final Duration LIVE_GROUP_WINDOW = Duration.ofSeconds(1);
    private static final Duration HEALTH_CHECK_EVERY = Duration.ofSeconds(5);

    /**
     * @param watchId       only this watch (reads its per-watch topic), or null for all
     * @param fromBeginning start at the oldest retained alert
     * @param since         only alerts about articles published at or after this time (ignored with fromBeginning)
     * @param json          JSON lines instead of readable lines
     * @param follow        keep waiting for new alerts; false stops at the end offsets found at start
     * @param lostAfter     how long the broker may be unreachable before {@code tail} says it lost the pipeline
     */
    public record Options(String watchId, boolean fromBeginning, Instant since, boolean json, boolean follow, Duration lostAfter) {
        public Options(String watchId, boolean fromBeginning, Instant since, boolean json, boolean follow) {
            this(watchId, fromBeginning, since, json, follow, Duration.ofSeconds(10));
        }
    }

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

    /** {@link #run(Options, PrintStream, PrintStream)} with notices on stderr. */
    public long run(Options options, PrintStream out) {
        return run(options, out, System.err);
    }

    /** Prints alerts until {@link #close()} (or the captured end, without follow). @return alerts printed */
    public long run(Options options, PrintStream out, PrintStream notices) {
        String topic = options.watchId() == null ? config.alertsTopic() : config.perWatchTopic(options.watchId());
        long[] printed = {0};
        StoryGrouper live = new StoryGrouper(LIVE_GROUP_WINDOW, System::nanoTime, story -> printed[0] += print(story, options, out));
        try {
            List<TopicPartition> parts = KafkaReads.partitions(consumer, topic, config.topicReadyTimeout());
            consumer.assign(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            if (options.fromBeginning() || options.since() != null) {
                printed[0] += printHistory(parts, end, options, out);
            } else {
                consumer.seekToEnd(parts);
            }
            if (!options.follow()) {
                return printed[0];
            }
            Health health = new Health(options.lostAfter(), notices);
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Alert a = parse(r, options);
                    if (a != null && options.json()) {
                        printed[0] += print(List.of(a), options, out);
                    } else if (a != null) {
                        live.add(a);
                    }
                }
                live.flushDue();
                health.check(parts);
            }
        } catch (WakeupException e) {
            // closed
        } finally {
            live.flushAll();
        }
        return printed[0];
    }

    /** Reads every partition to {@code end}, then prints the alerts in published-time order, one line per story. */
    private long printHistory(List<TopicPartition> parts, Map<TopicPartition, Long> end, Options options, PrintStream out) {
        consumer.seekToBeginning(parts);
        List<Alert> history = new ArrayList<>();
        while (!closed && !reached(end)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Alert a = r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) ? parse(r, options) : null;
                if (a != null && (options.fromBeginning() || options.since() == null || !articleTime(a).isBefore(options.since()))) {
                    history.add(a);
                }
            }
        }
        history.sort(Comparator.comparing(AlertTail::articleTime).thenComparing(Alert::triggeredAt).thenComparing(Alert::alertId));
        if (options.json()) {
            history.forEach(a -> print(List.of(a), options, out));
            return history.size();
        }
        Map<String, List<Alert>> stories = new LinkedHashMap<>();
        history.forEach(a -> stories.computeIfAbsent(StoryGrouper.storyOf(a), k -> new ArrayList<>()).add(a));
        stories.values().forEach(story -> print(story, options, out));
        return history.size();
    }

    /** The time an alert is about: its article's published time, else when it fired. */
    static Instant articleTime(Alert a) {
        return a.article() != null && a.article().publishedAt() != null ? a.article().publishedAt() : a.triggeredAt();
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Alert parse(ConsumerRecord<byte[], byte[]> r, Options options) {
        Alert a;
        try {
            a = SERDE.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable alert at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
        if (a == null || (options.watchId() != null && !options.watchId().equals(a.watchId()))) {
            return null;
        }
        return a;
    }

    private static int print(List<Alert> story, Options options, PrintStream out) {
        if (options.json()) {
            story.forEach(a -> out.println(Json.toJson(a)));
        } else {
            out.println(AlertFormat.line(story));
        }
        out.flush();
        return story.size();
    }

    /** Says on the notices stream when the broker stops answering, and when it is back. */
    private final class Health {
        private final Duration lostAfter;
        private final PrintStream notices;
        private long lastCheck = System.nanoTime();
        private long failingSince = -1;
        private boolean announced;

        Health(Duration lostAfter, PrintStream notices) {
            this.lostAfter = lostAfter;
            this.notices = notices;
        }

        void check(List<TopicPartition> parts) {
            long now = System.nanoTime();
            if (now - lastCheck < Math.min(HEALTH_CHECK_EVERY.toNanos(), lostAfter.toNanos() / 2)) {
                return;
            }
            lastCheck = now;
            try {
                consumer.endOffsets(parts, Duration.ofSeconds(Math.max(1, Math.min(3, lostAfter.toSeconds()))));
                if (announced) {
                    notices.println("chipwatch tail: the pipeline is back: the broker at " + config.bootstrapServers() + " answers again");
                    notices.flush();
                }
                failingSince = -1;
                announced = false;
            } catch (org.apache.kafka.common.KafkaException e) { // TimeoutException when nobody answers
                if (e instanceof WakeupException w) {
                    throw w;
                }
                if (failingSince < 0) {
                    failingSince = now;
                }
                long downFor = System.nanoTime() - failingSince;
                if (!announced && downFor >= lostAfter.toNanos()) {
                    notices.println("chipwatch tail: lost the pipeline: the broker at " + config.bootstrapServers() + " has not answered for "
                            + Duration.ofNanos(downFor).toSeconds() + " s; still trying (Ctrl-C stops)");
                    notices.flush();
                    announced = true;
                }
            }
        }
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
