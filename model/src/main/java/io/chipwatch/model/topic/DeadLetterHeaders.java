package io.chipwatch.model.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Headers every dead-letter record carries, so an operator can see why and where from. The value
 * and key are the original bytes, untouched.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "chipwatch.dlq.reason";
    public static final String STAGE = "chipwatch.dlq.stage";
    public static final String SOURCE_TOPIC = "chipwatch.dlq.topic";
    public static final String SOURCE_PARTITION = "chipwatch.dlq.partition";
    public static final String SOURCE_OFFSET = "chipwatch.dlq.offset";
    public static final String EXCEPTION = "chipwatch.dlq.exception";
    /** Micrometer counter every service increments per dead letter, tagged {@code stage} (the {@link #STAGE} header). */
    public static final String METRIC = "chipwatch.dead.letters";
    public static final String METRIC_DESCRIPTION = "Records sent to a dead-letter topic (articles.dlq, alerts.dlq), by stage";

    private DeadLetterHeaders() {}

    public static void add(Headers headers, String stage, String reason, String topic, int partition, long offset, Throwable error) {
        put(headers, STAGE, stage);
        put(headers, REASON, reason);
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
        if (error != null) {
            put(headers, EXCEPTION, error.getClass().getName());
        }
    }

    public static String get(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
