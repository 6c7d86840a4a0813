package io.chipwatch.alerts.internal;

import io.chipwatch.model.topic.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place Streams processors turn a bad input record into a dead letter. */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {}

    public static void forward(ProcessorContext<String, Outcome> ctx, Record<String, byte[]> in, String stage, String reason,
                               Throwable error, AlertMetrics metrics) {
        metrics.deadLetter(stage);
        RecordMetadata meta = ctx.recordMetadata().orElse(null);
        String topic = meta == null ? null : meta.topic();
        int partition = meta == null ? -1 : meta.partition();
        long offset = meta == null ? -1 : meta.offset();
        LOG.warn("Dead-lettering record from {}-{}@{}: {}", topic, partition, offset, reason);
        Headers headers = new RecordHeaders(in.headers().toArray());
        DeadLetterHeaders.add(headers, stage, reason, topic, partition, offset, error);
        byte[] key = in.key() == null ? null : in.key().getBytes(StandardCharsets.UTF_8);
        ctx.forward(new Record<>(in.key(), Outcome.deadLetter(key, in.value()), in.timestamp(), headers));
    }
}
