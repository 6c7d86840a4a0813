package io.chipwatch.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test support: a real multi-broker Kafka cluster (KRaft) inside this JVM, on loopback. Every node
 * is a combined broker and controller, so the metadata quorum survives the loss of a minority of
 * nodes as the data does. Replicated by default: new topics and the offsets and transaction logs get
 * replication factor {@code nodes} and {@code min.insync.replicas = nodes - 1} (3 and 2 for three
 * nodes), so a write is acknowledged by two replicas and the cluster keeps taking writes with one
 * node gone.
 *
 * <p>{@link #kill(int)} stops a node <em>without controlled shutdown</em>: it does not hand its
 * leaderships over first; the controller fences it when its heartbeats stop
 * ({@code broker.session.timeout.ms}, 4 s here) and elects new leaders from the in-sync replicas,
 * as after a crash. (In one JVM the node's sockets close at once, where a machine that vanishes
 * leaves clients waiting for their request timeouts; the broker side is the same.)
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final Map<Integer, KafkaRaftServer> running;
    private final Map<Integer, Integer> brokerPorts;

    private EmbeddedKafkaCluster(Map<Integer, KafkaRaftServer> running, Map<Integer, Integer> brokerPorts) {
        this.running = running;
        this.brokerPorts = brokerPorts;
    }

    /**
     * Starts {@code nodes} nodes (ids 1..nodes) with their logs under {@code dataDir/node-ID} and
     * waits until every broker is registered.
     *
     * @param overrides extra settings for every node, applied last
     */
    public static EmbeddedKafkaCluster start(Path dataDir, int nodes, Map<String, String> overrides) {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("nodes must be between 1 and 9, was " + nodes);
        }
        long t0 = System.nanoTime();
        Map<Integer, Integer> brokerPorts = new LinkedHashMap<>();
        Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
        for (int id = 1; id <= nodes; id++) {
            brokerPorts.put(id, EmbeddedKafka.freePort());
            controllerPorts.put(id, EmbeddedKafka.freePort());
        }
        String voters = controllerPorts.entrySet().stream().map(e -> e.getKey() + "@127.0.0.1:" + e.getValue())
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        Map<Integer, KafkaRaftServer> servers = new LinkedHashMap<>();
        for (int id = 1; id <= nodes; id++) {
            Path logDir = dataDir.toAbsolutePath().resolve("node-" + id);
            createDirectories(logDir);
            Properties props = nodeProperties(logDir, id, brokerPorts.get(id), controllerPorts.get(id), voters, nodes);
            props.putAll(overrides);
            EmbeddedKafka.formatOnce(logDir, id, clusterId);
            servers.put(id, new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM));
        }
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(new LinkedHashMap<>(servers), brokerPorts);
        try {
            // A node's startup waits for the metadata quorum, which needs a majority: start them together.
            List<CompletableFuture<Void>> startups = new ArrayList<>();
            servers.values().forEach(s -> startups.add(CompletableFuture.runAsync(s::startup)));
            CompletableFuture.allOf(startups.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            EmbeddedKafka.awaitReady(cluster.bootstrapServers(), nodes, Duration.ofSeconds(60));
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("embedded Kafka cluster of " + nodes + " failed to start: " + e.getMessage(), e);
        }
        log.info("Embedded Kafka cluster of {} nodes ready at {} in {} ms", nodes, cluster.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return cluster;
    }

    static Properties nodeProperties(Path logDir, int nodeId, int brokerPort, int controllerPort, String voters, int nodes) {
        Properties p = EmbeddedKafka.brokerProperties(logDir, brokerPort, controllerPort);
        String replicas = Integer.toString(nodes);
        String minIsr = Integer.toString(Math.max(1, nodes - 1));
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        // A killed node is fenced, and its partitions get new leaders, after this long without heartbeats.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "4000");
        // A replica that stops fetching leaves the ISR after this long (default 30 s).
        p.put("replica.lag.time.max.ms", "5000");
        p.put("controlled.shutdown.enable", "false");
        p.put("num.io.threads", "2");
        p.put("num.network.threads", "1");
        p.put("num.replica.fetchers", "1");
        return p;
    }

    /** Bootstrap servers of the nodes still running. */
    public synchronized String bootstrapServers() {
        return running.keySet().stream().map(id -> "127.0.0.1:" + brokerPorts.get(id)).collect(Collectors.joining(","));
    }

    /** Node ids still running. */
    public synchronized List<Integer> runningNodes() {
        return List.copyOf(running.keySet());
    }

    /** Stops one node abruptly (no controlled shutdown; see the class comment). */
    public void kill(int nodeId) {
        KafkaRaftServer server;
        synchronized (this) {
            server = running.remove(nodeId);
        }
        if (server == null) {
            throw new IllegalArgumentException("node " + nodeId + " is not running; running: " + runningNodes());
        }
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka node {} killed", nodeId);
    }

    @Override
    public void close() {
        List<KafkaRaftServer> servers;
        synchronized (this) {
            servers = new ArrayList<>(running.values());
            running.clear();
        }
        // Together: a node shutting down alone waits on a quorum the others are leaving.
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        servers.forEach(s -> stops.add(CompletableFuture.runAsync(() -> {
            s.shutdown();
            s.awaitShutdown();
        })));
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Embedded Kafka cluster did not stop cleanly: {}", e.getMessage());
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log directory " + dir, e);
        }
    }
}
