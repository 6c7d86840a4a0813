package io.chipwatch.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chipwatch.ingest.FetchResult.Validators;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest bookkeeping on the compacted state topic: HTTP validators under {@code validators|<sourceId>},
 * ids already published under {@code seen|<sourceId>|<articleId>} and the source definition last accepted
 * from the sources topic under {@code source|<sourceId>} (so a bad record there cannot switch a source off
 * even after compaction removed the good one); values are JSON. Loaded once at start by reading the topic
 * to its end; written through the shared idempotent producer. Memory holds at most {@code seenMax} ids
 * per source, the most recently published (a feed repeats only its newest items); the topic keeps every one.
 */
public final class IngestState {
    private static final Logger LOG = LoggerFactory.getLogger(IngestState.class);
    private static final String VALIDATORS = "validators|";
    private static final String SEEN = "seen|";
    /** Key prefix of the accepted source definitions. */
    public static final String SOURCE = "source|";
    /** Key prefix of the source health the pipeline publishes here ({@code chipwatch sources list} reads it). */
    public static final String HEALTH = "health|";

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Duration sendTimeout;
    private final Map<String, Validators> validators = new ConcurrentHashMap<>();
    private final Map<String, SeenIds> seen = new ConcurrentHashMap<>();
    private final int seenMax;
    private final Map<String, SourceDefinition> acceptedSources = new ConcurrentHashMap<>();

    public IngestState(String topic, Producer<byte[], byte[]> producer, Duration sendTimeout, int seenMax) {
        this.topic = topic;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.seenMax = seenMax;
    }

    /** Ids of one source, insertion-ordered, the oldest dropped beyond the limit. Thread-safe. */
    private static final class SeenIds {
        private final java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        private final int max;

        SeenIds(int max) {
            this.max = max;
        }

        synchronized boolean contains(String id) {
            return ids.contains(id);
        }

        synchronized void add(String id) {
            ids.remove(id);
            ids.add(id);
            if (ids.size() > max) {
                java.util.Iterator<String> oldest = ids.iterator();
                oldest.next();
                oldest.remove();
            }
        }

        synchronized void remove(String id) {
            ids.remove(id);
        }

        synchronized int size() {
            return ids.size();
        }
    }

    /** Reads the whole topic; fails when it cannot reach the end within the timeout. */
    public void load(Properties kafka, Duration timeout) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        int records = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, timeout));
            while (end.entrySet().stream().anyMatch(en -> c.position(en.getKey(), timeout) < en.getValue())) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("state topic " + topic + " not read to its end within " + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    apply(r.key(), r.value());
                    records++;
                }
            }
        }
        LOG.info("loaded ingest state from {}: {} records, {} sources with validators, {} seen ids", topic, records,
                validators.size(), seen.values().stream().mapToInt(SeenIds::size).sum());
    }

    void apply(byte[] keyBytes, byte[] value) {
        if (keyBytes == null) {
            return;
        }
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        try {
            if (key.startsWith(VALIDATORS)) {
                String source = key.substring(VALIDATORS.length());
                if (value == null) {
                    validators.remove(source);
                } else {
                    JsonNode n = Json.MAPPER.readTree(value);
                    validators.put(source, new Validators(n.path("etag").asText(null), n.path("lastModified").asText(null)));
                }
            } else if (key.startsWith(SOURCE)) {
                String source = key.substring(SOURCE.length());
                if (value == null) {
                    acceptedSources.remove(source);
                } else {
                    acceptedSources.put(source, Json.MAPPER.readValue(value, SourceDefinition.class));
                }
            } else if (key.startsWith(SEEN)) {
                String[] parts = key.substring(SEEN.length()).split("\\|", 2);
                if (parts.length == 2) {
                    if (value == null) {
                        seenOf(parts[0]).remove(parts[1]);
                    } else {
                        seenOf(parts[0]).add(parts[1]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable state record '{}': {}", key, e.getMessage());
        }
    }

    public Validators validators(String sourceId) {
        return validators.getOrDefault(sourceId, Validators.NONE);
    }

    public void saveValidators(String sourceId, Validators v) {
        if (v == null || v.isEmpty() || v.equals(validators.get(sourceId))) {
            return;
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("etag", v.etag());
        n.put("lastModified", v.lastModified());
        n.put("updatedAt", Instant.now().toString());
        write(VALIDATORS + sourceId, n);
        validators.put(sourceId, v);
    }

    /** The definition last accepted for a source, or null. */
    public SourceDefinition acceptedSource(String sourceId) {
        return acceptedSources.get(sourceId);
    }

    /** Remembers the definition in service for a source (written only when it changed). */
    public void saveAcceptedSource(SourceDefinition d) {
        if (d.equals(acceptedSources.get(d.id()))) {
            return;
        }
        write(SOURCE + d.id(), Json.MAPPER.valueToTree(d));
        acceptedSources.put(d.id(), d);
    }

    /**
     * Forgets a removed source: tombstones for its accepted definition and for the health the pipeline last reported
     * under {@code health|<sourceId>}, so readers of this topic stop showing it. Its validators and ids seen stay, so
     * adding it again does not republish what it already published.
     */
    public void forgetSource(String sourceId) {
        acceptedSources.remove(sourceId);
        send(SOURCE + sourceId, null);
        send(HEALTH + sourceId, null);
    }

    public boolean isSeen(String sourceId, String articleId) {
        return seenOf(sourceId).contains(articleId);
    }

    public void markSeen(String sourceId, String articleId) {
        if (seenOf(sourceId).contains(articleId)) {
            return;
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("at", Instant.now().toString());
        write(SEEN + sourceId + "|" + articleId, n);
        seenOf(sourceId).add(articleId);
    }

    public int seenCount(String sourceId) {
        return seenOf(sourceId).size();
    }

    private SeenIds seenOf(String sourceId) {
        return seen.computeIfAbsent(sourceId, s -> new SeenIds(seenMax));
    }

    private void write(String key, JsonNode value) {
        try {
            send(key, Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write state " + key + " to " + topic + ": " + e.getMessage(), e);
        }
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing state " + key, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write state " + key + " to " + topic + ": " + e.getMessage(), e);
        }
    }
}
