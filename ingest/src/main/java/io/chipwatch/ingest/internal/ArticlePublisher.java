package io.chipwatch.ingest.internal;

import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes articles to the raw topic (key = id, timestamp = published time, headers source and
 * content type) through one idempotent producer that also carries the state records. Every send is
 * awaited, so a failure surfaces at the article that caused it.
 */
public final class ArticlePublisher implements AutoCloseable {
    private static final JsonSerde<RawArticle> SERDE = new JsonSerde<>(RawArticle.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Duration timeout;

    public ArticlePublisher(String topic, Producer<byte[], byte[]> producer, Duration timeout) {
        this.topic = topic;
        this.producer = producer;
        this.timeout = timeout;
    }

    /** An idempotent producer: acks=all, enable.idempotence=true, bounded delivery time. */
    public static Producer<byte[], byte[]> newProducer(Properties kafka, Duration timeout) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(io.chipwatch.model.topic.Topics.MAX_MESSAGE_BYTES));
        int t = (int) Math.min(Integer.MAX_VALUE, Math.max(timeout.toMillis(), 1000));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(t, 30_000)));
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(t, Math.min(t, 30_000) + 5)));
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "chipwatch-ingest");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the acknowledgement; title, author and text leave as {@link PlainText}, whoever built the article. */
    public void publish(RawArticle article) {
        RawArticle a = PlainText.article(article);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, a.eventTime().toEpochMilli(),
                a.id().getBytes(StandardCharsets.UTF_8), SERDE.serialize(topic, a));
        r.headers().add(RecordHeaders.SOURCE, a.sourceId().getBytes(StandardCharsets.UTF_8));
        if (a.contentType() != null) {
            r.headers().add(RecordHeaders.CONTENT_TYPE, a.contentType().getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(r).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing " + a.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot publish article " + a.id() + " to " + topic + ": " + c, c);
        }
    }

    public Producer<byte[], byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
