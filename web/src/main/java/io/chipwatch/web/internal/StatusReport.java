package io.chipwatch.web.internal;

import io.chipwatch.web.WebConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code GET /api/v1/status}: the broker, the pipeline's consumer groups and their lag, throughput
 * seen by the read model, and the read model itself. Broker calls are bounded by a short timeout;
 * a part that cannot be had says why instead of failing the whole report.
 */
public final class StatusReport {
    private static final long TIMEOUT_MS = 3_000;
    /** Consumer groups whose lag the status page shows (the pipeline's defaults). */
    public static final List<String> PIPELINE_GROUPS = List.of("chipwatch-enrich", "chipwatch-alerts", "chipwatch-notifier");

    private final WebConfig config;
    private final Admin admin;
    private final ReadModel model;
    private final TopicFollower follower;
    private final Clock clock;
    private final Instant started;
    private final List<String> groups;
    private Map<String, Long> lastRead = Map.of();
    private Instant lastSample;
    private Map<String, Double> lastRates = Map.of();

    public StatusReport(WebConfig config, Admin admin, ReadModel model, TopicFollower follower, List<String> groups, Clock clock) {
        this.config = config;
        this.admin = admin;
        this.model = model;
        this.follower = follower;
        this.groups = groups;
        this.clock = clock;
        this.started = clock.instant();
        this.lastSample = started;
    }

    Map<String, Object> report() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", clock.instant().toString());
        out.put("web", web());
        out.put("broker", broker());
        out.put("services", services());
        out.put("throughput", throughput());
        return out;
    }

    private Map<String, Object> web() throws IOException {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("startedAt", started.toString());
        w.put("bind", config.bindAddress());
        w.put("documents", model.counts());
        w.put("readModel", follower.status());
        return w;
    }

    private Map<String, Object> broker() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("bootstrapServers", config.bootstrapServers());
        try {
            DescribeClusterResult c = admin.describeCluster();
            b.put("clusterId", c.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            b.put("nodes", c.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size());
            b.put("reachable", true);
        } catch (Exception e) {
            b.put("reachable", false);
            b.put("error", message(e));
        }
        return b;
    }

    private List<Map<String, Object>> services() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String group : groups) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("group", group);
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (committed.isEmpty()) {
                    s.put("state", "no committed offsets");
                } else {
                    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
                    committed.keySet().forEach(tp -> query.put(tp, OffsetSpec.latest()));
                    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(query).all()
                            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    Map<String, Long> lag = new TreeMap<>();
                    committed.forEach((tp, om) -> {
                        if (om != null && end.containsKey(tp)) {
                            lag.merge(tp.topic(), Math.max(0, end.get(tp).offset() - om.offset()), Long::sum);
                        }
                    });
                    s.put("state", "committed");
                    s.put("lag", lag.values().stream().mapToLong(Long::longValue).sum());
                    s.put("lagByTopic", lag);
                }
            } catch (Exception e) {
                s.put("state", "unknown");
                s.put("error", message(e));
            }
            out.add(s);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private synchronized Map<String, Object> throughput() {
        Map<String, Long> read = (Map<String, Long>) follower.status().get("readByTopic");
        Instant now = clock.instant();
        double seconds = Duration.between(lastSample, now).toMillis() / 1000.0;
        if (seconds >= 1.0) {
            Map<String, Double> rates = new TreeMap<>();
            read.forEach((topic, n) -> rates.put(topic, Math.round((n - lastRead.getOrDefault(topic, 0L)) / seconds * 10) / 10.0));
            lastRates = rates;
            lastRead = Map.copyOf(read);
            lastSample = now;
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("recordsReadByTopic", read);
        t.put("recordsPerSecondSinceLastStatus", lastRates);
        return t;
    }

    private static String message(Exception e) {
        Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
