package io.chipwatch.enrich;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * The enrich application's story topic, {@code <application.id>-stories}: created by the service on
 * first start like Streams' own internal topics (partitions from {@code dedup.partitions}, or the input
 * topic's count; replication from {@code replication.factor}), and afterwards used with the partition
 * count it has. Records live a day at most: each is consumed within a commit interval or two, and a day
 * covers an enrich outage without losing an article in flight.
 */
final class StoryTopic {
    private static final Logger LOG = LoggerFactory.getLogger(StoryTopic.class);
    private static final long TIMEOUT_S = 60;

    private StoryTopic() {}

    /** Creates the story topic if missing and returns its partition count. */
    static int ensure(EnrichConfig config) {
        String name = EnrichTopology.storyTopic(config.applicationId());
        Map<String, Object> conf = new HashMap<>();
        // security settings of kafka.*, without the Streams-only and per-client ones (prefixed)
        config.kafkaProperties().forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!key.contains(".") || key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")
                    || key.equals(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                conf.put(key, v);
            }
        });
        try (Admin admin = Admin.create(conf)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            if (!existing.contains(name)) {
                int partitions = config.dedupPartitions() > 0 ? config.dedupPartitions() : partitionsOf(admin, config.topicInput());
                int rf = config.getInt(EnrichConfig.REPLICATION_FACTOR);
                NewTopic topic = new NewTopic(name, Optional.of(partitions), rf > 0 ? Optional.of((short) rf) : Optional.empty())
                        .configs(Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(TimeUnit.DAYS.toMillis(1)),
                                "max.message.bytes", Integer.toString(io.chipwatch.model.topic.Topics.MAX_MESSAGE_BYTES)));
                try {
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                    LOG.info("Created story topic {} ({} partitions)", name, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            int partitions = awaitReady(admin, name);
            if (config.dedupPartitions() > 0 && config.dedupPartitions() != partitions) {
                LOG.warn("story topic {} has {} partitions; {}={} applies only when the topic is created", name, partitions,
                        EnrichConfig.DEDUP_PARTITIONS, config.dedupPartitions());
            }
            return partitions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the story topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or describe the story topic " + name + ": " + e.getMessage(), e);
        }
    }

    private static int partitionsOf(Admin admin, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic).partitions().size();
    }

    /** Waits until every partition is served (an idempotent producer sending at once can lose its first batch otherwise). */
    private static int awaitReady(Admin admin, String name) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
                return d.partitions().size();
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // retrying with a deadline
            }
        }
    }
}
