package io.chipwatch.app;

import io.chipwatch.model.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.storage.internals.log.LogConfig;

/**
 * Strict configuration: every key given with {@code --set} or in {@code --config} must be a key of
 * a service ({@code ingest.*}, {@code enrich.*}, {@code alerts.*}, see {@code chipwatch config}), a
 * Kafka topic config under {@code topics.*}, or a Kafka client setting under {@code kafka.*} (passed
 * through as is: clients, Streams and their prefixed variants accept too many keys to list).
 * Anything else is an error naming the key as typed, with the nearest valid key suggested, so a
 * typo never passes silently as a default.
 */
final class ConfigKeys {
    static final String KAFKA_PREFIX = "kafka.";
    static final String TOPICS_PREFIX = "topics.";

    private ConfigKeys() {}

    /** @throws ConfigException naming the first unknown key and the nearest valid one */
    static void check(Map<String, String> settings) {
        Map<String, ConfigDef> services = ConfigCommand.definitions();
        List<String> known = allKeys(services);
        for (String key : new java.util.TreeSet<>(settings.keySet())) {
            String problem = problem(key, services, known);
            if (problem != null) {
                throw new ConfigException(problem);
            }
        }
    }

    private static String problem(String key, Map<String, ConfigDef> services, List<String> known) {
        if (key.startsWith(KAFKA_PREFIX)) {
            return key.length() > KAFKA_PREFIX.length() ? null : "Unknown configuration " + key + ": kafka.* needs a Kafka client key, e.g. kafka.security.protocol";
        }
        if (key.startsWith(TOPICS_PREFIX)) {
            String topicKey = key.substring(TOPICS_PREFIX.length());
            if (LogConfig.configNames().contains(topicKey)) {
                return null;
            }
            return "Unknown configuration " + key + ": topics.* keys are Kafka topic configs (retention.ms, cleanup.policy, ...)"
                    + Suggestions.didYouMean(key, LogConfig.configNames().stream().map(k -> TOPICS_PREFIX + k).toList());
        }
        int dot = key.indexOf('.');
        ConfigDef def = dot > 0 ? services.get(key.substring(0, dot)) : null;
        if (def != null && def.names().contains(key.substring(dot + 1))) {
            return null;
        }
        return "Unknown configuration " + key + Suggestions.didYouMean(key, known)
                + "; 'chipwatch config' lists every key (SERVICE.KEY, kafka.*, topics.*)";
    }

    private static List<String> allKeys(Map<String, ConfigDef> services) {
        List<String> keys = new ArrayList<>();
        services.forEach((service, def) -> def.names().forEach(k -> keys.add(service + "." + k)));
        return keys;
    }

    /**
     * Parses one service's configuration; a Kafka-style error ("Invalid value X for configuration Y")
     * is rethrown with every key of that service written as the user types it
     * ({@code ingest.fetch.allow.private.networks}, not {@code fetch.allow.private.networks}).
     */
    static <C> C parse(String service, Map<String, Object> values, Function<Map<String, Object>, C> constructor) {
        try {
            return constructor.apply(values);
        } catch (ConfigException e) {
            throw new ConfigException(qualify(service, ConfigCommand.definitions().get(service), e.getMessage()));
        }
    }

    /** Writes each key of {@code def} that {@code message} names as {@code service.key}. */
    static String qualify(String service, ConfigDef def, String message) {
        if (message == null || def == null) {
            return message;
        }
        List<String> names = new ArrayList<>(def.names());
        names.sort(java.util.Comparator.comparingInt(String::length).reversed());
        String out = message;
        for (String name : names) {
            out = Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(?![\\w.])").matcher(out)
                    .replaceAll(Matcher.quoteReplacement(service + "." + name));
        }
        return out;
    }
}
