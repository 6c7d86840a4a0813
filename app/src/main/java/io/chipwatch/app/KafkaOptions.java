package io.chipwatch.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Options every command that talks to Kafka shares. Configuration is layered: built-in defaults,
 * then {@code --config FILE} (Java properties), then {@code --set key=value}; keys are prefixed by
 * service ({@code ingest.}, {@code enrich.}, {@code alerts.}), and {@code kafka.*} keys go to every
 * Kafka client.
 */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "External Kafka cluster. Default: $CHIPWATCH_BOOTSTRAP_SERVERS, else a running chipwatch's embedded "
                    + "broker on the same data dir, else a new embedded broker.")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded broker keeps its log and services their state. Default: $CHIPWATCH_DATA_DIR or ~/.chipwatch.")
    Path dataDir;

    @Option(names = "--seeds", paramLabel = "DIR", description = "Domain pack directory (entities, events, watches, sources). Default: the seeds/ beside ./chipwatch.")
    Path seeds;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with service configuration (see README, Configuration).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Configuration override, e.g. --set ingest.fetch.host.min.delay.ms=5000. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--broker-wait", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "When another chipwatch owns the data dir: how long to keep trying to reach its broker "
                    + "(ISO-8601, default ${DEFAULT-VALUE}). A busy machine can make a healthy broker slow to answer.")
    java.time.Duration brokerWait = java.time.Duration.ofSeconds(60);

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions for newly created multi-partition topics (0 = each topic's default, 3).")
    int partitions;

    public String bootstrapFromOptionsOrEnv() {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return bootstrapServers;
        }
        String env = System.getenv("CHIPWATCH_BOOTSTRAP_SERVERS");
        return env == null || env.isBlank() ? null : env;
    }

    public boolean dataDirGiven() {
        return dataDir != null || System.getenv("CHIPWATCH_DATA_DIR") != null;
    }

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath();
        }
        String env = System.getenv("CHIPWATCH_DATA_DIR");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath() : Path.of(System.getProperty("user.home"), ".chipwatch");
    }

    public Path seedsDir() {
        if (seeds != null) {
            return seeds.toAbsolutePath();
        }
        String home = System.getProperty("chipwatch.home");
        if (home != null && Files.isDirectory(Path.of(home, "seeds"))) {
            return Path.of(home, "seeds");
        }
        return Path.of("seeds").toAbsolutePath();
    }

    private boolean checked;

    /**
     * All configuration from file and overrides, keys as given. The first call checks it strictly:
     * unknown keys and invalid values fail with a {@code ConfigException} (exit code 3) naming the key.
     */
    public Map<String, String> settings() {
        Map<String, String> all = new HashMap<>();
        if (configFile != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(configFile)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --config " + configFile + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
        }
        all.putAll(overrides);
        if (!checked) {
            checked = true;
            ConfigKeys.check(all);
            Pipeline.validateConfig(this);
        }
        return all;
    }

    /** chipwatch's topics with {@code topics.*} overrides (e.g. topics.retention.ms) applied to delete-policy topics. */
    public java.util.List<io.chipwatch.model.topic.Topic<?, ?>> topics() {
        Map<String, String> overrides = new HashMap<>();
        settings().forEach((k, v) -> {
            if (k.startsWith("topics.")) {
                overrides.put(k.substring("topics.".length()), v);
            }
        });
        return io.chipwatch.model.topic.Topics.ALL.stream()
                .<io.chipwatch.model.topic.Topic<?, ?>>map(t -> io.chipwatch.model.topic.Topics.withOverrides(t, overrides)).toList();
    }

    /**
     * Configuration for one service: its prefixed keys with the prefix stripped, plus every
     * {@code kafka.*} key, plus the bootstrap servers and the given defaults (overridable).
     */
    public Map<String, Object> serviceConfig(String service, String bootstrap, Map<String, Object> defaults) {
        Map<String, Object> conf = new HashMap<>(defaults);
        String prefix = service + ".";
        settings().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                conf.put(k.substring(prefix.length()), v);
            } else if (k.startsWith("kafka.")) {
                conf.put(k, v);
            }
        });
        conf.put("bootstrap.servers", bootstrap);
        return conf;
    }
}
