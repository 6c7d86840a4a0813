package io.chipwatch.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the pipeline has processed everything: each Streams application (consumer group)
 * has committed, on every partition of its input topic and of its internal topics, the end
 * offset. With exactly-once, a committed offset means the outputs are committed too.
 */
final class IdleWaiter {
    private static final Logger log = LoggerFactory.getLogger(IdleWaiter.class);

    /** One stage: a Streams application id and the topic it reads. */
    record Stage(String applicationId, String inputTopic) {}

    private final Admin admin;

    IdleWaiter(Admin admin) {
        this.admin = admin;
    }

    /** Waits until every stage, in order, has caught up; throws when the deadline passes. */
    void await(List<Stage> stages, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int stableRounds = 0;
        while (stableRounds < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline still busy after " + timeout + " (" + lagReport(stages)
                        + "); see the log above, or raise --idle-timeout");
            }
            stableRounds = allCaughtUp(stages) ? stableRounds + 1 : 0;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // polling interval with a deadline, not synchronisation
        }
    }

    private boolean allCaughtUp(List<Stage> stages) throws Exception {
        for (Stage s : stages) {
            if (lag(s) > 0) {
                return false;
            }
        }
        return true;
    }

    private String lagReport(List<Stage> stages) {
        StringBuilder sb = new StringBuilder();
        for (Stage s : stages) {
            try {
                sb.append(sb.length() == 0 ? "" : ", ").append(s.applicationId()).append(" lag ").append(lag(s));
            } catch (Exception e) {
                sb.append(s.applicationId()).append(" lag unknown: ").append(e.getMessage());
            }
        }
        return sb.toString();
    }

    /**
     * Whether {@code topic} is one the application both writes and reads (records in it are still work in
     * flight): its Streams repartition topics and the enrich application's story topic, which carries the
     * story dedup's candidate lists, score requests and replies between its partitions.
     */
    static boolean readInternally(String applicationId, String topic) {
        return topic.startsWith(applicationId + "-")
                && (topic.endsWith("-repartition") || topic.equals(io.chipwatch.enrich.EnrichTopology.storyTopic(applicationId)));
    }

    /** Records not yet committed by the stage's group over its input and internal topics. */
    long lag(Stage s) throws Exception {
        Set<String> topics = new java.util.HashSet<>();
        topics.add(s.inputTopic());
        for (String t : admin.listTopics().names().get(10, TimeUnit.SECONDS)) {
            if (readInternally(s.applicationId(), t)) {
                topics.add(t);
            }
        }
        Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        d.forEach((name, desc) -> desc.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(s.applicationId())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (var e : ends.entrySet()) {
            long end = e.getValue().offset();
            OffsetAndMetadata c = committed.get(e.getKey());
            long done = c == null ? 0 : c.offset();
            lag += Math.max(0, end - done);
        }
        log.debug("stage {} lag {}", s.applicationId(), lag);
        return lag;
    }
}
