package io.chipwatch.alerts.internal;

import io.chipwatch.model.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics and waits until the broker really serves every partition: right after
 * {@code createTopics} an idempotent producer can lose its first batch (KAFKA-15591), so readiness is
 * proved by {@code listOffsets} succeeding for each partition.
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {}

    public static void ensure(Admin admin, Collection<Topic<?, ?>> topics, int partitionsOverride, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Map<String, Topic<?, ?>> byName = new HashMap<>();
            for (Topic<?, ?> t : topics) {
                byName.put(t.name(), t);
                if (!existing.contains(t.name())) {
                    int p = partitionsOverride > 0 ? partitionsOverride : t.partitions();
                    missing.add(new NewTopic(t.name(), Optional.of(p), Optional.empty()).configs(t.configs()));
                }
            }
            if (!missing.isEmpty()) {
                LOG.info("Creating topics {}", missing.stream().map(NewTopic::name).toList());
                admin.createTopics(missing).values().forEach((name, f) -> {
                    try {
                        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
                    }
                });
            }
            awaitReady(admin, byName.keySet(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list topics: " + e, e);
        }
    }

    private static void awaitReady(Admin admin, Collection<String> names, long deadline) throws InterruptedException {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                d.values().forEach(td -> td.partitions().forEach(p ->
                        request.put(new TopicPartition(td.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get();
                return;
            } catch (ExecutionException e) {
                last = e;
                TimeUnit.MILLISECONDS.sleep(100); // back-off while the broker loads the new partitions
            }
        }
        throw new IllegalStateException("topics " + names + " not ready in time: " + last, last);
    }
}
