package io.chipwatch.app;

import io.chipwatch.ingest.SourceHealth;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source health shared between processes: the running ingest service's snapshots are written to
 * the compacted {@code ingest.state} topic under {@code health|<sourceId>}, where
 * {@code chipwatch sources list} in another process reads them.
 */
final class SourceHealthLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceHealthLog.class);
    static final String PREFIX = "health|";

    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "source-health-log");
        t.setDaemon(true);
        return t;
    });

    private SourceHealthLog(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes {@code health} every {@code period} until closed. */
    static SourceHealthLog start(String bootstrap, Supplier<List<SourceHealth>> health, Duration period) {
        SourceHealthLog writer = new SourceHealthLog(bootstrap);
        writer.timer.scheduleAtFixedRate(() -> writer.publish(health.get()), 2, period.toSeconds(), TimeUnit.SECONDS);
        return writer;
    }

    private void publish(List<SourceHealth> snapshot) {
        try {
            for (SourceHealth h : snapshot) {
                producer.send(new ProducerRecord<>(Topics.INGEST_STATE.name(), (PREFIX + h.sourceId()).getBytes(StandardCharsets.UTF_8),
                        Json.toJson(h).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        } catch (RuntimeException e) {
            log.warn("Cannot publish source health: {}", e.getMessage());
        }
    }

    /** The latest health per source id found on the state topic. */
    static Map<String, SourceHealth> read(String bootstrap) {
        Map<String, SourceHealth> latest = new HashMap<>();
        try (TopicReader<byte[]> reader = new TopicReader<>(bootstrap, Topics.INGEST_STATE.name(), (t, b) -> b)) {
            reader.forEachRecord(Map.of(), Duration.ofSeconds(60), (key, value) -> {
                if (key != null && value != null) {
                    String k = new String(key, StandardCharsets.UTF_8);
                    if (k.startsWith(PREFIX)) {
                        try {
                            latest.put(k.substring(PREFIX.length()), Json.MAPPER.readValue(value, SourceHealth.class));
                        } catch (java.io.IOException | RuntimeException e) {
                            log.debug("unreadable health record {}", k, e);
                        }
                    }
                }
            });
        }
        return latest;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
