package io.chipwatch.model.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Base of the per-service config classes. Each service declares its keys once in a {@link ConfigDef}
 * (type, default, validator, importance, doc) and parses them once; invalid values fail at start
 * with Kafka's message, "Invalid value X for configuration Y: reason".
 *
 * <p>Keys under {@code kafka.} are passed to Kafka clients with the prefix stripped, so any client
 * setting (security, SASL, ...) can be given without chipwatch knowing it.
 */
public abstract class ChipwatchConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String KAFKA_PREFIX = "kafka.";

    protected ChipwatchConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals, false);
    }

    /** A definition that already holds the keys every service shares. */
    public static ConfigDef baseDefinition() {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.HIGH,
                        "Kafka bootstrap servers (host:port,...). The CLI fills it with the embedded broker's address when "
                                + "no --bootstrap-servers or CHIPWATCH_BOOTSTRAP_SERVERS is given.");
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    /** Kafka client properties: bootstrap servers plus every {@code kafka.*} key, prefix stripped. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(originalsWithPrefix(KAFKA_PREFIX, true));
        p.put(BOOTSTRAP_SERVERS, bootstrapServers());
        return p;
    }

    /** Keys without documentation: a test fails when this is not empty. */
    public static List<String> undocumentedKeys(ConfigDef def) {
        List<String> missing = new ArrayList<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (key.documentation == null || key.documentation.isBlank()) {
                missing.add(key.name);
            }
        }
        return missing;
    }

    /** A Markdown table of the keys, for the README. */
    public static String markdownTable(ConfigDef def) {
        StringBuilder sb = new StringBuilder("| key | type | default | valid values | description |\n|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(def.configKeys()).values()) {
            Object dflt = key.hasDefault() ? ConfigDef.convertToString(key.defaultValue, key.type) : "(required)";
            sb.append("| `").append(key.name).append("` | ").append(key.type.toString().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(dflt == null || "".equals(dflt) ? "" : "`" + dflt + "`")
                    .append(" | ").append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ").append(key.documentation.replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The {@code group.instance.id} for static group membership: {@code configured} as given, null for
     * {@code none} (dynamic membership), or, when empty, one derived from the host name and the state
     * directory, which stays the same across restarts of one instance and differs between instances
     * (two instances cannot share a state directory).
     */
    public static String groupInstanceId(String configured, java.nio.file.Path stateDir) {
        if ("none".equalsIgnoreCase(configured.trim())) {
            return null;
        }
        if (!configured.isBlank()) {
            return configured.trim();
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        String dir = stateDir.toAbsolutePath().normalize().toString();
        String hash = Integer.toHexString(dir.hashCode());
        return (host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash).toLowerCase(java.util.Locale.ROOT);
    }

    /** Kafka-style error for values checked after parsing (cross-key rules). */
    public static ConfigException invalid(String key, Object value, String reason) {
        return new ConfigException(key, value, reason);
    }
}
