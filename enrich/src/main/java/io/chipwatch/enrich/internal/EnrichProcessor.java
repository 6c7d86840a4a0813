package io.chipwatch.enrich.internal;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads raw bytes and enriches them. Values are deserialised here rather than by the source so that
 * a record that cannot be read is routed, with its topic, partition and offset, to the dead-letter
 * branch instead of stopping the stream. The output timestamp is the article's event time.
 */
public final class EnrichProcessor implements Processor<byte[], byte[], String, Routed> {
    public static final String STAGE_DESERIALIZE = "enrich.deserialize";
    public static final String STAGE_ENRICH = "enrich.process";
    /** A published time further ahead of the fetch time than this is not trusted as event time. */
    static final Duration MAX_FUTURE_SKEW = EventTime.MAX_FUTURE_SKEW;
    /**
     * Largest raw article enriched: the enriched record carries the whole text plus entities and must
     * still fit articles.enriched's max.message.bytes, or the stream thread would fail on it forever.
     */
    public static final int MAX_RAW_BYTES = io.chipwatch.model.topic.Topics.MAX_MESSAGE_BYTES - 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);

    private final Enricher enricher;
    private final EnrichMetrics metrics;
    private final JsonSerde<RawArticle> serde = new JsonSerde<>(RawArticle.class);
    private ProcessorContext<String, Routed> context;

    public EnrichProcessor(Enricher enricher, EnrichMetrics metrics) {
        this.enricher = enricher;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        if (record.value() == null) {
            deadLetter(record, STAGE_DESERIALIZE, "null value (tombstone) is not a RawArticle", null);
            return;
        }
        if (record.value().length > MAX_RAW_BYTES) {
            deadLetter(record, STAGE_DESERIALIZE, "article too large to enrich: " + record.value().length
                    + " bytes, the limit is " + MAX_RAW_BYTES, null);
            return;
        }
        RawArticle raw;
        try {
            raw = serde.deserialize(topic, record.value());
        } catch (SerializationException e) {
            deadLetter(record, STAGE_DESERIALIZE, e.getMessage(), e);
            return;
        }
        EnrichedArticle enriched;
        long start = System.nanoTime();
        try {
            enriched = enricher.enrich(raw);
        } catch (RuntimeException e) {
            deadLetter(record, STAGE_ENRICH, "cannot enrich article " + raw.id() + ": " + e, e);
            return;
        }
        metrics.enriched(enriched, Duration.ofNanos(System.nanoTime() - start), java.time.Instant.now());
        context.forward(new Record<>(enriched.id(), new Routed.Enriched(enriched), eventTime(raw), record.headers()));
    }

    /** Published time, unless missing or implausibly far in the future; then fetch time. */
    static long eventTime(RawArticle raw) {
        return EventTime.of(raw.publishedAt(), raw.fetchedAt());
    }

    private void deadLetter(Record<byte[], byte[]> record, String stage, String reason, Throwable error) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? null : meta.topic();
        int partition = meta == null ? -1 : meta.partition();
        long offset = meta == null ? -1 : meta.offset();
        LOG.warn("dead-lettering record {}-{}@{} at stage {}: {}", topic, partition, offset, stage, reason);
        metrics.deadLettered(stage);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.add(headers, stage, reason, topic, partition, offset, error);
        context.forward(new Record<>((String) null, new Routed.DeadLetter(record.key(), record.value()),
                record.timestamp(), headers));
    }
}
