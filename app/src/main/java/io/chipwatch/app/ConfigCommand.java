package io.chipwatch.app;

import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.enrich.EnrichConfig;
import io.chipwatch.ingest.IngestConfig;
import io.chipwatch.model.config.ChipwatchConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chipwatch config}: every configuration key with type, default, valid values and documentation. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"List every configuration key of every service: type, default, valid values, description.",
                "Set keys with --set SERVICE.KEY=VALUE or in a --config properties file (e.g. enrich.dedup.window.ms=86400000);",
                "kafka.* keys go to every Kafka client, topics.* keys override topic settings (e.g. topics.retention.ms)."})
final class ConfigCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Markdown tables (as in the README).")
    boolean markdown;

    /** The services' definitions, by the prefix their keys take on the command line. */
    static Map<String, ConfigDef> definitions() {
        Map<String, ConfigDef> defs = new LinkedHashMap<>();
        defs.put("ingest", IngestConfig.DEFINITION);
        defs.put("enrich", EnrichConfig.definition());
        defs.put("alerts", AlertsConfig.DEFINITION);
        defs.put("web", io.chipwatch.web.WebConfig.DEFINITION);
        return defs;
    }

    @Override
    public Integer call() {
        for (var e : definitions().entrySet()) {
            if (markdown) {
                System.out.println("### " + e.getKey() + " (`--set " + e.getKey() + ".KEY=VALUE`)\n");
                System.out.println(ChipwatchConfig.markdownTable(e.getValue()));
            } else {
                for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(e.getValue().configKeys()).values()) {
                    Object dflt = key.hasDefault() ? ConfigDef.convertToString(key.defaultValue, key.type) : "(required)";
                    System.out.printf("%s.%s  [%s, default %s]%n    %s%n", e.getKey(), key.name, key.type.toString().toLowerCase(java.util.Locale.ROOT),
                            dflt, key.documentation);
                }
            }
        }
        return 0;
    }
}
