package io.chipwatch.ingest.internal;

import io.chipwatch.model.InvalidRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted sources topic from its beginning: {@link #catchUp} reads it to its end (start-up), then
 * {@link #start} keeps reading on a daemon thread and hands each change to the listener within a poll interval.
 * A refused record is logged at ERROR and counted; it never removes a source (see {@link SourceTable}).
 */
public final class SourceFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFollower.class);
    public static final String INVALID_RECORDS = "chipwatch.ingest.sources.invalid.records";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SourceTable table = new SourceTable();
    private final Consumer<SourceTable.Change> listener;
    private final Counter invalid;
    private Thread thread;
    private volatile boolean running = true;

    public SourceFollower(Properties kafka, String topic, Duration timeout, MeterRegistry registry, Consumer<SourceTable.Change> listener) {
        this.consumer = TopicReads.fromBeginning(kafka, topic, timeout);
        this.listener = listener;
        this.invalid = Counter.builder(INVALID_RECORDS)
                .description("Records on the sources topic that were refused (unreadable, invalid, key differing from the id); "
                        + "each leaves the source's last valid version in service")
                .register(registry);
    }

    /** Reads to the end offsets of now, applying every record; the table then holds the state at start. */
    public SourceTable catchUp(Duration timeout) {
        TopicReads.readToEnd(consumer, timeout, this::apply);
        return table;
    }

    /** Follows the topic on a daemon thread until closed. */
    public void start() {
        thread = new Thread(this::follow, "chipwatch-ingest-sources");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Sources topic follower stopped: source changes no longer reach this service until it restarts: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        SourceTable.Change c = table.apply(SourceTable.key(r.key()), r.value(), r.topic(), r.partition(), r.offset(), r.timestamp());
        if (c instanceof SourceTable.Change.Refused refused) {
            invalid.increment();
            InvalidRecord bad = refused.invalid();
            LOG.error("Refused record {} on the sources topic for source '{}': {}; {}", bad.position(), refused.id(), bad.reason(),
                    refused.kept() != null ? "its last valid version stays in service" : "no valid version of it is known, so it is not polled");
        }
        try {
            listener.accept(c);
        } catch (RuntimeException e) {
            LOG.error("Cannot apply source change {}: {}", c, e.toString(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
