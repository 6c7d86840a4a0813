package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.ChannelLabel;
import io.chipwatch.alerts.internal.DeliveryException;
import io.chipwatch.alerts.internal.DeliveryMemory;
import io.chipwatch.alerts.internal.KafkaReads;
import io.chipwatch.alerts.internal.NotifierMetrics;
import io.chipwatch.alerts.internal.OffsetTracker;
import io.chipwatch.alerts.internal.Senders;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Channel;
import io.chipwatch.model.Delivery;
import io.chipwatch.model.RetryRequest;
import io.chipwatch.model.Watch;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts from {@code topic.alerts} to the channels of their watch, at least once and without loss,
 * and resends dead-lettered deliveries on request ({@code topic.retry}).
 *
 * <p><b>Isolation.</b> Every channel has its own bounded queue and worker: a slow or failing channel delays
 * only its own alerts. A failed attempt is retried with exponential back-off and jitter (each retry logged at
 * WARN) until {@code delivery.deadline.ms} after the notifier took the alert, then the alert goes to
 * {@code topic.dlq} with the reason; a permanent failure (HTTP 4xx, bad address) goes there at once. When a
 * channel's queue holds {@code notify.channel.queue.max} alerts the notifier pauses its consumer until the
 * queue drains: back-pressure, nothing dropped.
 *
 * <p><b>Bookkeeping.</b> Each outcome is written to the compacted delivery log {@code topic.delivered}
 * (key {@code <channelKey>|<alertId>}), which is the truth: an (alert, channel) with an outcome there is never
 * sent again, except by an explicit resend. An offset is committed only when every channel of every alert
 * before it has an outcome on the log, so after a crash the notifier reads again only alerts whose deliveries
 * may be unfinished, and its memory of the log needs to cover only those (see {@link DeliveryMemory}). The log
 * is followed while running, so several notifier instances of one group know each other's outcomes.
 *
 * <p><b>Resend.</b> A {@link RetryRequest} on {@code topic.retry} (key = delivery-log key) resends the alert
 * to that channel when its latest outcome is dead-lettered: the alert is read back from {@code topic.alerts}
 * at the position the log recorded, or found on {@code topic.dlq}; the new outcome goes to the log.
 * Not part of the Streams topology.
 */
public final class Notifier implements AutoCloseable {
    /** Header on dead letters naming the channel that failed. */
    public static final String CHANNEL_HEADER = "chipwatch.dlq.channel";
    /** Dead-letter stage of undeliverable and unreadable alerts. */
    public static final String STAGE = "notify";
    /** Dead-letter stage of unreadable resend requests. */
    public static final String STAGE_RETRY = "notify.retry";
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final JsonSerde<Alert> ALERT_SERDE = new JsonSerde<>(Alert.class);
    private static final JsonSerde<Watch> WATCH_SERDE = new JsonSerde<>(Watch.class);
    private static final JsonSerde<Delivery> DELIVERY_SERDE = new JsonSerde<>(Delivery.class);
    private static final JsonSerde<RetryRequest> RETRY_SERDE = new JsonSerde<>(RetryRequest.class);
    /** Outcomes a worker settles (waits for their log writes) together. */
    private static final int SETTLE_BATCH = 20;
    /** Wait before the poll thread starts again after a failure; doubled per failure in a row, up to the maximum. */
    private static final long RESTART_BACKOFF_MIN_MS = 1_000;
    private static final long RESTART_BACKOFF_MAX_MS = 30_000;

