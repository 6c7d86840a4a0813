package io.chipwatch.app;

import io.chipwatch.broker.DataDirLock;
import io.chipwatch.broker.DataDirLockedException;
import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TopicProvisioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka a command talks to: an external cluster, the embedded broker of the chipwatch that owns
 * the data dir, or an embedded broker this process starts (and stops on close). Topics are
 * provisioned on open so every service finds them ready.
 *
 * <p>A data dir has one owner (see {@link DataDirLock}): this process starts a broker only after
 * taking the data dir's lock, so it never starts a second broker on a directory in use. When
 * another process holds the lock, this one connects to the address the owner published in
 * {@code broker.address}, retrying until {@code --broker-wait} has passed, because a busy machine
 * can make a healthy broker slow to answer, and an owner that is still starting has not published
 * its address yet.
 */
public final class KafkaEnvironment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaEnvironment.class);
    static final String ADDRESS_FILE = EmbeddedKafka.ADDRESS_FILE;

    /** Commands that run services (Streams state under the data dir) and keep the broker up while they run. */
    static final java.util.Set<String> SERVICES = java.util.Set.of("broker", "run", "ingest", "enrich", "alerts", "bench", "web");

    private final String bootstrapServers;
    private final EmbeddedKafka ownBroker;

    private KafkaEnvironment(String bootstrapServers, EmbeddedKafka ownBroker) {
        this.bootstrapServers = bootstrapServers;
        this.ownBroker = ownBroker;
    }

    /**
     * Resolves or starts Kafka as the options say, then creates missing topics.
     *
     * <p>What happens on a data dir another process owns depends on the command: {@code broker} must
     * own it and fails; a one-shot command uses the owner's broker; a service ({@link #SERVICES})
     * uses the broker of a {@code chipwatch broker}, or of another single service, but waits for a
     * one-shot owner to finish (its broker stops with it) and fails at once when the owner runs the
     * same service or the whole pipeline (their Streams state would collide). {@code web} shares the
     * broker of any service and lends its own to one.
     *
     * @param command the command's name ({@code run}, {@code watches add}, ...), written into the lock file
     */
    public static KafkaEnvironment open(KafkaOptions options, int brokerPort, String command) {
        KafkaEnvironment env = resolve(options, brokerPort, command);
        try {
            TopicProvisioner.ensure(env.bootstrapServers, options.topics(), options.partitions);
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
        return env;
    }

    private static KafkaEnvironment resolve(KafkaOptions options, int brokerPort, String command) {
        String external = options.bootstrapFromOptionsOrEnv();
        if (external != null) {
            log.info("Using Kafka at {}", external);
            return new KafkaEnvironment(external, null);
        }
        Path dataDir = options.dataDir();
        Duration wait = options.brokerWait;
        long deadline = System.nanoTime() + wait.toNanos();
        boolean toldWaiting = false;
        while (true) {
            DataDirLockedException locked;
            try {
                EmbeddedKafka broker = EmbeddedKafka.start(dataDir, brokerPort, Map.of(), command);
                return new KafkaEnvironment(broker.bootstrapServers(), broker);
            } catch (DataDirLockedException e) {
                locked = e;
            }
            DataDirLock.Owner owner = locked.owner();
            if (conflicts(command, owner.command())) {
                throw new IllegalStateException(owner.describe() + " already runs on " + dataDir
                        + EmbeddedKafka.publishedAddress(dataDir).map(a -> " (broker at " + a + ")").orElse("")
                        + "; stop it, or give this command another --data-dir");
            }
            boolean ownerIsOneShot = SERVICES.contains(command) && !SERVICES.contains(owner.command());
            Optional<String> address = EmbeddedKafka.publishedAddress(dataDir);
            String problem;
            if (ownerIsOneShot) {
                problem = "it is a one-shot command whose broker stops when it ends; waiting to own the data dir";
            } else if (address.isEmpty()) {
                problem = "it has not published its broker address (" + dataDir.resolve(ADDRESS_FILE) + ") yet";
            } else {
                long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                problem = probe(address.get(), Math.min(remaining, 15_000));
                if (problem == null) {
                    log.info("Using the embedded broker of {} at {} (it owns {})", owner.describe(), address.get(), dataDir);
                    return new KafkaEnvironment(address.get(), null);
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(owner.describe() + " owns " + dataDir + " but "
                        + (address.isPresent() && !ownerIsOneShot ? "its broker at " + address.get() + " does not answer: " + problem : problem)
                        + " (waited " + wait.toSeconds() + " s; --broker-wait sets how long)");
            }
            if (!toldWaiting) {
                log.info("{} owns {}; {}; retrying for up to {} s", owner.describe(), dataDir,
                        problem, wait.toSeconds());
                toldWaiting = true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // poll with a deadline
            if (Thread.interrupted()) {
                throw new IllegalStateException("interrupted while waiting for the broker of " + dataDir);
            }
        }
    }

    /** Whether {@code command} cannot share a data dir with an owner running {@code ownerCommand}. */
    static boolean conflicts(String command, String ownerCommand) {
        if (!SERVICES.contains(command) || !SERVICES.contains(ownerCommand)) {
            return false; // one-shot commands use any owner's broker; services wait for one-shot owners
        }
        if (command.equals("broker")) {
            return true;
        }
        if (command.equals("web") != ownerCommand.equals("web")) {
            return false; // the web service only reads topics and keeps its index in its own dir, so it shares any broker
        }
        return !ownerCommand.equals("broker") && (command.equals("run") || ownerCommand.equals("run")
                || command.equals("bench") || ownerCommand.equals("bench") || command.equals(ownerCommand));
    }

    /** Null when a broker answers at {@code address} within {@code timeoutMs}, else why not. */
    static String probe(String address, long timeoutMs) {
        int timeout = (int) Math.max(1000, timeoutMs);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            admin.describeCluster().clusterId().get(timeout, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return Main.oneLine(e);
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
            ownBroker.close();
        }
    }
}
