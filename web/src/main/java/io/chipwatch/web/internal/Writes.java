package io.chipwatch.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.RetryRequest;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
import io.chipwatch.web.WebConfig;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Everything the web service writes: watches (to the watches topic, which the alerts service follows),
 * new sources (to the live sources topic) and resend requests (to alerts.retry). Each write waits for
 * the broker's acknowledgement, so a 2xx means the record is on its topic.
 */
public final class Writes implements Closeable {
    private final WebConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    public Writes(WebConfig config, Admin admin) {
        this.config = config;
        this.admin = admin;
        Properties p = config.kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.topicReadyTimeout().toMillis());
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    void watch(String id, Watch watch) {
        send(config.topic(WebConfig.TOPIC_WATCHES), id, watch == null ? null : Json.toJson(watch), "saving watch '" + id + "'");
    }

    void source(String id, JsonNode source) {
        String topic = config.topic(WebConfig.TOPIC_SOURCES);
        ensureTopic(topic, io.chipwatch.model.topic.Topics.SOURCES.configs());
        send(topic, id, Json.toJson(source), "adding source '" + id + "'");
    }

    void retry(RetryRequest request) {
        String topic = config.topic(WebConfig.TOPIC_ALERTS_RETRY);
        ensureTopic(topic, Map.of());
        send(topic, request.key(), Json.toJson(request), "requesting a resend of " + request.key());
    }

    private void send(String topic, String key, String json, String what) {
        byte[] value = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        try {
            Api.await(producer.send(new ProducerRecord<>(topic, key, value)), config, what);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ApiException(503, "the broker did not accept the write (" + what + "): " + e.getMessage(), e);
        }
    }

    /** Creates a topic this service writes to when it is missing (auto-creation is off on chipwatch's broker). */
    private void ensureTopic(String topic, Map<String, String> configs) {
        if (ensured.contains(topic)) {
            return;
        }
        try {
            Set<String> names = admin.listTopics().names().get(config.topicReadyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!names.contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty()).configs(configs)))
                        .all().get(config.topicReadyTimeout().toMillis(), TimeUnit.MILLISECONDS);
                awaitServed(topic);
            }
            ensured.add(topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ApiException(503, "cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
            }
            ensured.add(topic);
        } catch (TimeoutException e) {
            throw new ApiException(503, "the broker did not answer in time while creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while creating topic " + topic);
        }
    }

    /** A new topic can lose the first records sent to it before its partitions are served (KAFKA-15591): wait for them. */
    private void awaitServed(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + config.topicReadyTimeout().toNanos();
        var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        while (true) {
            try {
                admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new ApiException(503, "topic " + topic + " is not served by the broker yet");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // retry with a deadline
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
