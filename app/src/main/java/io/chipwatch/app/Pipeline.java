package io.chipwatch.app;

import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.alerts.AlertsService;
import io.chipwatch.alerts.WatchAdmin;
import io.chipwatch.enrich.EnrichConfig;
import io.chipwatch.enrich.EnrichService;
import io.chipwatch.ingest.IngestConfig;
import io.chipwatch.ingest.ArchiveReplayer;
import io.chipwatch.ingest.IngestService;
import io.chipwatch.ingest.SourceAdmin;
import io.chipwatch.ingest.SourceState;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.SourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.chipwatch.model.config.Secrets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one process, built from the CLI options and started in dependency order
 * (alerts, enrich, then ingest, so nothing published is waiting on a consumer that is not there
 * yet), and closed in reverse.
 */
final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    enum Service { INGEST, ENRICH, ALERTS }

    private final Shutdown.Closer closer = new Shutdown.Closer();
    private final Builder settings;
    private final List<java.util.function.Supplier<org.apache.kafka.streams.KafkaStreams.State>> streamsStates = new ArrayList<>();
    private EnrichService enrichService;
    private final Map<String, StreamsInstrumentation> instrumentation = new java.util.concurrent.ConcurrentHashMap<>();
    private AlertsService alertsService;

    private Pipeline(Builder settings) {
        this.settings = settings;
    }

    static Builder builder(KafkaOptions options, String bootstrap) {
        return new Builder(options, bootstrap);
    }

    /** Per-service configuration with the app's defaults (seeds and state under the data dir). */
    static Map<String, Object> ingestConfig(KafkaOptions o, String bootstrap, boolean poll) {
        Map<String, Object> d = new HashMap<>();
        d.put(IngestConfig.SOURCES_FILE, o.seedsDir().resolve("sources.yaml").toString());
        d.put(IngestConfig.POLL_ENABLED, Boolean.toString(poll));
        return o.serviceConfig("ingest", bootstrap, d);
    }

    /**
     * Ingest configuration for commands that never talk to Kafka (extract, sources check/add): the
     * shared config base requires bootstrap servers, so a placeholder stands in.
     */
    static IngestConfig offlineIngestConfig(KafkaOptions o) {
        return new IngestConfig(ingestConfig(o, "offline.invalid:9092", false));
    }

    /** Parses every service's configuration before anything starts, so a bad key fails fast (exit 3). */
    static void validateConfig(KafkaOptions o) {
        String placeholder = "offline.invalid:9092";
        ConfigKeys.parse("ingest", ingestConfig(o, placeholder, false), IngestConfig::new);
        ConfigKeys.parse("enrich", enrichConfig(o, placeholder), EnrichConfig::new);
        ConfigKeys.parse("alerts", alertsConfig(o, placeholder, false), AlertsConfig::new);
        ConfigKeys.parse("web", WebWiring.webConfig(o, placeholder, null), io.chipwatch.web.WebConfig::new);
    }

    static Map<String, Object> enrichConfig(KafkaOptions o, String bootstrap) {
        Map<String, Object> d = new HashMap<>();
        d.put(EnrichConfig.SEEDS_DIR, o.seedsDir().toString());
        d.put(EnrichConfig.STATE_DIR, o.dataDir().resolve("streams").toString());
        return o.serviceConfig("enrich", bootstrap, d);
    }

    static Map<String, Object> alertsConfig(KafkaOptions o, String bootstrap, boolean notify) {
        Map<String, Object> d = new HashMap<>();
        d.put(AlertsConfig.STATE_DIR, o.dataDir().resolve("streams").toString());
        d.put(AlertsConfig.WATCHES_SEED_FILE, o.seedsDir().resolve("watches.yaml").toString());
        d.put(AlertsConfig.NOTIFY_ENABLED, Boolean.toString(notify));
        if (o.partitions > 0) {
            d.put(AlertsConfig.TOPIC_PARTITIONS, Integer.toString(o.partitions));
        }
        return o.serviceConfig("alerts", bootstrap, d);
    }

    private Pipeline start() {
        Set<Service> services = settings.services;
        // Loading the gazetteer and rules takes seconds of CPU, and the alerts service's start (topic checks, watch
        // seeding, the Streams join) mostly waits on the broker: the three overlap, each on its own thread, and
        // enrich starts as soon as its rules are loaded instead of after alerts. That shortens a restart.
        java.util.concurrent.CompletableFuture<io.chipwatch.enrich.Enricher> enricher = services.contains(Service.ENRICH)
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> io.chipwatch.enrich.Enricher.fromConfig(
                        new EnrichConfig(enrichConfig(settings.options, settings.bootstrap))), Pipeline::startThread)
                : null;
        java.util.concurrent.CompletableFuture<AlertsService> alertsStarted = null;
        java.util.concurrent.atomic.AtomicReference<AlertsService> alertsRef = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            if (services.contains(Service.ALERTS)) {
                // registered first, as before the overlap, so alerts still stops last
                closer.add(() -> {
                    AlertsService a = alertsRef.get();
                    if (a != null) {
                        a.close();
                    }
                });
                alertsStarted = java.util.concurrent.CompletableFuture.supplyAsync(() -> startAlerts(alertsRef), Pipeline::startThread);
            }
            if (services.contains(Service.ENRICH)) {
                EnrichConfig config = new EnrichConfig(enrichConfig(settings.options, settings.bootstrap));
                EnrichService enrich = closer.add(new EnrichService(config, enricher.join(), settings.meters));
                instrumentation.put(config.applicationId(), StreamsInstrumentation.attach(config.applicationId(), enrich.streams(), settings.meters));
                enrich.start();
                enrichService = enrich;
                streamsStates.add(enrich::state);
                log.info("enrich service started");
            }
            if (alertsStarted != null) {
                AlertsService alerts = alertsStarted.join();
                alertsService = alerts;
                streamsStates.add(alerts::state);
                log.info("alerts service started");
            }
            if (services.contains(Service.INGEST)) {
                IngestConfig config = new IngestConfig(ingestConfig(settings.options, settings.bootstrap, settings.poll));
                IngestService ingest = closer.add(new IngestService(config, settings.meters));
                ingest.start();
                closer.add(SourceHealthLog.start(settings.bootstrap, ingest::health, java.time.Duration.ofSeconds(15)));
                log.info("ingest service started (polling {})", settings.poll ? "the sources on " + config.sourcesTopic() : "off");
                if (settings.poll) {
                    replayArchiveSources(config);
                }
            }
            if (settings.monitorLag) {
                closer.add(new LagMonitor(new AlertsConfig(alertsConfig(settings.options, settings.bootstrap, false)).kafkaProperties(),
                        lagGroups(services), settings.meters, java.time.Duration.ofSeconds(15)));
            }
        } catch (java.util.concurrent.CompletionException e) {
            awaitQuietly(alertsStarted);
            closer.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException | Error e) {
            awaitQuietly(alertsStarted);
            closer.close(); // stop what did start, so a failed start leaks no threads
            throw e;
        }
        return this;
    }

    /** Seeds the default watches, then builds and starts the alerts service; published to {@code started} before start. */
    private AlertsService startAlerts(java.util.concurrent.atomic.AtomicReference<AlertsService> started) {
        AlertsConfig config = new AlertsConfig(alertsConfig(settings.options, settings.bootstrap, settings.notify));
        try (WatchAdmin watches = new WatchAdmin(config)) {
            int seeded = watches.seedDefaults();
            if (seeded > 0) {
                log.info("Seeded {} default watches from {}", seeded, config.watchesSeedFile());
            }
        }
        AlertsService alerts = new AlertsService(config, settings.console, Secrets.fromEnvironment(), settings.meters);
        started.set(alerts); // from here on the closer stops it, whatever happens next
        instrumentation.put(config.applicationId(), StreamsInstrumentation.attach(config.applicationId(), alerts.streams(), settings.meters));
        alerts.start();
        return alerts;
    }

    /** Waits for a start running on another thread to end, so that the closer sees what it started. */
    private static void awaitQuietly(java.util.concurrent.CompletableFuture<?> start) {
        if (start != null) {
            try {
                start.join();
            } catch (RuntimeException ignored) {
                // its own failure is reported by whoever joined it first, or is the one being thrown
            }
        }
    }

    private static void startThread(Runnable task) {
        Thread t = new Thread(task, "pipeline-start");
        t.setDaemon(true);
        t.start();
    }

    /** The consumer groups of the services this process runs, with the topics each reads. */
    private List<LagMonitor.Group> lagGroups(Set<Service> services) {
        List<LagMonitor.Group> groups = new ArrayList<>();
        if (services.contains(Service.ENRICH)) {
            EnrichConfig e = new EnrichConfig(enrichConfig(settings.options, settings.bootstrap));
            groups.add(new LagMonitor.Group(e.applicationId(), List.of(e.topicInput())));
        }
        if (services.contains(Service.ALERTS)) {
            AlertsConfig a = new AlertsConfig(alertsConfig(settings.options, settings.bootstrap, settings.notify));
            groups.add(new LagMonitor.Group(a.applicationId(), List.of(a.inputTopic(), a.trendsTopic())));
            if (a.notifyEnabled()) {
                groups.add(new LagMonitor.Group(a.notifyGroupId(), List.of(a.alertsTopic(), a.retryTopic())));
            }
        }
        return groups;
    }

    /** Records restored from changelogs per store of one Streams application since start (empty if none ran). */
    Map<String, Long> restoredRecords(String applicationId) {
        StreamsInstrumentation i = instrumentation.get(applicationId);
        return i == null ? Map.of() : i.restored();
    }

    /** Deliveries ended since start, or null when no notifier runs in this pipeline. */
    io.chipwatch.alerts.Notifier.Outcomes deliveryOutcomes() {
        return alertsService == null ? null : alertsService.deliveryOutcomes();
    }

    /**
     * Archive sources are not polled; on start the pipeline replays each enabled one on the sources topic once in
     * the background (articles already published are skipped), so the sample archive flows on first run.
     */
    private void replayArchiveSources(IngestConfig config) {
        List<Path> folders = new ArrayList<>();
        try (SourceAdmin admin = new SourceAdmin(config)) {
            for (SourceDefinition s : admin.list().stream().map(SourceState::definition).filter(d -> d != null).toList()) {
                if (s.enabled() && s.kind() == SourceKind.ARCHIVE) {
                    resolve(s.path()).ifPresentOrElse(folders::add,
                            () -> log.warn("archive source {}: folder {} not found (relative to {} or {})", s.id(), s.path(),
                                    Path.of("").toAbsolutePath(), System.getProperty("chipwatch.home")));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Cannot read archive sources from {}: {}", config.sourcesTopic(), e.getMessage());
            return;
        }
        if (folders.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            try (ArchiveReplayer replayer = new ArchiveReplayer(config, settings.meters)) {
                var summary = replayer.replay(folders, null, null, io.chipwatch.ingest.ProgressListener.NONE);
                log.info("archive sources {}: {} article(s) published, {} already seen, {} failed", folders, summary.published(),
                        summary.skippedSeen(), summary.failed().size());
            } catch (RuntimeException e) {
                log.warn("archive replay failed: {}", e.getMessage());
            }
        }, "archive-sources");
        t.setDaemon(true);
        t.start();
    }

    private static java.util.Optional<Path> resolve(String path) {
        Path p = Path.of(path);
        if (p.isAbsolute() || Files.isDirectory(p)) {
            return Files.isDirectory(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
        }
        String home = System.getProperty("chipwatch.home");
        if (home != null && Files.isDirectory(Path.of(home).resolve(p))) {
            return java.util.Optional.of(Path.of(home).resolve(p));
        }
        return java.util.Optional.empty();
    }

    /**
     * Waits until every Streams application of this pipeline is RUNNING (partitions assigned), so a
     * short batch does not shut down mid-rebalance, which is slow with exactly-once.
     */
    void awaitRunning(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streamsStates.stream().anyMatch(s -> s.get() != org.apache.kafka.streams.KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Streams applications not running after " + timeout + ": "
                        + streamsStates.stream().map(s -> s.get().name()).toList());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // polling with a deadline
        }
    }

    /** CPU time the story dedup step has used in this process so far (0 without the enrich service). */
    long dedupCpuNanos() {
        return enrichService == null ? 0 : enrichService.dedupCpuNanos();
    }

    /** Blocks until the latch opens (Ctrl-C). */
    void awaitStop(CountDownLatch stop) throws InterruptedException {
        stop.await();
    }

    @Override
    public void close() {
        closer.close();
    }

    static final class Builder {
        private final KafkaOptions options;
        private final String bootstrap;
        private Set<Service> services = EnumSet.allOf(Service.class);
        private boolean poll = true;
        private boolean notify = true;
        private PrintStream console = System.out;
        private MeterRegistry meters = new SimpleMeterRegistry();
        private boolean monitorLag;

        private Builder(KafkaOptions options, String bootstrap) {
            this.options = options;
            this.bootstrap = bootstrap;
        }

        Builder services(Set<Service> s) {
            this.services = s;
            return this;
        }

        Builder poll(boolean p) {
            this.poll = p;
            return this;
        }

        Builder notifyChannels(boolean n) {
            this.notify = n;
            return this;
        }

        /** Where console channels print (stdout by default). */
        Builder console(PrintStream out) {
            this.console = out;
            return this;
        }

        /** Where the services' meters go; with {@code lag} also the consumer lag of their groups, measured in the background. */
        Builder meters(MeterRegistry m, boolean lag) {
            this.meters = m;
            this.monitorLag = lag;
            return this;
        }

        Pipeline start() {
            return new Pipeline(this).start();
        }
    }
}
