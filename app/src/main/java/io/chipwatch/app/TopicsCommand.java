package io.chipwatch.app;

import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Lists chipwatch's topics with partitions and record counts, creating missing ones. Counts are
 * records a read_committed consumer sees: offsets alone also count transaction markers (one per
 * partition per exactly-once commit) and aborted records.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create chipwatch's topics if missing, then list every topic with partitions, records and purpose.")
final class TopicsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "topics");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            var names = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get(30, TimeUnit.SECONDS);
            Map<String, TopicDescription> descriptions = new TreeMap<>(admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS));
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            descriptions.forEach((n, d) -> d.partitions().forEach(p -> earliest.put(new TopicPartition(n, p.partition()), OffsetSpec.earliest())));
            var start = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            earliest.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> counts = RecordCounter.count(env.bootstrapServers(), start, end);
            Map<String, String> purpose = new java.util.HashMap<>();
            for (Topic<?, ?> t : Topics.ALL) {
                purpose.put(t.name(), t.description());
            }
            // OFFSETS (the offset range, as before) stays for scripts that read it; RECORDS is what it holds.
            System.out.printf("%-32s %10s %12s %12s  %s%n", "TOPIC", "PARTITIONS", "OFFSETS", "RECORDS", "PURPOSE");
            for (var e : descriptions.entrySet()) {
                long offsets = e.getValue().partitions().stream().mapToLong(p -> {
                    TopicPartition tp = new TopicPartition(e.getKey(), p.partition());
                    return end.get(tp).offset() - start.get(tp).offset();
                }).sum();
                long records = e.getValue().partitions().stream()
                        .mapToLong(p -> counts.getOrDefault(new TopicPartition(e.getKey(), p.partition()), 0L)).sum();
                String what = purpose.getOrDefault(e.getKey(), e.getKey().startsWith(Topics.PER_WATCH_PREFIX) ? "Alerts of one watch; key = alert id." : "");
                System.out.printf("%-32s %10d %12d %12d  %s%n", e.getKey(), e.getValue().partitions().size(), offsets, records, what);
            }
        }
        return 0;
    }
}
