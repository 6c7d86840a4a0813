package io.chipwatch.ingest;

import io.chipwatch.ingest.internal.ArticlePublisher;
import io.chipwatch.ingest.internal.Backoff;
import io.chipwatch.ingest.internal.FailureDigest;
import io.chipwatch.ingest.internal.FeedRepair;
import io.chipwatch.ingest.internal.IngestMetrics;
import io.chipwatch.ingest.internal.IngestState;
import io.chipwatch.ingest.internal.Ingestor;
import io.chipwatch.ingest.internal.MalformedFeedException;
import io.chipwatch.ingest.internal.SourceFollower;
import io.chipwatch.ingest.internal.SourceReader;
import io.chipwatch.ingest.internal.SourceTable;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.SourceKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling service. {@link #start()} loads the state topic and the compacted sources topic (seeded from the
 * sources file when it never held a record), then polls every enabled feed and page source on its own schedule
 * on a small thread pool: conditional GET, then new items published to {@code articles.raw} once each. A failing
 * source backs off exponentially with jitter (or as long as its {@code Retry-After} asks) and never delays the
 * others. Changes on the sources topic start, stop and reschedule polls while it runs; a refused record there
 * leaves the source's last valid version in service.
 *
 * <p>Input: the sources topic (key = source id, JSON {@link SourceDefinition}), the sources file (seed) and the
 * compacted state topic. Output: {@code articles.raw} (key = article id, JSON {@link io.chipwatch.model.RawArticle},
 * timestamp = published time) and the state topic.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final SafeHttpFetcher fetcher;
    private final SourceReader reader;
    private final Backoff backoff;
    private final MeterRegistry registry;
    // Concurrent: the failure digest counts polled sources from its own thread.
    private final Map<String, Runtime> runtimes = new java.util.concurrent.ConcurrentSkipListMap<>();
    private SourceFollower follower;
    private ScheduledExecutorService scheduler;
    private Producer<byte[], byte[]> producer;
    private Ingestor ingestor;
    private FailureDigest failureDigest;
    private volatile boolean closed;

    public IngestService(IngestConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.metrics = new IngestMetrics(registry);
        this.fetcher = new SafeHttpFetcher(config.fetchOptions());
        this.reader = new SourceReader(fetcher, new ArticleExtractor());
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax());
    }

    /**
     * Loads the state topic, seeds the sources topic from the sources file when it never held a record, reads it to its
     * end and schedules the polls, then follows it: a source added, removed, enabled, disabled or changed there is
     * applied within seconds. With {@code poll.enabled=false} only the state is loaded.
     */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        producer = ArticlePublisher.newProducer(config.kafkaProperties(), config.publishTimeout());
        IngestState state = new IngestState(config.stateTopic(), producer, config.publishTimeout(), config.seenMemoryMax());
        state.load(config.kafkaProperties(), config.stateLoadTimeout());
        ingestor = new Ingestor(state, new ArticlePublisher(config.rawTopic(), producer, config.publishTimeout()), metrics);
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(config.pollThreads(), r -> {
            Thread t = new Thread(r, "chipwatch-poll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (!config.pollEnabled()) {
            LOG.info("ingest started without polling ({}=false)", IngestConfig.POLL_ENABLED);
            return;
        }
        try (SourceAdmin admin = new SourceAdmin(config)) {
            admin.seedDefaults();
        }
        // One line for failures that happen together (offline: every source at once), not one per source.
        failureDigest = new FailureDigest(LOG, () -> (int) runtimes.values().stream().filter(r -> r.source.polled()).count(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), System::nanoTime);
        scheduler.scheduleWithFixedDelay(failureDigest::flushIfSettled, 1, 1, TimeUnit.SECONDS);
        follower = new SourceFollower(config.kafkaProperties(), config.sourcesTopic(), config.stateLoadTimeout(), registry, this::apply);
        follower.catchUp(config.stateLoadTimeout());
        follower.start();
        LOG.info("ingest started: {} sources from {}, {} polled", runtimes.size(), config.sourcesTopic(),
                runtimes.values().stream().filter(r -> r.source.polled()).count());
    }

    /** Applies one change of the sources topic: start, stop or reschedule polls. Runs on the follower thread. */
    private synchronized void apply(SourceTable.Change change) {
        if (closed) {
            return;
        }
        if (change instanceof SourceTable.Change.Put put) {
            ingestor.state().saveAcceptedSource(put.definition());
            upsert(put.definition());
        } else if (change instanceof SourceTable.Change.Removed removed) {
            Runtime rt = runtimes.remove(removed.id());
            if (rt != null) {
                cancel(rt);
                LOG.info("source {} removed: no longer polled", removed.id());
            }
            ingestor.state().forgetSource(removed.id());
        } else if (change instanceof SourceTable.Change.Refused refused && refused.kept() == null && refused.id() != null) {
            // Compaction may have removed every valid version from the topic: poll the one this service accepted last.
            SourceDefinition accepted = ingestor.state().acceptedSource(refused.id());
            if (accepted != null && !runtimes.containsKey(refused.id())) {
                LOG.warn("source {}: polling the definition accepted earlier (kept on {}), as the topic holds no valid version", accepted.id(),
                        config.stateTopic());
                upsert(accepted);
            }
        }
    }

    private void upsert(SourceDefinition d) {
        Runtime rt = runtimes.get(d.id());
        if (rt == null) {
            rt = new Runtime(d);
            runtimes.put(d.id(), rt);
            // the gauges look the runtime up by id: Micrometer keeps the first registration, and a removed and
            // re-added source gets a new runtime
            String id = d.id();
            metrics.sourceHealth(id, () -> runtimeValue(id, r -> r.failures, 0), () -> runtimeValue(id, Runtime::failingSeconds, 0),
                    () -> runtimeValue(id, r -> r.lastSuccess == null ? Double.NaN : r.lastSuccess.getEpochSecond(), Double.NaN));
            if (d.polled()) {
                schedule(rt, Duration.ZERO);
            }
            LOG.info("source {} added ({}{})", d.id(), d.polled() ? "polled every " + effectiveInterval(d) : "not polled",
                    d.url() == null ? "" : ", " + d.url());
            return;
        }
        SourceDefinition old = rt.source;
        rt.source = d;
        if (!d.polled()) {
            cancel(rt);
            LOG.info("source {} {}: no longer polled", d.id(), d.enabled() ? "changed" : "disabled");
        } else if (!old.polled() || !Objects.equals(old.url(), d.url()) || old.kind() != d.kind()) {
            cancel(rt);
            rt.failures = 0;
            schedule(rt, Duration.ZERO);
            LOG.info("source {} {}: polled now, then every {}", d.id(), old.polled() ? "changed" : "enabled", effectiveInterval(d));
        } else if (!old.interval().equals(d.interval()) && rt.failures == 0) {
            Instant due = (rt.lastFetch == null ? Instant.now() : rt.lastFetch).plus(effectiveInterval(d));
            Duration delay = Duration.between(Instant.now(), due);
            cancel(rt);
            schedule(rt, delay.isNegative() ? Duration.ZERO : delay);
            LOG.info("source {} rescheduled: every {}", d.id(), effectiveInterval(d));
        }
    }

    private Number runtimeValue(String id, java.util.function.Function<Runtime, Number> value, Number absent) {
        Runtime r = runtimes.get(id);
        return r == null ? absent : value.apply(r);
    }

    /** Health of every source, by id. */
    public List<SourceHealth> health() {
        List<SourceHealth> out = new ArrayList<>();
        synchronized (this) {
            for (Runtime rt : runtimes.values()) {
                out.add(rt.snapshot(config.unhealthyAfterFailures(), config.pollEnabled()));
            }
        }
        return out;
    }

    private Duration effectiveInterval(SourceDefinition s) {
        return s.interval().compareTo(config.minPollInterval()) < 0 ? config.minPollInterval() : s.interval();
    }

    /** Schedules the next poll; a later {@link #cancel} or schedule makes this one a no-op. Callers hold the monitor. */
    private void schedule(Runtime rt, Duration delay) {
        if (closed) {
            return;
        }
        long generation = ++rt.generation;
        rt.nextFetch = Instant.now().plus(delay);
        rt.future = scheduler.schedule(() -> pollAndReschedule(rt, generation), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancel(Runtime rt) {
        rt.generation++;
        rt.nextFetch = null;
        if (rt.future != null) {
            rt.future.cancel(false); // a poll already running finishes, but does not schedule another
        }
    }

    private void pollAndReschedule(Runtime rt, long generation) {
        if (rt.generation != generation) {
            return;
        }
        Duration next;
        try {
            next = poll(rt);
        } catch (RuntimeException e) {
            // never let one source's surprise kill its schedule
            next = failed(rt, "unexpected " + e, "unexpected", null);
            LOG.error("source {}: unexpected failure", rt.source.id(), e);
        }
        synchronized (this) {
            if (rt.generation == generation && runtimes.get(rt.source.id()) == rt && rt.source.polled()) {
                schedule(rt, next);
            }
        }
    }

    /** One poll; returns the delay until the next one. */
    private Duration poll(Runtime rt) {
        SourceDefinition s = rt.source;
        Duration interval = effectiveInterval(s);
        rt.lastFetch = Instant.now();
        metrics.fetch(s.id());
        FetchResult r;
        try {
            r = fetcher.fetch(URI.create(s.url()), ingestor.state().validators(s.id()));
        } catch (FetchException e) {
            LOG.debug("source {}: fetch failed: {}", s.id(), e.getMessage());
            return failed(rt, e.getMessage(), e.reason().name().toLowerCase(java.util.Locale.ROOT), e.retryAfter());
        }
        if (r.notModified()) {
            metrics.notModified(s.id());
            LOG.debug("source {}: not modified", s.id());
            return succeeded(rt, interval, r.maxAge());
        }
        SourceReader.Batch batch;
        try {
            batch = s.kind() == SourceKind.PAGE ? reader.fromPage(s, r, ingestor::isNew) : reader.fromFeed(s, r, ingestor::isNew);
        } catch (MalformedFeedException e) {
            LOG.debug("source {}: {} (from {})", s.id(), e.getMessage(), r.finalUri());
            return failed(rt, e.getMessage(), "malformed", null);
        }
        metrics.itemsSeen(s.id(), batch.itemsRead());
        rt.itemsSeen += batch.itemsRead();
        noteRecovery(rt, batch);
        for (SourceReader.Candidate c : batch.candidates()) {
            if (ingestor.publishIfNew(c.article(), c.alias())) {
                rt.itemsPublished++;
                LOG.info("source {}: published {} {}", s.id(), c.article().id(), c.article().url());
            }
        }
        batch.problems().forEach(p -> metrics.error(s.id(), "item"));
        batch.emptyPages().forEach(p -> metrics.emptyText(s.id()));
        warnItems(rt, batch);
        // validators only after every item is safely published, so a crash never skips items
        ingestor.state().saveValidators(s.id(), r.validators());
        return succeeded(rt, interval, r.maxAge());
    }

    /** Marks the source recovered (or clean again) with the reasons, counts it and says so in the log once per read. */
    private void noteRecovery(Runtime rt, SourceReader.Batch batch) {
        List<String> warnings = new ArrayList<>();
        batch.repairs().forEach(r -> warnings.add(r.detail()));
        warnings.addAll(batch.warnings());
        rt.recovered = batch.recovered();
        rt.warnings = List.copyOf(warnings);
        if (batch.recovered()) {
            metrics.recovered(rt.source.id(), batch.repairs());
            LOG.warn("source {}: broken feed recovered ({} items): {}", rt.source.id(), batch.itemsRead(),
                    batch.repairs().stream().map(FeedRepair::detail).collect(java.util.stream.Collectors.joining("; ")));
        }
        if (!batch.warnings().isEmpty()) {
            metrics.warnings(rt.source.id(), batch.warnings().size());
            LOG.warn("source {}: {}", rt.source.id(), String.join("; ", batch.warnings()));
        }
    }

    /** Item problems and pages without text do not fail the source; they show in its health as warnings. */
    private static void warnItems(Runtime rt, SourceReader.Batch batch) {
        List<String> warnings = new ArrayList<>(batch.problems());
        batch.emptyPages().forEach(url -> warnings.add(url + ": " + ExtractRecord.NO_TEXT));
        if (warnings.isEmpty()) {
            return;
        }
        rt.warningCount += warnings.size();
        rt.lastWarning = warnings.get(warnings.size() - 1) + (warnings.size() > 1 ? " (and " + (warnings.size() - 1) + " more in this fetch)" : "");
        rt.lastWarningAt = Instant.now();
    }

    private Duration succeeded(Runtime rt, Duration interval, Duration maxAge) {
        failureDigest.succeeded(rt.source.id());
        rt.lastSuccess = Instant.now();
        rt.lastError = null;
        rt.failures = 0;
        rt.failingSince = null;
        if (maxAge != null && maxAge.compareTo(interval) > 0) {
            return maxAge.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : maxAge;
        }
        return interval;
    }

    private Duration failed(Runtime rt, String error, String reason, Duration retryAfter) {
        rt.failures++;
        if (rt.failingSince == null) {
            rt.failingSince = Instant.now();
        }
        rt.lastError = error;
        metrics.error(rt.source.id(), reason);
        failureDigest.failed(rt.source.id(), reason, error);
        if (rt.failures == config.unhealthyAfterFailures()) {
            LOG.debug("source {} is UNHEALTHY after {} consecutive failures; last: {}", rt.source.id(), rt.failures, error);
            failureDigest.unhealthy(rt.source.id());
        }
        return backoff.next(rt.failures, effectiveInterval(rt.source), retryAfter);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (follower != null) {
            follower.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("poll threads did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failureDigest != null) {
            failureDigest.flush();
        }
        fetcher.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Mutable bookkeeping of one source; written by its poll thread, read by health(). */
    private static final class Runtime {
        volatile SourceDefinition source;
        volatile Instant lastFetch;
        volatile Instant lastSuccess;
        volatile String lastError;
        volatile int failures;
        /** When the current run of failures began, or null while the source succeeds. */
        volatile Instant failingSince;
        volatile long itemsSeen;
        volatile long itemsPublished;
        volatile Instant nextFetch;
        /** Bumped by every schedule and cancel; a scheduled poll runs only while it still holds its generation. */
        volatile long generation;
        ScheduledFuture<?> future;
        volatile boolean recovered;
        volatile List<String> warnings = List.of();
        volatile long warningCount;
        volatile String lastWarning;
        volatile Instant lastWarningAt;

        Runtime(SourceDefinition source) {
            this.source = source;
        }

        long failingSeconds() {
            Instant since = failingSince;
            return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toSeconds());
        }

        SourceHealth snapshot(int unhealthyAfter, boolean polling) {
            SourceHealth.Status status;
            if (!polling || !source.polled()) {
                status = SourceHealth.Status.DISABLED;
            } else if (lastFetch == null) {
                status = SourceHealth.Status.PENDING;
            } else if (failures >= unhealthyAfter) {
                status = SourceHealth.Status.UNHEALTHY;
            } else if (failures > 0) {
                status = SourceHealth.Status.DEGRADED;
            } else {
                status = SourceHealth.Status.HEALTHY;
            }
            return new SourceHealth(source.id(), status, lastFetch, lastSuccess, lastError, failures, itemsSeen, itemsPublished, nextFetch,
                    recovered, warnings, warningCount, lastWarning, lastWarningAt);
        }
    }

}
