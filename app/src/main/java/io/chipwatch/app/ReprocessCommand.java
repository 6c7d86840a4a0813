package io.chipwatch.app;

import io.chipwatch.alerts.AlertFormat;
import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.alerts.AlertsService;
import io.chipwatch.enrich.EnrichConfig;
import io.chipwatch.enrich.EnrichService;
import io.chipwatch.model.Alert;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chipwatch reprocess}: rerun enrichment and alerting over stored raw articles, after the
 * gazetteer or rules changed, into {@code replay.*} topics. Notifies nobody; the live pipeline and
 * its topics are untouched.
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true,
        description = {"Rerun enrichment and alerting over the raw articles published since DATE (published time, else fetch time),",
                "with the current seeds and watches, into replay.articles.enriched and replay.alerts (recreated on each run).",
                "Notifies nobody.",
                "Prints the alerts the rerun produced (readable, or --json lines) and a summary on stderr."})
final class ReprocessCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ReprocessCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--since", paramLabel = "DATE", required = true, converter = InstantConverter.class,
            description = "Reprocess raw articles published (else fetched) at or after DATE (2026-04-01, 2026-04-01T08:00Z, 7d, P1M, ...).")
    Instant since;

    @Option(names = "--json", description = "Alert JSON lines instead of readable lines.")
    boolean json;

    @Option(names = "--idle-timeout", defaultValue = "PT10M", description = "Give up after this ISO-8601 duration. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    static final List<String> REPLAY_TOPICS = List.of(
            Topics.replayOf(Topics.ARTICLES_ENRICHED).name(), Topics.replayOf(Topics.ARTICLES_DLQ).name(),
            Topics.replayOf(Topics.ENTITY_TRENDS).name(), Topics.replayOf(Topics.ALERTS).name(),
            Topics.replayOf(Topics.ALERTS_DLQ).name(), Topics.replayOf(Topics.ALERTS_DELIVERED).name(),
            Topics.replayOf(Topics.ARTICLES_RAW).name());

    @Override
    public Integer call() throws Exception {
        String runId = "chipwatch-reprocess-" + Instant.now().getEpochSecond();
        Path stateDir = Files.createTempDirectory("chipwatch-reprocess-");
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "reprocess");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            recreateReplayTopics(admin);
            String enrichId = runId + "-enrich";
            String alertsId = runId + "-alerts";
            long copied = RawCopy.since(env.bootstrapServers(), Topics.ARTICLES_RAW.name(), REPLAY_TOPICS.get(6), since);
            log.info("Reprocessing {} raw article(s) published since {}", copied, since);
            Map<String, Object> enrich = Pipeline.enrichConfig(kafka, env.bootstrapServers());
            enrich.put(EnrichConfig.APPLICATION_ID, enrichId);
            enrich.put(EnrichConfig.TOPIC_INPUT, REPLAY_TOPICS.get(6));
            enrich.put(EnrichConfig.STATE_DIR, stateDir.toString());
            enrich.put(EnrichConfig.TOPIC_OUTPUT, REPLAY_TOPICS.get(0));
            enrich.put(EnrichConfig.TOPIC_DLQ, REPLAY_TOPICS.get(1));
            enrich.put(EnrichConfig.TOPIC_TRENDS, REPLAY_TOPICS.get(2));
            Map<String, Object> alerts = Pipeline.alertsConfig(kafka, env.bootstrapServers(), false);
            alerts.put(AlertsConfig.APPLICATION_ID, alertsId);
            alerts.put(AlertsConfig.STATE_DIR, stateDir.toString());
            alerts.put(AlertsConfig.TOPIC_INPUT, REPLAY_TOPICS.get(0));
            alerts.put(AlertsConfig.TOPIC_TRENDS, REPLAY_TOPICS.get(2));
            alerts.put(AlertsConfig.TOPIC_ALERTS, REPLAY_TOPICS.get(3));
            alerts.put(AlertsConfig.TOPIC_DLQ, REPLAY_TOPICS.get(4));
            alerts.put(AlertsConfig.TOPIC_DELIVERED, REPLAY_TOPICS.get(5));
            try (AlertsService alertsService = new AlertsService(new AlertsConfig(alerts), new PrintStream(OutputStream.nullOutputStream()), Secrets.fromEnvironment());
                 EnrichService enrichService = new EnrichService(new EnrichConfig(enrich))) {
                alertsService.start();
                enrichService.start();
                new IdleWaiter(admin).await(List.of(new IdleWaiter.Stage(enrichId, REPLAY_TOPICS.get(6)),
                        new IdleWaiter.Stage(alertsId, REPLAY_TOPICS.get(0))), idleTimeout);
            }
            List<Alert> produced;
            try (TopicReader<Alert> reader = new TopicReader<>(env.bootstrapServers(), REPLAY_TOPICS.get(3), new JsonSerde<>(Alert.class))) {
                produced = reader.readFrom(Map.of(), Duration.ofMinutes(2));
            }
            produced.forEach(a -> System.out.println(json ? Json.toJson(a) : AlertFormat.line(a)));
            log.info("Reprocessed since {}: {} alert(s) on {}; enriched articles on {}", since, produced.size(),
                    REPLAY_TOPICS.get(3), REPLAY_TOPICS.get(0));
            cleanUp(admin, List.of(enrichId, alertsId));
        } finally {
            io.chipwatch.broker.DataDirs.deleteRecursively(stateDir);
        }
        return 0;
    }

    /** Replay topics hold one rerun at a time: delete and create them again. */
    private static void recreateReplayTopics(Admin admin) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> doomed = new ArrayList<>();
        for (String t : existing) {
            if (t.startsWith(Topics.REPLAY_PREFIX)) {
                doomed.add(t);
            }
        }
        if (!doomed.isEmpty()) {
            admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(doomed::contains)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("old replay topics still being deleted: " + doomed);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
        List<io.chipwatch.model.topic.Topic<?, ?>> topics = List.of(Topics.replayOf(Topics.ARTICLES_ENRICHED), Topics.replayOf(Topics.ARTICLES_DLQ),
                Topics.replayOf(Topics.ENTITY_TRENDS), Topics.replayOf(Topics.ALERTS), Topics.replayOf(Topics.ALERTS_DLQ),
                Topics.replayOf(Topics.ALERTS_DELIVERED), Topics.replayOf(Topics.ARTICLES_RAW));
        io.chipwatch.broker.TopicProvisioner.ensure(admin, topics, 0);
    }

    private static void cleanUp(Admin admin, List<String> groups) {
        try {
            admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            List<String> internal = new ArrayList<>();
            for (String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (groups.stream().anyMatch(g -> t.startsWith(g + "-"))) {
                    internal.add(t);
                }
            }
            admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                log.warn("Could not clean up reprocess groups {}: {}", groups, e.getCause().getMessage());
            }
        } catch (Exception e) {
            log.warn("Could not clean up reprocess groups {}: {}", groups, e.getMessage());
        }
    }
}
