package io.chipwatch.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker+controller node) running inside
 * this JVM, listening on loopback only, with its log directory under a data directory that
 * survives restarts.
 *
 * <p>The settings below are the ones a single node needs (replication factor 1 for the internal
 * offsets and transaction topics, otherwise consumer groups and exactly-once Streams hang). The log
 * directory is formatted once; a restart on the same directory keeps all topics and offsets and
 * may use new ports because the controller quorum is given statically.
 *
 * <p>A data directory has one owner: before anything else the broker takes the exclusive
 * {@link DataDirLock} of the data directory (a second broker on the same directory corrupts the
 * raft log), and once it answers it publishes its address in {@code DIR/broker.address}, where
 * other chipwatch processes find it. Both are released on {@link #close()}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    /** Broker-wide cap; topics set their own {@code max.message.bytes} below it. */
    public static final int MESSAGE_MAX_BYTES = 16 * 1024 * 1024;

    /**
     * Transactions protocol of the embedded broker: version 1 (partitions registered by the producer with
     * {@code AddPartitionsToTxn}, as in Kafka 3.x) instead of 4.x's default 2 (KIP-890 part 2: partitions added
     * by the partition leader on the first produce, a producer epoch bump per transaction).
     *
     * <p>Why: under version 2, the first produce of a transaction that reaches a partition while the
     * coordinator is still writing the markers of the producer's previous transaction is refused with
     * {@code CONCURRENT_TRANSACTIONS}, which the producer retries and logs at WARN; a later batch of the
     * same transaction to the same partition that arrives once the coordinator is done then breaks the
     * new epoch's sequence and the broker logs {@code ERROR ReplicaManager ... OutOfOrderSequenceException
     * ... Expected sequence 0 for transactions v2 idempotent producer}, before the producer resends in
     * order. Exactly-once Streams start a transaction right after each commit, so this happened on every
     * busy run. Nothing was lost (the producer retries, sequences reject duplicates), but every such
     * transaction waited at least one retry back-off (100 ms), and the logs looked like data loss. With
     * version 1 the producer waits for the coordinator before it sends ({@code AddPartitionsToTxn} is
     * retried quietly every 20 ms), so neither message can occur. Partition verification (KIP-890 part 1,
     * {@code transaction.partition.verification.enable}) still guards against hanging transactions.
     */
    public static final TransactionVersion TRANSACTION_VERSION = TransactionVersion.TV_1;

    /** File in the data directory holding the running broker's address ({@code 127.0.0.1:PORT}). */
    public static final String ADDRESS_FILE = "broker.address";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final DataDirLock lock;
    private final Path addressFile;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir, DataDirLock lock) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.lock = lock;
        this.addressFile = lock.dir().resolve(ADDRESS_FILE);
    }

    /** Starts a broker on free loopback ports with its data under {@code dataDir/kafka}. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, 0, Map.of());
    }

    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
        return start(dataDir, port, overrides, "broker");
    }

    /** The address the owner of {@code dataDir} published, if any (it may be stale when the owner died). */
    public static java.util.Optional<String> publishedAddress(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(ADDRESS_FILE);
        try {
            String address = Files.isRegularFile(file) ? Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip() : "";
            return address.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(address);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Starts a broker and waits until it answers.
     *
     * @param dataDir   data directory; the log directory is {@code dataDir/kafka}
     * @param port      client port on 127.0.0.1, or 0 for a free one
     * @param overrides extra broker settings, applied last
     * @param command   what owns the data directory (written into its lock file), e.g. {@code run}
     * @throws DataDirLockedException when another broker owns the data directory
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides, String command) {
        DataDirLock lock = DataDirLock.acquire(dataDir, command);
        try {
            return start(lock, port, overrides);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedKafka start(DataDirLock lock, int port, Map<String, String> overrides) {
        long t0 = System.nanoTime();
        Path logDir = lock.dir().resolve("kafka");
        Path addressFile = lock.dir().resolve(ADDRESS_FILE);
        try {
            Files.deleteIfExists(addressFile); // left by an owner that died: nobody answers there
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log directory " + logDir, e);
        }
        int brokerPort = port > 0 ? port : freePort();
        int controllerPort = freePort();
        Properties props = brokerProperties(logDir, brokerPort, controllerPort);
        props.putAll(overrides);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        formatOnce(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            throw new IllegalStateException("embedded Kafka broker failed to start on " + logDir + ": " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("lock") ? " (is another chipwatch using this data dir?)" : ""), e);
        }
        String bootstrap = "127.0.0.1:" + brokerPort;
        EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, logDir, lock);
        try {
            kafka.awaitReady(Duration.ofSeconds(60));
            kafka.useTransactionVersion();
            kafka.publishAddress();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        log.info("Embedded Kafka broker ready at {} (data {}) in {} ms", bootstrap, logDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return kafka;
    }

    /**
     * Data dirs formatted before {@link #TRANSACTION_VERSION} was set run with Kafka's default (2): step it
     * down before any client starts, so an upgraded chipwatch is as quiet on old data as on new.
     */
    private void useTransactionVersion() {
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(conf)) {
            var finalized = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
                    .get(TransactionVersion.FEATURE_NAME);
            short level = finalized == null ? 0 : finalized.maxVersionLevel();
            if (level > TRANSACTION_VERSION.featureLevel()) {
                admin.updateFeatures(Map.of(TransactionVersion.FEATURE_NAME, new org.apache.kafka.clients.admin.FeatureUpdate(
                                TRANSACTION_VERSION.featureLevel(), org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                        new org.apache.kafka.clients.admin.UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
                log.info("Transactions protocol of {} set from version {} to {}", logDir, level, TRANSACTION_VERSION.featureLevel());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set transaction.version " + TRANSACTION_VERSION.featureLevel() + " on the embedded broker: "
                    + e.getMessage(), e);
        }
    }

    /** Written to a temporary file and moved, so a reader never sees half an address. */
    private void publishAddress() {
        Path tmp = addressFile.resolveSibling(ADDRESS_FILE + ".tmp");
        try {
            Files.writeString(tmp, bootstrapServers, java.nio.charset.StandardCharsets.UTF_8);
            Files.move(tmp, addressFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the broker address in " + addressFile + ": " + e.getMessage(), e);
        }
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // Single node: internal topics must have replication factor 1, or groups and transactions never form.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // chipwatch creates its topics explicitly with the right settings; a typo must not create one.
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", Integer.toString(MESSAGE_MAX_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MESSAGE_MAX_BYTES));
        // The 128 MiB default dedupe buffer is heap we do not need for a few compacted topics.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }

    private static void formatOnce(Path logDir) {
        formatOnce(logDir, NODE_ID, Uuid.randomUuid().toString());
    }

    /** Formats a node's log directory unless it already is (a restart keeps topics, offsets and history). */
    static void formatOnce(Path logDir, int nodeId, String clusterId) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // restart: keep topics, offsets and history
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setFeatureLevel(TransactionVersion.FEATURE_NAME, TRANSACTION_VERSION.featureLevel())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    void awaitReady(Duration timeout) {
        awaitReady(bootstrapServers, 1, timeout);
    }

    /** Waits until the cluster behind {@code bootstrap} reports at least {@code nodes} brokers. */
    static void awaitReady(String bootstrapServers, int nodes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(conf)) {
            RuntimeException last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= nodes) {
                        return;
                    }
                } catch (Exception e) {
                    last = new IllegalStateException(e.getMessage(), e);
                }
                Backoff.pause(100);
            }
            throw new IllegalStateException("embedded Kafka at " + bootstrapServers + " not ready (" + nodes
                    + " broker(s)) after " + timeout, last);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /** The data directory this broker owns. */
    public Path dataDir() {
        return lock.dir();
    }

    @Override
    public void close() {
        stop();
        log.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    private void stop() {
        try {
            Files.deleteIfExists(addressFile);
        } catch (IOException e) {
            log.debug("cannot delete {}", addressFile, e);
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            lock.close();
        }
    }
}
