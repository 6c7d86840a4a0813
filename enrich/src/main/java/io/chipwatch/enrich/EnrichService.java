package io.chipwatch.enrich;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Objects;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code chipwatch-enrich} topology. A stream thread that dies of an unexpected error is
 * replaced (bad records never get that far: they go to the dead-letter topic). The public topics must
 * exist before {@link #start()} (the CLI provisions them); the service creates its story topic itself
 * ({@link StoryTopic}), as Streams creates its internal topics.
 */
public final class EnrichService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichService.class);

    private final EnrichConfig config;
    private final KafkaStreams streams;

    /** Loads the seeds from {@code seeds.dir}. */
    public EnrichService(EnrichConfig config) {
        this(config, Enricher.fromConfig(config));
    }

    public EnrichService(EnrichConfig config, Enricher enricher) {
        this(config, enricher, new SimpleMeterRegistry());
    }

    /** Loads the seeds from {@code seeds.dir}; the topology's meters go to {@code registry}. */
    public EnrichService(EnrichConfig config, MeterRegistry registry) {
        this(config, Enricher.fromConfig(config), registry);
    }

    public EnrichService(EnrichConfig config, Enricher enricher, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        // the story topic exists only for partitioned dedup; the single-partition path uses a Streams repartition topic
        int storyPartitions = config.dedupPartitioned() ? StoryTopic.ensure(config) : 1;
        this.streams = new KafkaStreams(new EnrichTopology(config, enricher, storyPartitions, registry).build(),
                config.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("enrich stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("{} state {} -> {}", config.applicationId(), before, now));
    }

    public void start() {
        LOG.info("starting {}: {} -> {} (dlq {}, trends {}), guarantee {}", config.applicationId(), config.topicInput(),
                config.topicOutput(), config.topicDlq(), config.topicTrends(), config.processingGuarantee());
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The underlying Kafka Streams instance (metrics, interactive queries). */
    public KafkaStreams streams() {
        return streams;
    }

    /**
     * CPU time (thread CPU, nanoseconds) the story dedup processors of this instance have used so
     * far: the sum of their {@value io.chipwatch.enrich.internal.StageCpuSensor#METRIC} Streams metrics.
     */
    public long dedupCpuNanos() {
        long sum = 0;
        for (var e : streams.metrics().entrySet()) {
            if (e.getKey().name().equals(io.chipwatch.enrich.internal.StageCpuSensor.METRIC)
                    && e.getValue().metricValue() instanceof Number n) {
                sum += n.longValue();
            }
        }
        return sum;
    }

    /**
     * Stops and leaves the group, so another instance takes the partitions over at once; a crash instead
     * keeps them (static membership) until this instance restarts or its session times out.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(config.closeTimeout()).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
