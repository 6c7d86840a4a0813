package io.chipwatch.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.topic.DeadLetterHeaders;
import io.chipwatch.web.WebConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every topic the read model is built from, with assigned partitions (no consumer group, so
 * any number of web instances can follow one cluster) and {@code read_committed}, and applies each
 * record to the {@link ReadModel}. Positions start at the offsets of the model's last commit, or at the
 * beginning. A record that cannot be read is skipped with its topic, partition, offset and reason kept
 * for the status page; it stays on its topic. One thread; the model is committed every
 * {@code index.commit.interval.ms} and on close.
 */
public final class TopicFollower implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final int VALUE_PREVIEW_CHARS = 4096;
    private static final String HEALTH_PREFIX = "health|";
    private static final int MAX_POLL_RECORDS = 1000;

    /** Told about alerts just made visible, in stream order: (sequence number, alert JSON). */
    public interface AlertListener {
        void onAlerts(List<Map.Entry<Long, JsonNode>> alerts);
    }

    /** A record that could not be applied. */
    public record Skipped(String topic, int partition, long offset, String reason, Instant at) {}

    private final WebConfig config;
    private final ReadModel model;
    private final AlertListener listener;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Long> lagByTopic = new ConcurrentHashMap<>();
    private final Map<String, Long> readByTopic = new ConcurrentHashMap<>();
    private final List<Skipped> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Instant lastApplied;
    private volatile String failure;

    public TopicFollower(WebConfig config, ReadModel model, AlertListener listener) {
        this.config = config;
        this.model = model;
        this.listener = listener;
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, io.chipwatch.model.topic.Topics.MAX_DEAD_LETTER_BYTES);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chipwatch-web-" + ProcessHandle.current().pid());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "web-topic-follower");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long nextAssign = 0;
        long nextCommit = System.currentTimeMillis() + config.commitInterval().toMillis();
        long nextLag = 0;
        boolean dirty = false;
        boolean unrefreshed = false;
        long lastRefresh = 0;
        List<Map.Entry<Long, JsonNode>> pendingAlerts = new ArrayList<>();
        try {
            while (running) {
                long now = System.currentTimeMillis();
                if (now >= nextAssign) {
                    assignNewPartitions();
                    nextAssign = now + 5_000;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.assignment().isEmpty()
                        ? ConsumerRecords.empty() : consumer.poll(Duration.ofMillis(200));
                if (consumer.assignment().isEmpty()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // no topic yet: wait for one to appear
                }
                if (!records.isEmpty()) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        apply(r, pendingAlerts);
                        model.offset(r.topic(), r.partition(), r.offset() + 1);
                        readByTopic.merge(r.topic(), 1L, Long::sum);
                    }
                    lastApplied = Instant.now();
                    dirty = true;
                    unrefreshed = true;
                }
                // Catching up (full batches), make changes visible once a second: a refresh per batch writes a
                // segment per batch. Otherwise at once, so a new alert reaches open pages without delay. Alerts
                // are streamed only once visible, so a page that connects meanwhile finds them in the index.
                boolean catchingUp = records.count() >= MAX_POLL_RECORDS;
                if (unrefreshed && (!catchingUp || System.currentTimeMillis() - lastRefresh >= 1_000)) {
                    model.refresh();
                    lastRefresh = System.currentTimeMillis();
                    unrefreshed = false;
                    if (!pendingAlerts.isEmpty()) {
                        List<Map.Entry<Long, JsonNode>> visible = List.copyOf(pendingAlerts);
                        pendingAlerts.clear();
                        listener.onAlerts(visible);
                    }
                }
                if (now >= nextLag || records.isEmpty()) {
                    updateLag();
                    nextLag = now + 1_000;
                }
                if (dirty && System.currentTimeMillis() >= nextCommit) {
                    model.commit();
                    dirty = false;
                    nextCommit = System.currentTimeMillis() + config.commitInterval().toMillis();
                }
            }
            model.commit();
        } catch (WakeupException e) {
            commitQuietly();
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("web read model stopped following the topics: {}", failure, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void commitQuietly() {
        try {
            model.commit();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot commit the web read model on close: {}", e.getMessage());
        }
    }

    private void assignNewPartitions() {
        Set<TopicPartition> wanted = new HashSet<>(consumer.assignment());
        for (String topic : config.followedTopics()) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(i -> wanted.add(new TopicPartition(i.topic(), i.partition())));
                }
            } catch (org.apache.kafka.common.errors.TimeoutException | org.apache.kafka.common.errors.TopicAuthorizationException e) {
                LOG.debug("topic {} not followed yet: {}", topic, e.getMessage()); // looked up again in 5 s
            }
        }
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(consumer.assignment());
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(wanted);
        Map<String, Long> stored = model.offsets();
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : added) {
            Long next = stored.get(tp.topic() + "|" + tp.partition());
            if (next == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, next);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart); // an empty list would mean every assigned partition
        }
        LOG.info("web read model follows {} partition(s) ({} new, {} resumed from the index)", wanted.size(), added.size(),
                added.size() - fromStart.size());
    }

    private void updateLag() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(5));
        Map<String, Long> lag = new HashMap<>();
        for (TopicPartition tp : assigned) {
            long behind = Math.max(0, end.getOrDefault(tp, 0L) - consumer.position(tp, Duration.ofSeconds(5)));
            lag.merge(tp.topic(), behind, Long::sum);
        }
        lagByTopic.putAll(lag);
        boolean all = lag.values().stream().allMatch(v -> v == 0);
        caughtUp = all && assigned.stream().map(TopicPartition::topic).distinct().count() >= 1;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r, List<Map.Entry<Long, JsonNode>> alerts) throws IOException {
        String topic = r.topic();
        try {
            if (topic.equals(config.topic(WebConfig.TOPIC_ARTICLES))) {
                if (r.value() != null) {
                    JsonNode json = Json.MAPPER.readTree(r.value());
                    model.putArticle(Json.MAPPER.treeToValue(json, EnrichedArticle.class), json);
                }
            } else if (topic.equals(config.topic(WebConfig.TOPIC_ALERTS))) {
                if (r.value() != null) {
                    JsonNode json = Json.MAPPER.readTree(r.value());
                    long seq = model.putAlert(Json.MAPPER.treeToValue(json, Alert.class), json);
                    alerts.add(Map.entry(seq, json));
                }
            } else if (topic.equals(config.topic(WebConfig.TOPIC_TRENDS))) {
                if (r.value() != null) {
                    JsonNode json = Json.MAPPER.readTree(r.value());
                    model.putTrend(Json.MAPPER.treeToValue(json, EntityTrend.class), json);
                }
            } else if (topic.equals(config.topic(WebConfig.TOPIC_WATCHES))) {
                applyWatch(r);
            } else if (topic.equals(config.topic(WebConfig.TOPIC_STATE))) {
                applyHealth(r);
            } else if (topic.equals(config.topic(WebConfig.TOPIC_ARTICLES_DLQ)) || topic.equals(config.topic(WebConfig.TOPIC_ALERTS_DLQ))) {
                model.putKeyed(ReadModel.DEAD_LETTER, deadLetterId(r), deadLetter(r), r.timestamp());
            }
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException e) {
            skip(r, e);
        }
    }

    private void applyWatch(ConsumerRecord<byte[], byte[]> r) throws IOException {
        String id = key(r);
        if (id == null) {
            throw new IllegalArgumentException("watch record without a key");
        }
        if (r.value() == null) {
            model.putKeyed(ReadModel.WATCH, id, null, r.timestamp());
            return;
        }
        JsonNode json = Json.MAPPER.readTree(r.value());
        Json.MAPPER.treeToValue(json, Watch.class); // invalid watches are skipped, as the alerts service skips them
        model.putKeyed(ReadModel.WATCH, id, json, r.timestamp());
    }

    private void applyHealth(ConsumerRecord<byte[], byte[]> r) throws IOException {
        String key = key(r);
        if (key == null || !key.startsWith(HEALTH_PREFIX)) {
            return; // validators and seen ids: ingest bookkeeping the dashboard does not show
        }
        String sourceId = key.substring(HEALTH_PREFIX.length());
        JsonNode json = r.value() == null ? null : Json.MAPPER.readTree(r.value());
        if (json != null && !json.isObject()) {
            throw new IllegalArgumentException("health of source '" + sourceId + "' is not a JSON object");
        }
        model.putKeyed(ReadModel.HEALTH, sourceId, json, r.timestamp());
    }

    /** The dead letter's id in the API: {@code <topic>-<partition>-<offset>}. */
    public static String deadLetterId(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "-" + r.offset();
    }

    private static JsonNode deadLetter(ConsumerRecord<byte[], byte[]> r) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("id", deadLetterId(r));
        d.put("topic", r.topic());
        d.put("partition", r.partition());
        d.put("offset", r.offset());
        d.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
        d.put("key", r.key() == null ? null : utf8OrHex(r.key(), 512));
        d.put("reason", DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON));
        d.put("stage", DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.STAGE));
        d.put("sourceTopic", DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_TOPIC));
        d.put("sourcePartition", DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_PARTITION));
        d.put("sourceOffset", DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_OFFSET));
        d.put("exception", DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.EXCEPTION));
        String channel = DeadLetterHeaders.get(r.headers(), "chipwatch.dlq.channel");
        d.put("channel", channel);
        d.put("valueBytes", r.value() == null ? 0 : r.value().length);
        d.put("valuePreview", r.value() == null ? null : utf8OrHex(r.value(), VALUE_PREVIEW_CHARS));
        String alertId = null;
        if (channel != null && r.value() != null) {
            try {
                alertId = Json.MAPPER.readValue(r.value(), Alert.class).alertId();
            } catch (IOException | RuntimeException e) {
                alertId = null; // a delivery whose alert cannot be read cannot be resent
            }
        }
        d.put("alertId", alertId);
        d.put("retryable", channel != null && alertId != null);
        return d;
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    /** UTF-8 text when the bytes are valid UTF-8, else hex; cut to {@code max} characters. */
    static String utf8OrHex(byte[] bytes, int max) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder hex = new StringBuilder("hex:");
            for (int i = 0; i < bytes.length && hex.length() < max; i++) {
                hex.append(String.format(java.util.Locale.ROOT, "%02x", bytes[i]));
            }
            s = hex.toString();
        }
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    private void skip(ConsumerRecord<byte[], byte[]> r, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        LOG.warn("web read model skips unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
        synchronized (skipped) {
            skipped.add(new Skipped(r.topic(), r.partition(), r.offset(), reason, Instant.now()));
            if (skipped.size() > 100) {
                skipped.remove(0);
            }
        }
    }

    /** Status of the follower, for {@code /api/v1/status}. */
    public Map<String, Object> status() {
        Map<String, Object> s = new TreeMap<>();
        s.put("caughtUp", caughtUp);
        s.put("lagByTopic", new TreeMap<>(lagByTopic));
        s.put("readByTopic", new TreeMap<>(readByTopic));
        s.put("lastApplied", lastApplied == null ? null : lastApplied.toString());
        s.put("failure", failure);
        synchronized (skipped) {
            s.put("skipped", List.copyOf(skipped));
        }
        return s;
    }

    /** True once every followed partition has been read to its end (as of the last check). */
    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean failed() {
        return failure != null;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (thread.isAlive() && !stopped.await(15, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("web topic follower did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
