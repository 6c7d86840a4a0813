package io.chipwatch.broker;

import io.chipwatch.model.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates chipwatch's topics with their settings and waits until every partition is served.
 *
 * <p>Waiting matters: {@code createTopics} returns once the controller committed the topic, before
 * the broker hosts its partitions, and an idempotent producer sending at once can lose its first
 * batch (KAFKA-15591). We wait until {@code listOffsets} succeeds for every partition.
 */
public final class TopicProvisioner {
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private TopicProvisioner() {}

    /**
     * Ensures the topics exist.
     *
     * @param partitionsOverride partitions for newly created topics, or 0 for each topic's default
     * @param replicationFactor  replication factor for new topics, or -1 for the broker default
     */
    public static void ensure(String bootstrap, Collection<Topic<?, ?>> topics, int partitionsOverride, short replicationFactor) {
        ensureTopics(bootstrap, newTopics(topics, partitionsOverride, replicationFactor));
    }

    /** Ensures the topics with an existing admin client and broker-default replication. */
    public static void ensure(Admin admin, Collection<Topic<?, ?>> topics, int partitionsOverride) {
        ensureTopics(admin, newTopics(topics, partitionsOverride, (short) -1));
    }

    private static List<NewTopic> newTopics(Collection<Topic<?, ?>> topics, int partitionsOverride, short replicationFactor) {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?, ?> t : topics) {
            int partitions = partitionsOverride > 0 && t.partitions() > 1 ? partitionsOverride : t.partitions();
            wanted.add(new NewTopic(t.name(), java.util.Optional.of(partitions),
                    replicationFactor > 0 ? java.util.Optional.of(replicationFactor) : java.util.Optional.empty())
                    .configs(t.configs()));
        }
        return wanted;
    }

    public static void ensure(String bootstrap, Collection<Topic<?, ?>> topics, int partitionsOverride) {
        ensure(bootstrap, topics, partitionsOverride, (short) -1);
    }

    /** Ensures plain topics (tests, per-watch topics) with broker-default settings. */
    public static void ensureNames(String bootstrap, Collection<String> names, int partitions) {
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : names) {
            wanted.add(new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty()));
        }
        ensureTopics(bootstrap, wanted);
    }

    private static void ensureTopics(String bootstrap, List<NewTopic> wanted) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ensureTopics(admin, wanted);
        }
    }

    /** Ensures topics with an existing admin client. */
    public static void ensureTopics(Admin admin, List<NewTopic> wanted) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                var result = admin.createTopics(missing);
                for (NewTopic t : missing) {
                    try {
                        result.values().get(t.name()).get(30, TimeUnit.SECONDS);
                        log.info("Created topic {} ({} partitions)", t.name(), t.numPartitions());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e.getCause());
                        }
                    }
                }
            }
            awaitPartitionsReady(admin, wanted.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list or create topics: " + e.getMessage(), e);
        }
    }

    private static void awaitPartitionsReady(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                descriptions.forEach((name, d) -> d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
                Backoff.pause(100);
            }
        }
        throw new IllegalStateException("topics " + names + " not ready after " + READY_TIMEOUT, last);
    }
}
