package io.chipwatch.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chipwatch run}: the whole pipeline in one process, continuously, or once over given
 * sources ({@code --once}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole pipeline (ingest, enrich, alerts) in one process against the embedded broker or your cluster.",
                "Alerts of watches with a console channel are printed on stdout; logs go to stderr. Ctrl-C stops it cleanly.",
                "The web dashboard and HTTP API start too, on http://127.0.0.1:8080 (--web-port N; 0 turns them off).",
                "With --once: ingest the given --source files, folders or feed URLs once, wait until the pipeline is idle,",
                "print every new alert as one JSON line on stdout and exit 0. --once uses a fresh temporary broker unless",
                "--data-dir or --bootstrap-servers is given, so two runs give the same answer."})
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    WebOptions web;

    @Option(names = "--once", description = "Process the given --source inputs once, print the alerts as JSON lines, exit.")
    boolean once;

    @Option(names = "--source", paramLabel = "PATH|URL", description = "With --once: a file, folder (recursive) or feed URL to ingest. Repeatable.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--no-poll", description = "Do not poll the sources on the sources topic (only archives given to replay flow in).")
    boolean noPoll;

    @Option(names = "--notify", description = "With --once: also deliver to the watches' channels (webhook, email, ...). Off by default.")
    boolean notifyChannels;

    @Option(names = "--broker-port", defaultValue = "0", description = "Client port of the embedded broker on 127.0.0.1 (0 = free port).")
    int brokerPort;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Prometheus /metrics port on the metrics bind address (0 = off). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--metrics-bind", defaultValue = "127.0.0.1", description = "Address the metrics endpoint binds to. Default: ${DEFAULT-VALUE}.")
    String metricsBind;

    @Option(names = "--idle-timeout", defaultValue = "PT3M", description = "With --once: give up waiting for the pipeline to go idle after this ISO-8601 duration. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Override
    public Integer call() throws Exception {
        Pipeline.validateConfig(kafka);
        WebWiring.validate(kafka, web);
        return once ? runOnce() : runContinuously();
    }

    private int runContinuously() throws Exception {
        if (!sources.isEmpty()) {
            throw new IllegalArgumentException("--source is for --once; to add a source permanently use 'chipwatch sources add'");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Shutdown.Registration hook = Shutdown.onSignal(stop::countDown);
        long t0 = System.nanoTime();
        try (Shutdown.Closer closer = new Shutdown.Closer()) {
            KafkaEnvironment env = closer.add(KafkaEnvironment.open(kafka, brokerPort, "run"));
            MetricsServer metrics = closer.add(new MetricsServer());
            metrics.start(metricsBind, metricsPort);
            Pipeline pipeline = closer.add(Pipeline.builder(kafka, env.bootstrapServers())
                    .services(EnumSet.allOf(Pipeline.Service.class))
                    .poll(!noPoll)
                    .notifyChannels(true)
                    .meters(metrics.registry(), metricsPort > 0)
                    .start());
            String dashboard = "";
            if (web.port != 0) {
                io.chipwatch.web.WebService service = closer.add(WebWiring.service(kafka, env.bootstrapServers(), web));
                dashboard = "; dashboard on " + service.start();
            }
            log.info("chipwatch is running on {} ({} ms to ready){}; alerts appear below. Ctrl-C to stop.",
                    env.bootstrapServers(), Duration.ofNanos(System.nanoTime() - t0).toMillis(), dashboard);
            pipeline.awaitStop(stop);
        } finally {
            hook.remove();
        }
        log.info("chipwatch stopped cleanly");
        return 0;
    }

    private int runOnce() throws Exception {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("--once needs at least one --source PATH|URL");
        }
        for (String s : sources) {
            if (!s.startsWith("http://") && !s.startsWith("https://") && !Files.exists(Path.of(s))) {
                throw new IllegalArgumentException("--source " + s + ": no such file or directory");
            }
        }
        Path tempDir = null;
        if (kafka.bootstrapFromOptionsOrEnv() == null && !kafka.dataDirGiven()) {
            tempDir = Files.createTempDirectory("chipwatch-once-");
            kafka.dataDir = tempDir;
        }
        try (Shutdown.Closer closer = new Shutdown.Closer()) {
            KafkaEnvironment env = closer.add(KafkaEnvironment.open(kafka, brokerPort, "run"));
            OnceRun run = new OnceRun(kafka, env.bootstrapServers(), notifyChannels, idleTimeout);
            closer.add(run);
            int alerts = run.execute(sources, System.out);
            log.info("--once finished: {} alert(s)", alerts);
        } finally {
            if (tempDir != null) {
                io.chipwatch.broker.DataDirs.deleteRecursively(tempDir);
            }
        }
        return 0;
    }
}
