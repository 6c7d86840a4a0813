package io.chipwatch.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code chipwatch}: the one command line. Exit codes: 0 success, 1 runtime failure (one-line
 * reason on stderr), 2 usage error (wrong flag or argument), 3 invalid configuration,
 * 130 interrupted by Ctrl-C, 143 stopped by SIGTERM (the JVM's codes for the two signals, after the
 * shutdown hook stopped everything cleanly; README, "Exit codes").
 */
@Command(name = "chipwatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Watches news on AI-chip export controls and China's chip self-reliance, and alerts you.",
                "Runs on a real Kafka broker: an embedded one by default, or your cluster with --bootstrap-servers."},
        subcommands = {RunCommand.class, ServiceCommands.Ingest.class, ServiceCommands.Enrich.class, ServiceCommands.Alerts.class, WebCommand.class,
                BrokerCommand.class, TopicsCommand.class, ConfigCommand.class, ReplayCommand.class, ExtractCommand.class, TagCommand.class, EvalCommand.class, TrainScorerCommand.class,
                SourcesCommand.class, WatchesCommand.class, DeliveriesCommand.class, TailCommand.class, BacktestCommand.class, EntitiesCommand.class, ReprocessCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (reason on stderr)", "2:usage error", "3:invalid configuration",
                "130:interrupted by Ctrl-C (SIGINT), after a clean stop", "143:stopped by SIGTERM, after a clean stop"})
public final class Main implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONFIG = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Our shutdown hook stops the pipeline and then logging; log4j's own hook would go first.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        int code = execute(args);
        if (Shutdown.signalled()) {
            return; // the JVM is already exiting (Ctrl-C/SIGTERM); its hook stops logging once we return
        }
        org.apache.logging.log4j.LogManager.shutdown();
        System.exit(code);
    }

    /** Runs the CLI without exiting the JVM (tests call this). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        StateRebuildLog.install();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handleFailure);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("chipwatch: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        return cl;
    }

    private static int handleFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        Throwable root = ex;
        if (root instanceof org.apache.kafka.common.config.ConfigException || root.getCause() instanceof org.apache.kafka.common.config.ConfigException) {
            Throwable c = root instanceof org.apache.kafka.common.config.ConfigException ? root : root.getCause();
            err.println("chipwatch: invalid configuration: " + c.getMessage());
            return EXIT_CONFIG;
        }
        err.println("chipwatch " + cl.getCommandName() + ": " + oneLine(ex));
        if ("DEBUG".equalsIgnoreCase(System.getenv("CHIPWATCH_LOG_LEVEL"))) {
            ex.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    /** The message of an exception and its causes on one line, without a stack trace. */
    static String oneLine(Throwable t) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            String m = c.getMessage();
            if (m == null || m.isBlank()) {
                m = c.getClass().getSimpleName();
            }
            m = m.lines().findFirst().orElse(m);
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"chipwatch " + (v == null ? "dev" : v) + " (Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                    + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
