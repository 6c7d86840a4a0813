package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.DeliveryException;
import io.chipwatch.alerts.internal.KafkaReads;
import io.chipwatch.alerts.internal.Senders;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Channel;
import io.chipwatch.model.Delivery;
import io.chipwatch.model.Watch;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts from {@code topic.alerts} to the channels of their watch, at least once and without
 * loss: failed attempts are retried with exponential back-off until {@code delivery.deadline.ms}
 * (counted from the start of the batch), then the alert goes to {@code topic.dlq} with the reason.
 * Offsets are committed only after every channel of every alert in a batch delivered or dead-lettered.
 * Each outcome is written to the compacted delivery log, read at start, so a restarted notifier does
 * not send again what was delivered. Channels of a batch are served in parallel, so a slow channel
 * delays the others only until the batch ends. Not part of the Streams topology.
 */
public final class Notifier implements AutoCloseable {
    /** Header on dead letters naming the channel that failed. */
    public static final String CHANNEL_HEADER = "chipwatch.dlq.channel";
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final JsonSerde<Alert> ALERT_SERDE = new JsonSerde<>(Alert.class);
    private static final JsonSerde<Watch> WATCH_SERDE = new JsonSerde<>(Watch.class);
    private static final JsonSerde<Delivery> DELIVERY_SERDE = new JsonSerde<>(Delivery.class);

    private final AlertsConfig config;
    private final Senders senders;
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ExecutorService channels = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chipwatch-notifier-channel");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaConsumer<byte[], byte[]> alertConsumer;
    private volatile boolean ready;
    private Thread thread;

    public Notifier(AlertsConfig config, PrintStream console, Secrets secrets) {
        this.config = config;
        this.senders = new Senders(config, console, secrets);
    }

    /** Starts the delivery loop on its own thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("notifier already started");
        }
        thread = new Thread(this::run, "chipwatch-notifier");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the delivery log has been loaded and alerts are being consumed. */
    public boolean isReady() {
        return ready;
    }

    private void run() {
        try (KafkaProducer<byte[], byte[]> producer = producer();
             KafkaConsumer<String, byte[]> watchConsumer = plainConsumer();
             KafkaConsumer<byte[], byte[]> consumer = alertConsumer()) {
            alertConsumer = consumer;
            loadDeliveryLog();
            List<TopicPartition> watchParts = KafkaReads.partitions(watchConsumer, config.watchesTopic(), config.topicReadyTimeout());
            watchConsumer.assign(watchParts);
            watchConsumer.seekToBeginning(watchParts);
            consumer.subscribe(List.of(config.alertsTopic()));
            ready = true;
            LOG.info("Notifier ready: {} delivery outcomes loaded from {}", done.size(), config.deliveredTopic());
            while (closing.getCount() > 0) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                catchUpWatches(watchConsumer, watchParts);
                try {
                    handle(records, producer);
                    consumer.commitSync();
                } catch (Stopped | WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.error("Notifier batch failed, it will be retried: {}", e.toString());
                    rewind(consumer);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Notifier stopped: {}", e.toString(), e);
        } finally {
            ready = false;
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records, KafkaProducer<byte[], byte[]> producer) {
        long deadline = System.currentTimeMillis() + config.deliveryDeadline().toMillis();
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        Map<String, List<Job>> byChannel = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Alert alert;
            try {
                alert = ALERT_SERDE.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                writes.add(deadLetter(producer, r, null, "unreadable alert: " + e.getMessage(), e));
                continue;
            }
            if (alert == null) {
                continue;
            }
            Watch watch = watches.get(alert.watchId());
            if (watch == null) {
                LOG.warn("Alert {} names watch '{}', which no longer exists: not delivered", alert.alertId(), alert.watchId());
                continue;
            }
            for (Channel ch : watch.channels()) {
                if (!done.contains(Delivery.key(ch.key(), alert.alertId()))) {
                    byChannel.computeIfAbsent(ch.key(), k -> new ArrayList<>()).add(new Job(ch, alert, r));
                }
            }
        }
        List<Future<List<Future<RecordMetadata>>>> running = new ArrayList<>();
        for (List<Job> jobs : byChannel.values()) {
            running.add(channels.submit(() -> deliverAll(jobs, deadline, producer)));
        }
        try {
            for (Future<List<Future<RecordMetadata>>> f : running) {
                writes.addAll(f.get());
            }
            producer.flush();
            for (Future<RecordMetadata> w : writes) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Stopped s) {
                throw s;
            }
            throw new IllegalStateException("delivery bookkeeping failed: " + e.getCause(), e.getCause());
        }
    }

