package io.chipwatch.app;

import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.alerts.WatchAdmin;
import io.chipwatch.alerts.WatchState;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chipwatch watches list|show|add|remove}: the compacted watches topic is the source of truth. */
@Command(name = "watches", mixinStandardHelpOptions = true,
        description = {"Manage watches on the compacted 'watches' topic. Changes reach a running pipeline within seconds.",
                "Defaults from seeds/watches.yaml are seeded when the topic is empty."},
        subcommands = {WatchesCommand.ListWatches.class, WatchesCommand.Show.class, WatchesCommand.Add.class, WatchesCommand.Remove.class})
final class WatchesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Opens Kafka, seeds defaults when empty, runs the action with a WatchAdmin. */
    static <T> T withAdmin(KafkaOptions kafka, java.util.function.Function<WatchAdmin, T> action) {
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "watches");
             WatchAdmin admin = new WatchAdmin(new AlertsConfig(Pipeline.alertsConfig(kafka, env.bootstrapServers(), false)))) {
            admin.seedDefaults();
            return action.apply(admin);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List watches: id, severity, enabled, name. A watch whose latest record was refused is marked INVALID with",
                    "the reason; its last valid version is the one in service."})
    static final class ListWatches implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--json", description = {"One watch JSON object per line (the version in service), with an 'invalid' object",
                "(reason, topic, partition, offset, timestamp) when the latest record was refused."})
        boolean json;

        @Override
        public Integer call() {
            List<WatchState> states = withAdmin(kafka, WatchAdmin::states);
            if (!json) {
                System.out.printf("%-24s %-9s %-8s %s%n", "ID", "SEVERITY", "ENABLED", "NAME");
            }
            for (WatchState st : states) {
                Watch w = st.watch();
                if (json) {
                    com.fasterxml.jackson.databind.node.ObjectNode line = w == null ? Json.MAPPER.createObjectNode().put("id", st.id())
                            : Json.MAPPER.valueToTree(w);
                    if (st.invalid() != null) {
                        line.set("invalid", Json.MAPPER.valueToTree(st.invalid()));
                    }
                    System.out.println(Json.toJson(line));
                    continue;
                }
                String row = w == null ? String.format("%-24s %-9s %-8s %s", st.id(), "-", "-", "(no valid version)")
                        : String.format("%-24s %-9s %-8s %s", w.id(), w.severity(), w.isEnabled() ? "yes" : "no", w.name());
                System.out.println(st.invalid() == null ? row : row + "  " + invalidNote(st));
            }
            return 0;
        }
    }

    /** {@code INVALID: record watches-0@12 refused: reason; ...} for a watch whose latest record was refused. */
    static String invalidNote(WatchState st) {
        return "INVALID: record " + st.invalid().position() + " refused: " + st.invalid().reason()
                + (st.watch() != null ? "; the previous version stays in service" : "; no valid version: it does not fire");
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print one watch as YAML (the format 'add' takes): the version in service. When its latest record was refused,",
                    "says so on stderr with the reason."})
    static final class Show implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "ID", description = "Watch id.")
        String id;

        @Override
        public Integer call() throws Exception {
            WatchState st = withAdmin(kafka, a -> a.state(id).orElse(null));
            if (st == null) {
                System.err.println("chipwatch watches show: no watch with id '" + id + "' (see 'chipwatch watches list')");
                return Main.EXIT_FAILURE;
            }
            if (st.invalid() != null) {
                System.err.println("chipwatch watches show: watch '" + id + "' " + invalidNote(st));
            }
            if (st.watch() == null) {
                return Main.EXIT_FAILURE;
            }
            System.out.print(Json.YAML.writeValueAsString(st.watch()));
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add or replace watches from a YAML or JSON file (one watch, a list, or 'watches:').",
                    "Everything is validated (ids, Lucene queries, filters) before anything is written."})
    static final class Add implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "FILE", description = "Watch file.")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            List<Watch> watches = io.chipwatch.alerts.WatchFiles.read(file, GazetteerIds.load(kafka.seedsDir()));
            List<Watch> added = withAdmin(kafka, a -> a.add(watches));
            for (Watch w : added) {
                System.out.println("added " + w.id() + " (" + w.name() + "); subscribe: chipwatch tail --watch " + w.id());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a watch (a tombstone on the compacted topic).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "ID", description = "Watch id.")
        String id;

        @Override
        public Integer call() {
            boolean removed = withAdmin(kafka, a -> a.remove(id));
            if (!removed) {
                System.err.println("chipwatch watches remove: no watch with id '" + id.toLowerCase(Locale.ROOT) + "'");
                return Main.EXIT_FAILURE;
            }
            System.out.println("removed " + id);
            return 0;
        }
    }
}
