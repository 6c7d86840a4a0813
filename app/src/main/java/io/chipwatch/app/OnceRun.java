package io.chipwatch.app;

import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.enrich.EnrichConfig;
import io.chipwatch.ingest.ArchiveReplayer;
import io.chipwatch.ingest.CheckResult;
import io.chipwatch.ingest.IngestConfig;
import io.chipwatch.ingest.SourceChecker;
import io.chipwatch.model.Alert;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --once}: start enrich and alerts, ingest the given inputs once, wait until both
 * Streams applications have committed everything, then print the alerts this run produced.
 */
final class OnceRun implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnceRun.class);

    private final KafkaOptions kafka;
    private final String bootstrap;
    private final boolean notifyChannels;
    private final Duration idleTimeout;
    private final Shutdown.Closer closer = new Shutdown.Closer();

    OnceRun(KafkaOptions kafka, String bootstrap, boolean notifyChannels, Duration idleTimeout) {
        this.kafka = kafka;
        this.bootstrap = bootstrap;
        this.notifyChannels = notifyChannels;
        this.idleTimeout = idleTimeout;
    }

    /** Returns the number of alerts printed. */
    int execute(List<String> sources, PrintStream out) throws Exception {
        Map<TopicPartition, Long> alertsBefore;
        try (TopicReader<Alert> reader = new TopicReader<>(bootstrap, Topics.ALERTS.name(), new JsonSerde<>(Alert.class))) {
            alertsBefore = reader.endOffsets();
        }
        // Console channels print on stderr here: stdout carries only the alert JSON lines.
        Pipeline pipeline = closer.add(Pipeline.builder(kafka, bootstrap)
                .services(EnumSet.of(Pipeline.Service.ALERTS, Pipeline.Service.ENRICH))
                .notifyChannels(notifyChannels)
                .console(System.err)
                .start());
        pipeline.awaitRunning(idleTimeout);
        List<String> failed = ingest(sources);
        if (failed.size() == sources.size()) {
            throw new InputsFailedException("every input failed (" + failed.size() + " of " + sources.size() + "): "
                    + String.join("; ", failed));
        }
        failed.forEach(f -> log.warn("--once: input failed: {}", f));
        String enrichId = new EnrichConfig(Pipeline.enrichConfig(kafka, bootstrap)).applicationId();
        String alertsId = new AlertsConfig(Pipeline.alertsConfig(kafka, bootstrap, false)).getString(AlertsConfig.APPLICATION_ID);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new IdleWaiter(admin).await(List.of(new IdleWaiter.Stage(enrichId, Topics.ARTICLES_RAW.name()),
                    new IdleWaiter.Stage(alertsId, Topics.ARTICLES_ENRICHED.name())), idleTimeout);
            if (notifyChannels) {
                awaitDeliveries(admin, pipeline);
            }
        }
        List<Alert> alerts;
        try (TopicReader<Alert> reader = new TopicReader<>(bootstrap, Topics.ALERTS.name(), new JsonSerde<>(Alert.class))) {
            alerts = new ArrayList<>(reader.readFrom(alertsBefore, Duration.ofMinutes(1)));
        }
        // A stable order, so two runs over the same input print the same lines (triggeredAt aside).
        alerts.sort(Comparator.comparing(Alert::watchId).thenComparing(a -> a.article() == null ? "" : String.valueOf(a.article().publishedAt()))
                .thenComparing(Alert::alertId));
        alerts.forEach(a -> out.println(Json.toJson(a)));
        out.flush();
        return alerts.size();
    }

    /**
     * Waits until the notifier has committed every alert, which it does only once each of the alert's
     * channels delivered or dead-lettered it: with the temporary broker nothing may be left in flight.
     */
    private void awaitDeliveries(Admin admin, Pipeline pipeline) throws Exception {
        AlertsConfig alerts = new AlertsConfig(Pipeline.alertsConfig(kafka, bootstrap, true));
        log.info("--notify: waiting for every delivery to end, delivered or dead-lettered (a failing channel is retried for up "
                + "to alerts.delivery.deadline.ms = {})", alerts.deliveryDeadline());
        new IdleWaiter(admin).await(List.of(new IdleWaiter.Stage(alerts.notifyGroupId(), alerts.alertsTopic())),
                idleTimeout.plus(alerts.deliveryDeadline()));
        var outcomes = pipeline.deliveryOutcomes();
        if (outcomes != null) {
            log.info("--notify: every delivery ended: {} delivered, {} dead-lettered{}", outcomes.delivered(), outcomes.deadLettered(),
                    outcomes.deadLettered() > 0 ? " (list them: chipwatch deliveries failed; resend: chipwatch deliveries retry)" : "");
        }
    }

    /** Every input failed: nothing was read, so the run has no answer to give (exit 1, not "no alerts"). */
    static final class InputsFailedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InputsFailedException(String message) {
            super(message);
        }
    }

    /** Ingests the inputs; returns one line per input that gave no article at all, with why. */
    private List<String> ingest(List<String> sources) {
        List<String> failed = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (String s : sources) {
            if (s.startsWith("http://") || s.startsWith("https://")) {
                urls.add(s);
            } else {
                files.add(Path.of(s));
            }
        }
        IngestConfig config = new IngestConfig(Pipeline.ingestConfig(kafka, bootstrap, false));
        for (Path file : files) {
            var summary = ReplayCommand.replay(kafka, bootstrap, List.of(file), null, null, true);
            if (summary.published() + summary.skippedSeen() + summary.skippedByDate() == 0) {
                failed.add(file + ": " + (summary.failed().isEmpty() ? "no article found"
                        : summary.failed().size() + " failure(s), first: " + summary.failed().get(0).file() + ": " + summary.failed().get(0).reason()));
            }
        }
        if (!urls.isEmpty()) {
            try (SourceChecker checker = new SourceChecker(config); ArchiveReplayer publisher = new ArchiveReplayer(config)) {
                for (String url : urls) {
                    CheckResult r = checker.check(url);
                    r.problems().forEach(p -> log.warn("{}: {}", url, p));
                    log.info("{}: {} article(s), {} new", url, r.articles().size(), publisher.publishAll(r.articles()));
                    if (r.articles().isEmpty()) {
                        failed.add(url + ": " + (r.problems().isEmpty() ? "no article found" : String.join("; ", r.problems())));
                    }
                }
            }
        }
        return failed;
    }

    @Override
    public void close() {
        closer.close();
    }
}