    private record Job(Channel channel, Alert alert, ConsumerRecord<byte[], byte[]> record) {}

    private List<Future<RecordMetadata>> deliverAll(List<Job> jobs, long deadline, KafkaProducer<byte[], byte[]> producer)
            throws InterruptedException {
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        for (Job job : jobs) {
            long delay = config.retryInitial().toMillis();
            int attempts = 0;
            while (true) {
                attempts++;
                try {
                    senders.send(job.channel(), job.alert());
                    writes.add(log(producer, job, Delivery.DELIVERED, attempts, null));
                    break;
                } catch (DeliveryException e) {
                    if (e.permanent() || System.currentTimeMillis() + delay > deadline) {
                        LOG.warn("Dead-lettering alert {} for channel {} after {} attempt(s): {}", job.alert().alertId(),
                                job.channel().key(), attempts, e.getMessage());
                        writes.add(deadLetter(producer, job.record(), job.channel(), e.getMessage(), e));
                        writes.add(log(producer, job, Delivery.DEAD_LETTERED, attempts, e.getMessage()));
                        break;
                    }
                    LOG.info("Delivery of alert {} to {} failed (attempt {}), retrying in {} ms: {}", job.alert().alertId(),
                            job.channel().key(), attempts, delay, e.getMessage());
                    if (closing.await(delay, TimeUnit.MILLISECONDS)) {
                        throw new Stopped();
                    }
                    delay = Math.min(delay * 2, config.retryMax().toMillis());
                }
            }
            done.add(Delivery.key(job.channel().key(), job.alert().alertId()));
        }
        return writes;
    }

    private Future<RecordMetadata> log(KafkaProducer<byte[], byte[]> producer, Job job, String outcome, int attempts, String detail) {
        Delivery d = new Delivery(job.alert().alertId(), job.channel().key(), outcome, attempts, Instant.now(), detail);
        return producer.send(new ProducerRecord<>(config.deliveredTopic(), d.channel().isEmpty() ? null
                : Delivery.key(d.channel(), d.alertId()).getBytes(StandardCharsets.UTF_8), DELIVERY_SERDE.serialize(null, d)));
    }

    private Future<RecordMetadata> deadLetter(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> r,
                                              Channel channel, String reason, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.add(headers, "notify", reason, r.topic(), r.partition(), r.offset(), error);
        if (channel != null) {
            headers.add(CHANNEL_HEADER, channel.key().getBytes(StandardCharsets.UTF_8));
        }
        return producer.send(new ProducerRecord<>(config.dlqTopic(), null, r.key(), r.value(), headers));
    }

    private void loadDeliveryLog() {
        try (KafkaConsumer<String, byte[]> c = plainConsumer()) {
            KafkaReads.readAll(c, config.deliveredTopic(), config.topicReadyTimeout(), r -> {
                if (r.key() != null && r.value() != null) {
                    done.add(r.key());
                }
            });
        }
    }

    private void catchUpWatches(KafkaConsumer<String, byte[]> c, List<TopicPartition> parts) {
        KafkaReads.readToEnd(c, c.endOffsets(parts), config.topicReadyTimeout(), r -> {
            if (r.value() == null) {
                watches.remove(r.key());
                return;
            }
            try {
                Watch w = WATCH_SERDE.deserialize(r.topic(), r.value());
                watches.put(w.id(), w);
            } catch (RuntimeException e) {
                LOG.warn("Ignoring invalid watch '{}': {}", r.key(), e.getMessage());
            }
        });
    }

    private static void rewind(KafkaConsumer<byte[], byte[]> consumer) {
        Set<TopicPartition> parts = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(parts);
        for (TopicPartition tp : parts) {
            OffsetAndMetadata o = committed.get(tp);
            if (o == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, o.offset());
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = config.kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, io.chipwatch.model.topic.Topics.PRODUCER_MAX_REQUEST_BYTES);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> plainConsumer() {
        Properties p = config.kafkaProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaConsumer<byte[], byte[]> alertConsumer() {
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.notifyGroupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.notifyMaxBatch());
        long maxBatchMs = config.deliveryDeadline().toMillis() + config.notifyMaxBatch() * config.requestTimeout().toMillis() + 60_000;
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxBatchMs));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Stops the loop; an unfinished batch is not committed and is redelivered (minus logged outcomes) later. */
    @Override
    public void close() {
        closing.countDown();
        KafkaConsumer<byte[], byte[]> c = alertConsumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (thread != null && !stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("Notifier did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channels.shutdownNow();
        senders.close();
    }

    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("notifier closing", null, false, false);
        }
    }
}
