package io.chipwatch.app;

import io.chipwatch.alerts.AlertTail;
import io.chipwatch.alerts.AlertsConfig;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chipwatch tail}: subscribe to alerts (all, or one watch's topic). */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print alerts as they arrive (read_committed): all alerts, or one watch's alerts.<watch-id> topic.",
                "Readable lines by default, --json for one alert JSON object per line. Ctrl-C stops."})
final class TailCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--watch", paramLabel = "ID", description = "Only this watch.")
    String watch;

    @ArgGroup(exclusive = true)
    Start start = new Start();

    static final class Start {
        @Option(names = "--from-beginning", description = "Start at the oldest retained alert.")
        boolean fromBeginning;

        @Option(names = "--since", paramLabel = "DATE", converter = InstantConverter.class,
                description = "Start with the alerts about articles published at or after DATE (2026-04-01, 2026-04-01T08:00:00Z, 7d, 24h, P1M), in published order.")
        Instant since;
    }

    @Option(names = "--json", description = "JSON lines (the alert contract) instead of readable lines.")
    boolean json;

    @Option(names = "--no-follow", description = "Stop at the end instead of waiting for new alerts.")
    boolean noFollow;

    @Override
    public Integer call() {
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "tail")) {
            AlertsConfig config = new AlertsConfig(Pipeline.alertsConfig(kafka, env.bootstrapServers(), false));
            if (watch != null) {
                requireWatch(config, watch);
            }
            AlertTail tail = new AlertTail(config);
            Shutdown.Registration hook = Shutdown.onSignal(tail::close);
            try {
                tail.run(new AlertTail.Options(watch, start.fromBeginning, start.since, json, !noFollow), System.out);
            } finally {
                hook.remove();
                tail.release();
            }
        }
        return 0;
    }

    /** A clear error for an id that is not a watch, instead of waiting on a topic that does not exist. */
    static void requireWatch(AlertsConfig config, String id) {
        java.util.List<String> known;
        try (io.chipwatch.alerts.WatchAdmin admin = new io.chipwatch.alerts.WatchAdmin(config)) {
            known = admin.list().stream().map(io.chipwatch.model.Watch::id).toList();
        }
        if (!known.contains(id)) {
            throw new IllegalArgumentException("no such watch: " + id + io.chipwatch.model.config.Suggestions.nearest(id, known)
                    .map(s -> " (did you mean " + s + "?)").orElse("") + " (known: " + String.join(", ", known) + ")");
        }
    }
}
