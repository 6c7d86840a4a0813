package io.chipwatch.ingest;

import io.chipwatch.ingest.internal.ArticlePublisher;
import io.chipwatch.ingest.internal.Backoff;
import io.chipwatch.ingest.internal.IngestMetrics;
import io.chipwatch.ingest.internal.IngestState;
import io.chipwatch.ingest.internal.Ingestor;
import io.chipwatch.ingest.internal.MalformedFeedException;
import io.chipwatch.ingest.internal.SourceReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling service. {@link #start()} loads the sources file and the state topic, then polls every
 * enabled feed and page source on its own schedule on a small thread pool: conditional GET, then new
 * items published to {@code articles.raw} once each. A failing source backs off exponentially with
 * jitter (or as long as its {@code Retry-After} asks) and never delays the others.
 *
 * <p>Input: the sources file and the compacted state topic. Output: {@code articles.raw} (key = article
 * id, JSON {@link io.chipwatch.model.RawArticle}, timestamp = published time) and the state topic.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final SafeHttpFetcher fetcher;
    private final SourceReader reader;
    private final Backoff backoff;
    private final Map<String, Runtime> runtimes = new LinkedHashMap<>();
    private ScheduledExecutorService scheduler;
    private Producer<byte[], byte[]> producer;
    private Ingestor ingestor;
    private volatile boolean closed;

    public IngestService(IngestConfig config, MeterRegistry registry) {
        this.config = config;
        this.metrics = new IngestMetrics(registry);
        this.fetcher = new SafeHttpFetcher(config.fetchOptions());
        this.reader = new SourceReader(fetcher, new ArticleExtractor());
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax());
    }

    /** Loads sources and state, then schedules the polls (when {@code poll.enabled}). */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        List<Source> sources;
        try {
            sources = SourcesFile.load(config.sourcesFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sources file " + config.sourcesFile() + ": " + e.getMessage(), e);
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
        for (Source s : sources) {
            Runtime rt = new Runtime(s);
            runtimes.put(s.id(), rt);
            if (config.pollEnabled() && s.enabled() && s.kind() != SourceKind.ARCHIVE) {
                metrics.sourceHealth(s.id(), () -> rt.failures, rt::failingSeconds,
                        () -> rt.lastSuccess == null ? Double.NaN : rt.lastSuccess.getEpochSecond());
                schedule(rt, Duration.ZERO);
            }
        }
        LOG.info("ingest started: {} sources, {} polled", sources.size(),
                runtimes.values().stream().filter(r -> r.nextFetch != null).count());
    }

    /** Health of every source, in file order. */
    public List<SourceHealth> health() {
        List<SourceHealth> out = new ArrayList<>();
        synchronized (this) {
            for (Runtime rt : runtimes.values()) {
                out.add(rt.snapshot(config.unhealthyAfterFailures(), config.pollEnabled()));
            }
        }
        return out;
    }

    private void schedule(Runtime rt, Duration delay) {
        if (closed) {
            return;
        }
        rt.nextFetch = Instant.now().plus(delay);
        scheduler.schedule(() -> pollAndReschedule(rt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollAndReschedule(Runtime rt) {
        Duration next;
        try {
            next = poll(rt);
        } catch (RuntimeException e) {
            // never let one source's surprise kill its schedule
            next = failed(rt, "unexpected " + e, "unexpected", null);
            LOG.error("source {}: unexpected failure", rt.source.id(), e);
        }
        schedule(rt, next);
    }

    /** One poll; returns the delay until the next one. */
    private Duration poll(Runtime rt) {
        Source s = rt.source;
        Duration interval = s.interval().compareTo(config.minPollInterval()) < 0 ? config.minPollInterval() : s.interval();
        rt.lastFetch = Instant.now();
        metrics.fetch(s.id());
        FetchResult r;
        try {
            r = fetcher.fetch(URI.create(s.url()), ingestor.state().validators(s.id()));
        } catch (FetchException e) {
            LOG.warn("source {}: fetch failed: {}", s.id(), e.getMessage());
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
            LOG.warn("source {}: {} (from {})", s.id(), e.getMessage(), r.finalUri());
            return failed(rt, e.getMessage(), "malformed", null);
        }
        metrics.itemsSeen(s.id(), batch.itemsRead());
        rt.itemsSeen += batch.itemsRead();
        for (SourceReader.Candidate c : batch.candidates()) {
            if (ingestor.publishIfNew(c.article(), c.alias())) {
                rt.itemsPublished++;
                LOG.info("source {}: published {} {}", s.id(), c.article().id(), c.article().url());
            }
        }
        batch.problems().forEach(p -> metrics.error(s.id(), "item"));
        // validators only after every item is safely published, so a crash never skips items
        ingestor.state().saveValidators(s.id(), r.validators());
        return succeeded(rt, interval, r.maxAge());
    }

    private Duration succeeded(Runtime rt, Duration interval, Duration maxAge) {
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
        if (rt.failures == config.unhealthyAfterFailures()) {
            LOG.error("source {} is UNHEALTHY after {} consecutive failures; last: {}", rt.source.id(), rt.failures, error);
        }
        Duration interval = rt.source.interval().compareTo(config.minPollInterval()) < 0 ? config.minPollInterval() : rt.source.interval();
        return backoff.next(rt.failures, interval, retryAfter);
    }

    @Override
    public void close() {
        closed = true;
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
        fetcher.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Mutable bookkeeping of one source; written by its poll thread, read by health(). */
    private static final class Runtime {
        final Source source;
        volatile Instant lastFetch;
        volatile Instant lastSuccess;
        volatile String lastError;
        volatile int failures;
        /** When the current run of failures began, or null while the source succeeds. */
        volatile Instant failingSince;
        volatile long itemsSeen;
        volatile long itemsPublished;
        volatile Instant nextFetch;

        Runtime(Source source) {
            this.source = source;
        }

        long failingSeconds() {
            Instant since = failingSince;
            return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toSeconds());
        }

        SourceHealth snapshot(int unhealthyAfter, boolean polling) {
            SourceHealth.Status status;
            if (!polling || !source.enabled() || source.kind() == SourceKind.ARCHIVE) {
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
            return new SourceHealth(source.id(), status, lastFetch, lastSuccess, lastError, failures, itemsSeen, itemsPublished, nextFetch);
        }
    }

}
