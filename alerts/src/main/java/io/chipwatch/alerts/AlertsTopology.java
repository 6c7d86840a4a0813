package io.chipwatch.alerts;

import io.chipwatch.alerts.internal.AlertMetrics;
import io.chipwatch.alerts.internal.DecideProcessor;
import io.chipwatch.alerts.internal.MatchProcessor;
import io.chipwatch.alerts.internal.Outcome;
import io.chipwatch.alerts.internal.SpikeProcessor;
import io.chipwatch.alerts.internal.TrendHistory;
import io.chipwatch.alerts.internal.WatchStoreUpdater;
import io.chipwatch.alerts.internal.WatchValidity;
import io.chipwatch.alerts.internal.WindowState;
import io.chipwatch.model.Alert;
import io.chipwatch.model.json.JsonSerde;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@code chipwatch-alerts} Streams topology.
 *
 * <p>Inputs:
 * <ul>
 *   <li>{@code topic.input} ({@code articles.enriched}): key article id (string), value JSON EnrichedArticle;</li>
 *   <li>{@code topic.watches} ({@code watches}, global store): key watch id, value JSON Watch or null to remove; a refused
 *       record keeps the watch's last valid version;</li>
 *   <li>{@code topic.trends} ({@code entity.trends}): key entity id, value JSON EntityTrend (spike watches).</li>
 * </ul>
 * Outputs:
 * <ul>
 *   <li>{@code topic.alerts} ({@code alerts}): key watch id, value JSON Alert;</li>
 *   <li>{@code <topic.alerts>.<watchId>}: key alert id, value JSON Alert (must exist: {@link AlertsService} creates them);</li>
 *   <li>{@code topic.dlq} ({@code alerts.dlq}): original key and value bytes of unreadable inputs, reason in
 *       {@code chipwatch.dlq.*} headers.</li>
 * </ul>
 * Only first-in-story articles alert. Alerts are repartitioned by watch id, where a store of emitted
 * alert ids makes each (watch, story) alert once and throttle/digest windows are kept.
 */
public final class AlertsTopology {
    public static final String WATCH_STORE = "watches-global";
    public static final String EMITTED_STORE = "emitted-alert-ids";
    public static final String WINDOW_STORE = "watch-windows";
    public static final String TREND_STORE = "trend-history";

    private final AlertsConfig config;
    private final WatchValidity validity;
    private final AlertMetrics metrics;

    public AlertsTopology(AlertsConfig config) {
        this(config, new SimpleMeterRegistry());
    }

    /** The topology, reporting refused watch records and its alert decisions to {@code registry}. */
    public AlertsTopology(AlertsConfig config, MeterRegistry registry) {
        this.config = config;
        this.validity = new WatchValidity(registry);
        this.metrics = new AlertMetrics(registry);
    }

    public Topology build() {
        AtomicLong watchVersion = new AtomicLong();
        Serde<Alert> alertSerde = new JsonSerde<>(Alert.class);
        StreamsBuilder b = new StreamsBuilder();

        // Persistent: the store keeps each watch's last valid version even when compaction left only a refused record on the topic.
        b.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WATCH_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                config.watchesTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("watches"),
                () -> new WatchStoreUpdater(WATCH_STORE, watchVersion, validity));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TREND_STORE), Serdes.String(),
                new JsonSerde<>(TrendHistory.class)));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMITTED_STORE), Serdes.String(), Serdes.Long()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE), Serdes.String(),
                new JsonSerde<>(WindowState.class)));

        KStream<String, Outcome> matched = b.stream(config.inputTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("articles"))
                .process(() -> new MatchProcessor(WATCH_STORE, watchVersion, metrics), Named.as("match"));
        KStream<String, Outcome> spikes = b.stream(config.trendsTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("trends"))
                .process(() -> new SpikeProcessor(WATCH_STORE, TREND_STORE, watchVersion, config.spikeHistoryWindows(), metrics),
                        Named.as("spike"), TREND_STORE);

        Map<String, KStream<String, Outcome>> branches = matched.merge(spikes, Named.as("candidates"))
                .split(Named.as("outcome-"))
                .branch((k, o) -> o.isDeadLetter(), Branched.as("dead"))
                .defaultBranch(Branched.as("alert"));
        branches.get("outcome-dead")
                .map((k, o) -> KeyValue.pair(o.deadKey(), o.deadValue()), Named.as("dead-letter-bytes"))
                .to(config.dlqTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq"));

        KStream<String, Alert> decided = branches.get("outcome-alert")
                .mapValues(Outcome::alert, Named.as("candidate-alert"))
                .repartition(Repartitioned.with(Serdes.String(), alertSerde).withName("by-watch"))
                .process(() -> new DecideProcessor(WATCH_STORE, EMITTED_STORE, WINDOW_STORE, watchVersion,
                        config.defaultThrottle(), config.punctuateInterval(), config.dedupRetention(), metrics),
                        Named.as("decide"), EMITTED_STORE, WINDOW_STORE);
        decided.to(config.alertsTopic(), Produced.with(Serdes.String(), alertSerde).withName("alerts"));
        if (config.perWatchTopics()) {
            decided.selectKey((watchId, a) -> a.alertId(), Named.as("key-by-alert-id"))
                    .to((alertId, a, ctx) -> config.perWatchTopic(a.watchId()),
                            Produced.with(Serdes.String(), alertSerde).withName("per-watch"));
        }
        return b.build();
    }
}