    private final AlertsConfig config;
    private final Senders senders;
    private final NotifierMetrics metrics;
    private final DeliveryMemory memory;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Map<String, ChannelWorker> workers = new ConcurrentHashMap<>();
    private final Set<String> queueGauges = ConcurrentHashMap.newKeySet();
    /** Delivery keys queued or being delivered: an alert read twice, or a second resend request, is not queued again. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Records whose every delivery ended, handed from the workers to the poll thread. */
    private final ConcurrentLinkedQueue<Ticket> finished = new ConcurrentLinkedQueue<>();
    private final OffsetTracker tracker = new OffsetTracker();
    private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    /** How often the poll thread failed and started again. */
    private final AtomicLong restarts = new AtomicLong();
    /** A failure the poll thread throws at its next turn (tests of the restart; null otherwise). */
    private volatile RuntimeException failNextTurn;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chipwatch-notifier-channel");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaConsumer<byte[], byte[]> alertConsumer;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile boolean ready;
    private volatile boolean paused;
    private long lastPauseWarning = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private Thread thread;

    public Notifier(AlertsConfig config, PrintStream console, Secrets secrets) {
        this(config, console, secrets, new SimpleMeterRegistry());
    }

    public Notifier(AlertsConfig config, PrintStream console, Secrets secrets, MeterRegistry registry) {
        this.config = config;
        this.senders = new Senders(config, console, secrets);
        this.metrics = new NotifierMetrics(registry);
        this.memory = new DeliveryMemory(config.deliveryMemoryMax());
        metrics.state(() -> paused ? 1 : 0, memory::size);
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

    /** How often the poll thread failed and started again since start. */
    public long restarts() {
        return restarts.get();
    }

    /** Makes the poll thread fail with {@code e} at its next turn, as an unexpected client error would (tests). */
    void failNextTurn(RuntimeException e) {
        failNextTurn = e;
    }

    /** Deliveries ended since start: delivered, and dead-lettered. */
    public record Outcomes(long delivered, long deadLettered, int pending) {}

    public Outcomes outcomes() {
        return new Outcomes(delivered.get(), deadLettered.get(), inFlight.size());
    }

    // ------------------------------------------------------------------ the poll thread

    private void run() {
        try (KafkaProducer<byte[], byte[]> out = producer()) {
            producer = out;
            long backoffMs = RESTART_BACKOFF_MIN_MS;
            while (closing.getCount() > 0) {
                try {
                    session();
                    return; // closed
                } catch (WakeupException e) {
                    return; // closed while starting
                } catch (RuntimeException e) {
                    if (closing.getCount() == 0) {
                        return;
                    }
                    if (ready) {
                        backoffMs = RESTART_BACKOFF_MIN_MS; // it had got going: not a failure in a row
                    }
                    ready = false;
                    restarts.incrementAndGet();
                    metrics.restart();
                    // A failure of the poll thread (an unexpected broker answer, a read that timed out on a starved
                    // machine) must not leave the pipeline running without deliveries: start again from the committed
                    // offsets. The deliveries under way end first, so that nothing read again is skipped as in flight.
                    LOG.error("Notifier failed: {}; restarting it in {} ms, after the deliveries under way have ended "
                            + "(nothing is lost: alerts are read again from the last committed offset)", e.toString(), backoffMs, e);
                    awaitWorkersIdle();
                    resetPollState();
                    try {
                        if (closing.await(backoffMs, TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    backoffMs = Math.min(backoffMs * 2, RESTART_BACKOFF_MAX_MS);
                }
            }
        } catch (RuntimeException e) {
            if (closing.getCount() > 0) {
                LOG.error("Notifier stopped: {}", e.toString(), e);
            }
        } finally {
            ready = false;
            pool.shutdownNow();
            stopped.countDown();
        }
    }

    /** One run of the poll thread with its own consumers: returns when closing, throws when it fails. */
    private void session() {
        try (KafkaConsumer<byte[], byte[]> watchConsumer = plainConsumer();
             KafkaConsumer<byte[], byte[]> logConsumer = plainConsumer();
             KafkaConsumer<byte[], byte[]> lookup = plainConsumer();
             KafkaConsumer<byte[], byte[]> consumer = alertConsumer()) {
            alertConsumer = consumer;
            if (closing.getCount() == 0) {
                return; // close() came before this consumer could be woken up
            }
            List<TopicPartition> alertParts = KafkaReads.partitions(consumer, config.alertsTopic(), config.topicReadyTimeout());
            consumer.committed(Set.copyOf(alertParts), config.topicReadyTimeout()).forEach((tp, o) -> {
                if (o != null) {
                    memory.committed(tp.partition(), o.offset());
                }
            });
            KafkaReads.readAll(logConsumer, config.deliveredTopic(), config.topicReadyTimeout(), this::applyLogEntry);
            List<TopicPartition> watchParts = KafkaReads.partitions(watchConsumer, config.watchesTopic(), config.topicReadyTimeout());
            watchConsumer.assign(watchParts);
            watchConsumer.seekToBeginning(watchParts);
            catchUpWatches(watchConsumer, watchParts);
            consumer.subscribe(List.of(config.alertsTopic(), config.retryTopic()), new Rebalance(consumer));
            ready = true;
            LOG.info("Notifier ready: {} delivery outcomes of {} kept in memory", memory.size(), config.deliveredTopic());
            try {
                loop(consumer, watchConsumer, watchParts, logConsumer, lookup);
            } catch (WakeupException e) {
                // closing
            }
            stopWorkers();
            settleFinished();
            try {
                commit(consumer, consumer.assignment());
            } catch (WakeupException e) {
                commit(consumer, consumer.assignment()); // the wake-up of close() came after the loop had ended
            }
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    /** Until no channel worker has a job (they end by delivering or dead-lettering, within the delivery deadline). */
    private void awaitWorkersIdle() {
        while (closing.getCount() > 0 && workers.values().stream().anyMatch(w -> w.size() > 0)) {
            try {
                if (closing.await(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What the poll thread knew of its assignment: a new session starts from the committed offsets. */
    private void resetPollState() {
        settleFinished();
        tracker.clear();
        lastCommitted.clear();
        paused = false;
    }

    private void loop(KafkaConsumer<byte[], byte[]> consumer, KafkaConsumer<byte[], byte[]> watchConsumer, List<TopicPartition> watchParts,
                      KafkaConsumer<byte[], byte[]> logConsumer, KafkaConsumer<byte[], byte[]> lookup) {
        long lastReap = System.nanoTime();
        while (closing.getCount() > 0) {
            RuntimeException injected = failNextTurn;
            if (injected != null) {
                failNextTurn = null;
                throw injected;
            }
            settleFinished();
            commit(consumer, consumer.assignment());
            applyBackPressure(consumer);
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            logConsumer.poll(Duration.ZERO).forEach(this::applyLogEntry);
            if (!records.isEmpty()) {
                catchUpWatches(watchConsumer, watchParts);
                List<ConsumerRecord<byte[], byte[]>> resends = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.topic().equals(config.retryTopic())) {
                        resends.add(r);
                    } else {
                        dispatchAlert(r);
                    }
                }
                if (!resends.isEmpty()) {
                    dispatchResends(resends, lookup);
                }
            }
            if (System.nanoTime() - lastReap > TimeUnit.MINUTES.toNanos(1)) {
                workers.values().removeIf(ChannelWorker::retireIfIdle);
                lastReap = System.nanoTime();
            }
        }
    }

    private void applyLogEntry(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            memory.forget(new String(r.key(), StandardCharsets.UTF_8));
            return;
        }
        try {
            memory.record(DELIVERY_SERDE.deserialize(r.topic(), r.value()));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring unreadable delivery-log entry {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** Queues one alert for each of its watch's channels that has no outcome yet. */
    private void dispatchAlert(ConsumerRecord<byte[], byte[]> r) {
        Alert alert;
        try {
            alert = ALERT_SERDE.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            deadLetterRecord(r, STAGE, "unreadable alert: " + e.getMessage(), e);
            return;
        }
        if (alert == null) {
            return;
        }
        Watch watch = watches.get(alert.watchId());
        if (watch == null) {
            LOG.warn("Alert {} names watch '{}', which no longer exists: not delivered", alert.alertId(), alert.watchId());
            return;
        }
        List<Channel> todo = new ArrayList<>();
        for (Channel ch : watch.channels()) {
            String key = Delivery.key(ch.key(), alert.alertId());
            if (!memory.handled(key) && inFlight.add(key)) {
                todo.add(ch);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        Ticket ticket = open(r, todo.size());
        long deadline = System.currentTimeMillis() + config.deliveryDeadline().toMillis();
        for (Channel ch : todo) {
            worker(ch).submit(new Job(ch, alert, r.key(), r.value(), r.topic(), r.partition(), r.offset(), System.nanoTime(),
                    deadline, ticket, null));
        }
    }

    /** Resend requests of one poll: each checked against the delivery log, its alert found, then queued. */
    private void dispatchResends(List<ConsumerRecord<byte[], byte[]>> records, KafkaConsumer<byte[], byte[]> lookup) {
        Map<String, Resend> viaDeadLetters = new HashMap<>();
        List<Resend> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            RetryRequest request;
            try {
                request = RETRY_SERDE.deserialize(r.topic(), r.value());
                if (request == null) {
                    continue;
                }
            } catch (RuntimeException e) {
                metrics.resendRequest("invalid");
                deadLetterRecord(r, STAGE_RETRY, "unreadable resend request: " + e.getMessage(), e);
                continue;
            }
            String key = request.key();
            DeliveryMemory.Entry known = memory.get(key);
            if (inFlight.contains(key)) {
                metrics.resendRequest("in_progress");
                LOG.info("Resend of {} requested by {}: already queued", key, request.requestedBy());
            } else if (known != null && known.delivered()) {
                metrics.resendRequest("already_delivered");
                LOG.info("Resend of {} requested by {}: already delivered, not sent again", key, request.requestedBy());
            } else {
                Resend resend = new Resend(r, request);
                if (known != null && known.partition() >= 0 && resend.readFromAlerts(lookup, known)) {
                    found.add(resend);
                } else {
                    viaDeadLetters.put(key, resend);
                }
            }
        }
        if (!viaDeadLetters.isEmpty()) {
            findOnDeadLetterTopic(lookup, viaDeadLetters);
            for (Resend resend : viaDeadLetters.values()) {
                if (resend.alert != null) {
                    found.add(resend);
                } else {
                    metrics.resendRequest("not_found");
                    LOG.warn("Cannot resend {} (requested by {}): the alert is neither at its logged position on {} nor on {}",
                            resend.request.key(), resend.request.requestedBy(), config.alertsTopic(), config.dlqTopic());
                }
            }
        }
        for (Resend resend : found) {
            queueResend(resend);
        }
    }

    private void queueResend(Resend resend) {
        RetryRequest request = resend.request;
        Watch watch = watches.get(resend.alert.watchId());
        Channel channel = watch == null ? null
                : watch.channels().stream().filter(c -> c.key().equals(request.channel())).findFirst().orElse(null);
        if (channel == null) {
            metrics.resendRequest("no_channel");
            LOG.warn("Cannot resend {} (requested by {}): watch '{}' no longer has that channel", request.key(), request.requestedBy(),
                    resend.alert.watchId());
            return;
        }
        if (!inFlight.add(request.key())) {
            metrics.resendRequest("in_progress");
            return;
        }
        metrics.resendRequest("accepted");
        LOG.info("Resending alert {} to {} (requested by {} at {})", resend.alert.alertId(), ChannelLabel.of(channel),
                request.requestedBy(), request.requestedAt());
        Ticket ticket = open(resend.record, 1);
        worker(channel).submit(new Job(channel, resend.alert, resend.key, resend.value, config.alertsTopic(), resend.partition,
                resend.offset, System.nanoTime(), System.currentTimeMillis() + config.deliveryDeadline().toMillis(), ticket,
                request.requestedBy()));
    }

    /** A resend request and, once found, the alert it names. */
    private final class Resend {
        final ConsumerRecord<byte[], byte[]> record;
        final RetryRequest request;
        Alert alert;
        byte[] key;
        byte[] value;
        int partition = -1;
        long offset = -1;

        Resend(ConsumerRecord<byte[], byte[]> record, RetryRequest request) {
            this.record = record;
            this.request = request;
        }

        /** Reads the alert at the position the delivery log recorded; false if it is gone or another one. */
        boolean readFromAlerts(KafkaConsumer<byte[], byte[]> lookup, DeliveryMemory.Entry at) {
            TopicPartition tp = new TopicPartition(config.alertsTopic(), at.partition());
            lookup.assign(List.of(tp));
            lookup.seek(tp, at.offset());
            long end = lookup.endOffsets(List.of(tp), config.topicReadyTimeout()).get(tp);
            long deadline = System.nanoTime() + config.topicReadyTimeout().toNanos();
            while (lookup.position(tp) <= at.offset() && lookup.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : lookup.poll(Duration.ofMillis(100))) {
                    if (r.offset() == at.offset()) {
                        return accept(r.key(), r.value(), r.partition(), r.offset());
                    }
                }
            }
            return false;
        }

        boolean accept(byte[] k, byte[] v, int p, long o) {
            try {
                Alert a = ALERT_SERDE.deserialize(config.alertsTopic(), v);
                if (a == null || !a.alertId().equals(request.alertId())) {
                    return false;
                }
                alert = a;
            } catch (RuntimeException e) {
                return false;
            }
            key = k;
            value = v;
            partition = p;
            offset = o;
            return true;
        }
    }

    /** One pass over the dead-letter topic for every request not found at a logged position; the newest match wins. */
    private void findOnDeadLetterTopic(KafkaConsumer<byte[], byte[]> lookup, Map<String, Resend> wanted) {
        KafkaReads.readAll(lookup, config.dlqTopic(), config.topicReadyTimeout(), r -> {
            String channel = DeadLetterHeaders.get(r.headers(), CHANNEL_HEADER);
            if (channel == null || r.value() == null) {
                return;
            }
            String alertId;
            try {
                Alert a = ALERT_SERDE.deserialize(r.topic(), r.value());
                alertId = a == null ? null : a.alertId();
            } catch (RuntimeException e) {
                return;
            }
            Resend resend = alertId == null ? null : wanted.get(Delivery.key(channel, alertId));
            if (resend != null) {
                int partition = parseInt(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_PARTITION));
                long offset = parseLong(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.SOURCE_OFFSET));
                resend.accept(r.key(), r.value(), partition, offset);
            }
        });
    }

    private static int parseInt(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A record that needs no delivery but must reach the dead-letter topic before its offset is committed. */
    private void deadLetterRecord(ConsumerRecord<byte[], byte[]> r, String stage, String reason, Throwable error) {
        LOG.warn("Dead-lettering record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
        Ticket ticket = open(r, 1);
        ProducerRecord<byte[], byte[]> dead = deadLetter(r.key(), r.value(), r.topic(), r.partition(), r.offset(), null, stage, reason, error);
        producer.send(dead, (meta, e) -> {
            if (e == null) {
                metrics.deadLetter(stage);
                ticket.finishOne();
            } else {
                LOG.error("Cannot write dead letter of {}-{}@{} ({}); it is read again after a restart", r.topic(), r.partition(),
                        r.offset(), e.toString());
            }
        });
    }

    private Ticket open(ConsumerRecord<byte[], byte[]> r, int jobs) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        tracker.open(tp, r.offset());
        return new Ticket(tp, r.offset(), jobs);
    }

    private ChannelWorker worker(Channel channel) {
        return workers.computeIfAbsent(channel.key(), k -> {
            String label = ChannelLabel.of(channel);
            if (queueGauges.add(label)) {
                // one gauge per label, over every worker with that label, whether or not it was retired and re-created since
                metrics.queue(label, () -> workers.values().stream().filter(w -> w.label.equals(label)).mapToInt(ChannelWorker::size).sum());
            }
            return new ChannelWorker(label);
        });
    }

    private void settleFinished() {
        Ticket t;
        while ((t = finished.poll()) != null) {
            tracker.finish(t.tp, t.offset);
        }
    }

    /** Commits, per partition, up to the first record whose deliveries have not all ended. */
    private void commit(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> parts) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : parts) {
            long at = tracker.committable(tp, consumer.position(tp, config.topicReadyTimeout()));
            Long before = lastCommitted.get(tp);
            if (before == null || at > before) {
                offsets.put(tp, new OffsetAndMetadata(at));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, config.topicReadyTimeout());
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            // The group is rebalancing (a member joined, left or missed its session on a busy machine) or the broker
            // did not answer in time: these offsets are committed later, or their records are read again and
            // skipped by the delivery log. Not a reason to stop delivering.
            LOG.warn("Notifier offsets not committed this time ({}); they are committed after the rebalance or on the next try",
                    e.toString());
            return;
        }
        offsets.forEach((tp, o) -> {
            lastCommitted.put(tp, o.offset());
            if (tp.topic().equals(config.alertsTopic())) {
                memory.committed(tp.partition(), o.offset());
            }
        });
    }

    /**
     * Stops taking alerts while a channel's queue is full, and takes them again once every queue is at
     * most half full (so a slow channel does not make the consumer flap between the two).
     */
    private void applyBackPressure(KafkaConsumer<byte[], byte[]> consumer) {
        int max = config.channelQueueMax();
        ChannelWorker full = workers.values().stream().filter(w -> w.size() >= max).findFirst().orElse(null);
        if (full != null && !paused) {
            paused = true;
            consumer.pause(consumer.assignment());
            if (System.nanoTime() - lastPauseWarning > TimeUnit.MINUTES.toNanos(1)) {
                lastPauseWarning = System.nanoTime();
                LOG.warn("Channel {} has {} alerts queued (alerts.notify.channel.queue.max): taking no more alerts until it drains",
                        full.label, full.size());
            }
        } else if (paused && workers.values().stream().allMatch(w -> w.size() <= max / 2)) {
            paused = false;
            consumer.resume(consumer.paused());
            LOG.debug("Channel queues have room again: taking alerts");
        } else if (paused) {
            consumer.pause(consumer.assignment()); // partitions assigned meanwhile start paused too
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;

        Rebalance(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            settleFinished();
            try {
                commit(consumer, parts);
            } catch (RuntimeException e) {
                LOG.warn("Cannot commit revoked partitions {}: {}", parts, e.toString());
            }
            forget(parts);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> parts) {
            if (paused) {
                consumer.pause(parts);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> parts) {
            forget(parts);
        }

        private void forget(Collection<TopicPartition> parts) {
            parts.forEach(tp -> {
                tracker.forget(tp);
                lastCommitted.remove(tp);
            });
        }
    }

    private void catchUpWatches(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
        KafkaReads.readToEnd(c, c.endOffsets(parts), config.topicReadyTimeout(), r -> {
            String id = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                if (id != null) {
                    watches.remove(id);
                }
                return;
            }
            try {
                Watch w = WATCH_SERDE.deserialize(r.topic(), r.value());
                watches.put(w.id(), w);
            } catch (RuntimeException e) {
                LOG.warn("Ignoring invalid watch '{}': {}", id, e.getMessage());
            }
        });
    }

    // ------------------------------------------------------------------ channel workers

    /** One (alert, channel) to deliver, and where the alert came from. */
    private record Job(Channel channel, Alert alert, byte[] key, byte[] value, String topic, int partition, long offset,
                       long takenNanos, long deadlineMillis, Ticket ticket, String requestedBy) {
        String deliveryKey() {
            return Delivery.key(channel.key(), alert.alertId());
        }
    }

    /** The deliveries still unfinished of one consumed record; when none is left its offset may be committed. */
    private final class Ticket {
        final TopicPartition tp;
        final long offset;
        private final AtomicInteger remaining;

        Ticket(TopicPartition tp, long offset, int jobs) {
            this.tp = tp;
            this.offset = offset;
            this.remaining = new AtomicInteger(jobs);
        }

        void finishOne() {
            if (remaining.decrementAndGet() == 0) {
                finished.add(this);
            }
        }
    }

    /** A delivery that ended, with the records (log entry, dead letter) that must be on Kafka before it counts. */
    private record Ended(Job job, Delivery delivery, List<ProducerRecord<byte[], byte[]>> writes, List<Future<RecordMetadata>> sent) {}

    /**
     * The queue and worker of one channel. At most one thread drains a queue at a time, so a channel
     * receives its alerts in order and one request at a time; the thread ends when the queue is empty.
     */
    private final class ChannelWorker {
        final String label;
        private final ArrayDeque<Job> queue = new ArrayDeque<>();
        private boolean running;
        private boolean busy;
        private boolean retired;

        ChannelWorker(String label) {
            this.label = label;
        }

        synchronized int size() {
            return queue.size() + (busy ? 1 : 0);
        }

        void submit(Job job) {
            synchronized (this) {
                if (retired) {
                    throw new IllegalStateException("retired worker"); // only the poll thread submits and retires
                }
                queue.addLast(job);
                if (running) {
                    return;
                }
                running = true;
            }
            pool.execute(this::drain);
        }

        synchronized boolean retireIfIdle() {
            retired = !running && queue.isEmpty();
            return retired;
        }

        private synchronized Job next() {
            Job job = closing.getCount() > 0 ? queue.pollFirst() : null;
            busy = job != null;
            if (job == null) {
                running = false;
            }
            return job;
        }

        private synchronized boolean idle() {
            return queue.isEmpty();
        }

        private void drain() {
            List<Ended> ended = new ArrayList<>();
            try {
                Job job;
                while ((job = next()) != null) {
                    ended.add(deliver(job));
                    if (ended.size() >= SETTLE_BATCH || idle()) {
                        settle(ended);
                        ended.clear();
                    }
                }
            } catch (Stopped e) {
                // closing: the job stays unfinished and its alert is read again after a restart
            } catch (RuntimeException e) {
                LOG.error("Channel worker {} failed: {}", label, e.toString(), e);
            } finally {
                settle(ended);
                synchronized (this) {
                    busy = false;
                    running = false;
                    if (!queue.isEmpty() && closing.getCount() > 0) {
                        running = true;
                        pool.execute(this::drain);
                    }
                }
            }
        }

        /** Attempts until delivered, a permanent failure, or the deadline; then writes the outcome. */
        private Ended deliver(Job job) {
            long delay = config.retryInitial().toMillis();
            int attempts = 0;
            while (true) {
                attempts++;
                DeliveryException failure;
                try {
                    senders.send(job.channel(), job.alert());
                    return ended(job, Delivery.DELIVERED, attempts, null, null);
                } catch (DeliveryException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = DeliveryException.retryable(e.toString(), e);
                }
                long wait = jittered(delay);
                if (failure.permanent() || System.currentTimeMillis() + wait > job.deadlineMillis()) {
                    LOG.warn("Dead-lettering alert {} for channel {} after {} attempt(s){}: {}", job.alert().alertId(), label, attempts,
                            failure.permanent() ? " (permanent failure)" : "", failure.getMessage());
                    return ended(job, Delivery.DEAD_LETTERED, attempts, failure.getMessage(), failure);
                }
                metrics.retry(label);
                LOG.warn("Delivery of alert {} to {} failed (attempt {}), retrying in {} ms: {}", job.alert().alertId(), label,
                        attempts, wait, failure.getMessage());
                try {
                    if (closing.await(wait, TimeUnit.MILLISECONDS)) {
                        throw new Stopped();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopped();
                }
                delay = Math.min(delay * 2, config.retryMax().toMillis());
            }
        }

        private Ended ended(Job job, String outcome, int attempts, String detail, Throwable error) {
            Delivery d = new Delivery(job.alert().alertId(), job.channel().key(), outcome, attempts, Instant.now(), detail,
                    job.partition() >= 0 ? job.partition() : null, job.offset() >= 0 ? job.offset() : null, job.requestedBy());
            List<ProducerRecord<byte[], byte[]>> writes = new ArrayList<>();
            if (d.isDeadLettered()) {
                writes.add(deadLetter(job.key(), job.value(), job.topic(), job.partition(), job.offset(), job.channel(), STAGE, detail, error));
            }
            writes.add(new ProducerRecord<>(config.deliveredTopic(), d.key().getBytes(StandardCharsets.UTF_8),
                    DELIVERY_SERDE.serialize(config.deliveredTopic(), d)));
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            writes.forEach(w -> sent.add(producer.send(w)));
            return new Ended(job, d, writes, sent);
        }

        /** Waits until the outcomes are on Kafka (sending again what failed), then finishes their jobs. */
        private void settle(List<Ended> ended) {
            for (Ended e : ended) {
                for (int i = 0; i < e.sent().size(); i++) {
                    if (!durable(e.sent().get(i), e.writes().get(i))) {
                        return; // closing: unfinished, read again after a restart
                    }
                }
                Job job = e.job();
                memory.record(e.delivery());
                inFlight.remove(job.deliveryKey());
                boolean dead = e.delivery().isDeadLettered();
                (dead ? deadLettered : delivered).incrementAndGet();
                if (dead) {
                    metrics.deadLetter(STAGE);
                }
                metrics.delivered(label, dead, Duration.ofNanos(System.nanoTime() - job.takenNanos()));
                job.ticket().finishOne();
            }
        }

        private boolean durable(Future<RecordMetadata> sent, ProducerRecord<byte[], byte[]> record) {
            Future<RecordMetadata> attempt = sent;
            while (true) {
                try {
                    attempt.get();
                    return true;
                } catch (ExecutionException e) {
                    LOG.warn("Writing to {} failed ({}); writing again", record.topic(), e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                try {
                    if (closing.await(1, TimeUnit.SECONDS)) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                attempt = producer.send(record);
            }
        }
    }

    /** Exponential back-off with "equal jitter": between half the delay and the whole of it. */
    private static long jittered(long delay) {
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] value, String topic, int partition, long offset,
                                                      Channel channel, String stage, String reason, Throwable error) {
        Headers headers = new RecordHeaders();
        DeadLetterHeaders.add(headers, stage, reason, topic, partition, offset, error);
        if (channel != null) {
            headers.add(CHANNEL_HEADER, channel.key().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(config.dlqTopic(), null, key, value, headers);
    }

    // ------------------------------------------------------------------ clients and lifecycle

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = config.kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, io.chipwatch.model.topic.Topics.PRODUCER_MAX_REQUEST_BYTES);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> plainConsumer() {
        Properties p = config.kafkaProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaConsumer<byte[], byte[]> alertConsumer() {
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.notifyGroupId());
        String instance = config.groupInstanceId();
        if (instance != null) {
            // Static membership: after a crash the restarted notifier gets its partitions back at once.
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance + "-notifier");
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.notifyMaxBatch());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Stops taking alerts, lets each channel finish the attempt it is making, commits what ended and leaves
     * the group; queued deliveries are not lost: their alerts are read again at the next start.
     */
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
        pool.shutdownNow();
        senders.close();
    }

    private void stopWorkers() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.requestTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Channel workers still busy at shutdown; their alerts are delivered again at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("notifier closing", null, false, false);
        }
    }
}
