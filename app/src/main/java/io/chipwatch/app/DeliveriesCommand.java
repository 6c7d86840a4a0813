package io.chipwatch.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.alerts.Notifier;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Delivery;
import io.chipwatch.model.RetryRequest;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chipwatch deliveries failed|retry}: dead-lettered deliveries, as the delivery log
 * ({@code alerts.delivered}) records them, and resend requests for them on {@code alerts.retry}.
 */
@Command(name = "deliveries", mixinStandardHelpOptions = true,
        description = {"Deliveries that ended in the dead-letter topic, and resending them.",
                "The delivery log alerts.delivered is the truth: a delivery is failed while its latest outcome there is dead-lettered."},
        subcommands = {DeliveriesCommand.Failed.class, DeliveriesCommand.Retry.class})
final class DeliveriesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** A dead-lettered delivery: its latest log entry and, when the dead letter is still on the topic, its alert. */
    record FailedDelivery(Delivery delivery, Alert alert) {
        String id() {
            return delivery.key();
        }

        /** The {@code --json} line: a public contract (fields are only ever added). */
        String json() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("id", id());
            n.put("alertId", delivery.alertId());
            n.put("channel", delivery.channel());
            n.put("attempts", delivery.attempts());
            n.put("failedAt", delivery.at() == null ? null : delivery.at().toString());
            n.put("reason", delivery.detail());
            n.put("watchId", alert == null ? null : alert.watchId());
            n.put("severity", alert == null || alert.severity() == null ? null : alert.severity().name());
            n.put("title", alert == null || alert.article() == null ? null : alert.article().title());
            n.put("url", alert == null || alert.article() == null ? null : alert.article().url());
            return Json.toJson(n);
        }
    }

    /** Every delivery whose latest outcome is dead-lettered, oldest failure first. */
    static List<FailedDelivery> failed(String bootstrap, AlertsConfig config) {
        Map<String, Delivery> failed = new LinkedHashMap<>();
        JsonSerde<Delivery> deliveries = new JsonSerde<>(Delivery.class);
        try (TopicReader<byte[]> log = new TopicReader<>(bootstrap, config.deliveredTopic(), (t, b) -> b)) {
            log.forEachRecord(Map.of(), Duration.ofMinutes(2), (key, value) -> {
                if (key == null) {
                    return;
                }
                String k = new String(key, StandardCharsets.UTF_8);
                Delivery d = null;
                try {
                    d = value == null ? null : deliveries.deserialize(config.deliveredTopic(), value);
                } catch (RuntimeException e) {
                    return; // not a delivery entry: nothing to resend
                }
                failed.remove(k);
                if (d != null && d.isDeadLettered()) {
                    failed.put(k, d);
                }
            });
        }
        Map<String, Alert> alerts = deadLetteredAlerts(bootstrap, config, failed.keySet());
        List<FailedDelivery> out = new ArrayList<>();
        failed.forEach((k, d) -> out.add(new FailedDelivery(d, alerts.get(k))));
        return out;
    }

    /** The alerts of the given delivery keys, from their dead letters on the DLQ topic (the newest wins). */
    private static Map<String, Alert> deadLetteredAlerts(String bootstrap, AlertsConfig config, java.util.Set<String> keys) {
        Map<String, Alert> found = new java.util.HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        JsonSerde<Alert> serde = new JsonSerde<>(Alert.class);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(config.dlqTopic(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String channel = DeadLetterHeaders.get(r.headers(), Notifier.CHANNEL_HEADER);
                    if (channel == null || r.value() == null) {
                        continue;
                    }
                    try {
                        Alert a = serde.deserialize(r.topic(), r.value());
                        if (a != null && keys.contains(Delivery.key(channel, a.alertId()))) {
                            found.put(Delivery.key(channel, a.alertId()), a);
                        }
                    } catch (RuntimeException e) {
                        // an unreadable alert: shown without its watch and title
                    }
                }
            }
        }
        return found;
    }

    static AlertsConfig config(KafkaOptions kafka, String bootstrap) {
        return new AlertsConfig(Pipeline.alertsConfig(kafka, bootstrap, false));
    }

    @Command(name = "failed", mixinStandardHelpOptions = true,
            description = {"List deliveries whose latest outcome is dead-lettered: id (channel|alertId), alert, channel, attempts,",
                    "when it failed, why, and the alert's watch and title. --json prints one JSON object per line."})
    static final class Failed implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--json", description = "One JSON object per failed delivery: id, alertId, channel, attempts, failedAt, reason, "
                + "watchId, severity, title, url.")
        boolean json;

        @Override
        public Integer call() {
            try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "deliveries failed")) {
                List<FailedDelivery> failed = failed(env.bootstrapServers(), config(kafka, env.bootstrapServers()));
                if (json) {
                    failed.forEach(f -> System.out.println(f.json()));
                } else if (failed.isEmpty()) {
                    System.err.println("no failed deliveries");
                } else {
                    System.out.printf("%-34s %-10s %-20s %-8s %-40s %s%n", "ALERT", "FAILED AT", "WATCH", "ATTEMPTS", "CHANNEL", "REASON");
                    for (FailedDelivery f : failed) {
                        Delivery d = f.delivery();
                        System.out.printf("%-34s %-10s %-20s %-8d %-40s %s%n", d.alertId(),
                                d.at() == null ? "-" : d.at().toString().substring(0, 10), f.alert() == null ? "-" : f.alert().watchId(),
                                d.attempts(), d.channel(), d.detail() == null ? "" : d.detail());
                    }
                    System.err.println(failed.size() + " failed deliver" + (failed.size() == 1 ? "y" : "ies")
                            + "; resend: chipwatch deliveries retry ALERT_ID | 'CHANNEL|ALERT_ID' | --all");
                }
            }
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Ask the notifier to resend dead-lettered deliveries: one record per delivery on alerts.retry.",
                    "ID is an alert id (every failed channel of that alert) or a delivery id 'CHANNEL|ALERT_ID' from 'deliveries failed'.",
                    "A running notifier (chipwatch run or chipwatch alerts) resends each once and logs the new outcome;",
                    "with no notifier running the requests wait for the next one. --wait waits for the outcomes."})
    static final class Retry implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "ID", arity = "1..*", description = "Alert id or delivery id (CHANNEL|ALERT_ID).")
            List<String> ids;

            @Option(names = "--all", required = true, description = "Every failed delivery.")
            boolean all;
        }

        @Option(names = "--wait", description = "Wait until the notifier has written a new outcome for every requested delivery; "
                + "exit 1 if one failed again.")
        boolean await;

        @Option(names = "--timeout", defaultValue = "PT2M", description = "With --wait: give up after this ISO-8601 duration. Default: ${DEFAULT-VALUE}.")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "deliveries retry")) {
                AlertsConfig config = config(kafka, env.bootstrapServers());
                List<FailedDelivery> failed = failed(env.bootstrapServers(), config);
                List<FailedDelivery> chosen = which.all ? failed : choose(failed, which.ids);
                if (chosen == null) {
                    return Main.EXIT_FAILURE;
                }
                if (chosen.isEmpty()) {
                    System.err.println("no failed deliveries to resend");
                    return 0;
                }
                Instant requestedAt = Instant.now();
                request(env.bootstrapServers(), config, chosen, requestedAt);
                System.err.println(chosen.size() + " resend request(s) written to " + config.retryTopic()
                        + "; a running notifier delivers them once each");
                return await ? awaitOutcomes(env.bootstrapServers(), config, chosen, requestedAt) : 0;
            }
        }

        /** The failed deliveries the ids name, or null (after saying why) when one names none. */
        private static List<FailedDelivery> choose(List<FailedDelivery> failed, List<String> ids) {
            List<FailedDelivery> chosen = new ArrayList<>();
            for (String id : ids) {
                List<FailedDelivery> match = failed.stream()
                        .filter(f -> f.id().equals(id) || f.delivery().alertId().equals(id)).toList();
                if (match.isEmpty()) {
                    System.err.println("chipwatch deliveries retry: no failed delivery with id '" + id
                            + "' (see 'chipwatch deliveries failed'; a delivered one is not sent again)");
                    return null;
                }
                match.stream().filter(m -> !chosen.contains(m)).forEach(chosen::add);
            }
            return chosen;
        }

        private static void request(String bootstrap, AlertsConfig config, List<FailedDelivery> chosen, Instant at) throws Exception {
            Properties p = new Properties();
            p.putAll(config.kafkaProperties());
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (FailedDelivery f : chosen) {
                    RetryRequest r = new RetryRequest(f.delivery().alertId(), f.delivery().channel(), at, "cli");
                    sent.add(producer.send(new ProducerRecord<>(config.retryTopic(), r.key(), Json.toJson(r))));
                    System.out.println("resend requested: " + r.key());
                }
                for (Future<RecordMetadata> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
        }

        /** Follows the delivery log until each requested delivery has an outcome written after the request. */
        private int awaitOutcomes(String bootstrap, AlertsConfig config, List<FailedDelivery> chosen, Instant requestedAt) {
            Map<String, Delivery> outcomes = new LinkedHashMap<>();
            java.util.Set<String> wanted = new java.util.HashSet<>();
            chosen.forEach(f -> wanted.add(f.id()));
            JsonSerde<Delivery> serde = new JsonSerde<>(Delivery.class);
            long deadline = System.nanoTime() + timeout.toNanos();
            try (TopicReader<byte[]> log = new TopicReader<>(bootstrap, config.deliveredTopic(), (t, b) -> b)) {
                Map<TopicPartition, Long> from = new java.util.HashMap<>();
                while (outcomes.size() < wanted.size() && System.nanoTime() < deadline) {
                    Map<TopicPartition, Long> end = log.endOffsets();
                    log.forEachRecord(from, Duration.ofMinutes(1), (key, value) -> {
                        String k = key == null ? null : new String(key, StandardCharsets.UTF_8);
                        if (k != null && value != null && wanted.contains(k)) {
                            Delivery d = serde.deserialize(config.deliveredTopic(), value);
                            if (d.at() != null && !d.at().isBefore(requestedAt) && d.requestedBy() != null) {
                                outcomes.put(k, d);
                            }
                        }
                    });
                    from = end;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // polling the log with a deadline
                }
            }
            int failedAgain = 0;
            for (String k : wanted) {
                Delivery d = outcomes.get(k);
                System.out.println((d == null ? "pending" : d.outcome()) + ": " + k + (d != null && d.isDeadLettered() ? " (" + d.detail() + ")" : ""));
                failedAgain += d == null || d.isDeadLettered() ? 1 : 0;
            }
            if (outcomes.size() < wanted.size()) {
                System.err.println("chipwatch deliveries retry: " + (wanted.size() - outcomes.size()) + " resend(s) without an outcome after "
                        + timeout + " (is a notifier running? chipwatch run or chipwatch alerts)");
            }
            return failedAgain == 0 ? 0 : Main.EXIT_FAILURE;
        }
    }
}
