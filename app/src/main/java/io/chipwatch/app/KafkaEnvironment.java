package io.chipwatch.app;

import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka a command talks to: an external cluster, the embedded broker of a chipwatch already
 * running on the same data dir, or an embedded broker this process starts (and stops on close).
 * Topics are provisioned on open so every service finds them ready.
 */
public final class KafkaEnvironment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaEnvironment.class);
    static final String ADDRESS_FILE = "broker.address";

    private final String bootstrapServers;
    private final EmbeddedKafka ownBroker;
    private final Path addressFile;

    private KafkaEnvironment(String bootstrapServers, EmbeddedKafka ownBroker, Path addressFile) {
        this.bootstrapServers = bootstrapServers;
        this.ownBroker = ownBroker;
        this.addressFile = addressFile;
    }

    /** Resolves or starts Kafka as the options say, then creates missing topics. */
    public static KafkaEnvironment open(KafkaOptions options, int brokerPort) {
        KafkaEnvironment env = resolve(options, brokerPort);
        try {
            TopicProvisioner.ensure(env.bootstrapServers, options.topics(), options.partitions);
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
        return env;
    }

    private static KafkaEnvironment resolve(KafkaOptions options, int brokerPort) {
        String external = options.bootstrapFromOptionsOrEnv();
        if (external != null) {
            log.info("Using Kafka at {}", external);
            return new KafkaEnvironment(external, null, null);
        }
        Path dataDir = options.dataDir();
        Path addressFile = dataDir.resolve(ADDRESS_FILE);
        String running = runningBroker(addressFile);
        if (running != null) {
            log.info("Using the embedded broker of the chipwatch already running on {} at {}", dataDir, running);
            return new KafkaEnvironment(running, null, null);
        }
        log.info("Starting embedded Kafka broker (data dir {})", dataDir);
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir, brokerPort, Map.of());
        try {
            Files.writeString(addressFile, broker.bootstrapServers(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("Cannot write {} ({}); other chipwatch commands will not find this broker", addressFile, e.getMessage());
        }
        return new KafkaEnvironment(broker.bootstrapServers(), broker, addressFile);
    }

    /** The address a running chipwatch recorded, if a broker answers there. */
    static String runningBroker(Path addressFile) {
        if (!Files.isRegularFile(addressFile)) {
            return null;
        }
        try {
            String address = Files.readString(addressFile, StandardCharsets.UTF_8).trim();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
                admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
                return address;
            }
        } catch (Exception e) {
            return null; // stale file from a stopped run
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embedded() {
        return ownBroker != null;
    }

    @Override
    public void close() {
        if (ownBroker != null) {
            try {
                Files.deleteIfExists(addressFile);
            } catch (IOException e) {
                log.debug("cannot delete {}", addressFile, e);
            }
            ownBroker.close();
        }
    }
}
