package io.chipwatch.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag per group as a gauge: records on the group's input topics (and, for Streams
 * applications, their repartition topics) that the group has not committed yet, measured with the
 * Admin client every {@code interval}. A growing lag is the first sign of a stage falling behind.
 */
final class LagMonitor implements AutoCloseable {
    static final String LAG = "chipwatch.consumer.lag";
    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    /** A consumer group and the topics it reads (internal repartition topics named {@code <group>-*-repartition} are added). */
    record Group(String id, List<String> inputs) {}

    private final Admin admin;
    private final List<Group> groups;
    private final Map<String, Double> lag = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chipwatch-lag-monitor");
        t.setDaemon(true);
        return t;
    });

    /** {@code client}: Kafka client properties (bootstrap servers, security). */
    LagMonitor(java.util.Properties client, List<Group> groups, MeterRegistry registry, Duration interval) {
        this.admin = Admin.create(client);
        this.groups = groups;
        for (Group g : groups) {
            lag.put(g.id(), Double.NaN);
            Gauge.builder(LAG, lag, m -> m.getOrDefault(g.id(), Double.NaN))
                    .description("Records on a consumer group's input topics not yet committed by it (NaN until first measured), "
                            + "by group; measured every " + interval.toSeconds() + " s").tag("group", g.id()).register(registry);
        }
        timer.scheduleWithFixedDelay(this::measure, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void measure() {
        try {
            Set<String> all = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (Group g : groups) {
                lag.put(g.id(), (double) lagOf(g, all));
            }
        } catch (Exception e) {
            log.debug("consumer lag not measured: {}", e.toString());
        }
    }

    private long lagOf(Group g, Set<String> all) throws Exception {
        List<String> topics = new java.util.ArrayList<>(g.inputs().stream().filter(all::contains).toList());
        all.stream().filter(t -> IdleWaiter.readInternally(g.id(), t)).forEach(topics::add);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.id())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long sum = 0;
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            sum += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        return sum;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
