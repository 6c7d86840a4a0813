package io.chipwatch.app;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One service alone, the unit of scale-out: run any number of {@code enrich} or {@code alerts}
 * processes against the same cluster and Kafka shares the partitions among them.
 */
final class ServiceCommands {
    private static final Logger log = LoggerFactory.getLogger(ServiceCommands.class);

    private ServiceCommands() {}

    abstract static class ServiceCommand implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--metrics-port", defaultValue = "0", description = "Prometheus /metrics port (0 = off). Default: ${DEFAULT-VALUE}.")
        int metricsPort;

        @Option(names = "--metrics-bind", defaultValue = "127.0.0.1", description = "Address the metrics endpoint binds to. Default: ${DEFAULT-VALUE}.")
        String metricsBind;

        abstract Pipeline.Service service();

        void configure(Pipeline.Builder builder) {
        }

        @Override
        public Integer call() throws Exception {
            Pipeline.validateConfig(kafka);
            CountDownLatch stop = new CountDownLatch(1);
            Shutdown.Registration hook = Shutdown.onSignal(stop::countDown);
            try (Shutdown.Closer closer = new Shutdown.Closer()) {
                KafkaEnvironment env = closer.add(KafkaEnvironment.open(kafka, 0, service().name().toLowerCase(java.util.Locale.ROOT)));
                MetricsServer metrics = closer.add(new MetricsServer());
                metrics.start(metricsBind, metricsPort);
                Pipeline.Builder builder = Pipeline.builder(kafka, env.bootstrapServers())
                        .services(EnumSet.of(service())).meters(metrics.registry(), metricsPort > 0);
                configure(builder);
                Pipeline pipeline = closer.add(builder.start());
                log.info("{} service running on {}; Ctrl-C to stop", service().name().toLowerCase(java.util.Locale.ROOT), env.bootstrapServers());
                pipeline.awaitStop(stop);
            } finally {
                hook.remove();
            }
            return 0;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Run only the ingest service: poll the sources on the sources topic (seeded from sources.yaml) and publish to articles.raw.")
    static final class Ingest extends ServiceCommand {
        @Override
        Pipeline.Service service() {
            return Pipeline.Service.INGEST;
        }
    }

    @Command(name = "enrich", mixinStandardHelpOptions = true,
            description = "Run only the enrich service (Kafka Streams app chipwatch-enrich): articles.raw to articles.enriched.")
    static final class Enrich extends ServiceCommand {
        @Override
        Pipeline.Service service() {
            return Pipeline.Service.ENRICH;
        }
    }

    @Command(name = "alerts", mixinStandardHelpOptions = true,
            description = {"Run only the alerts service: the Kafka Streams app chipwatch-alerts (articles.enriched x watches to alerts)",
                    "and the notifier that delivers to the watches' channels (console channels print on stdout)."})
    static final class Alerts extends ServiceCommand {
        @Override
        Pipeline.Service service() {
            return Pipeline.Service.ALERTS;
        }
    }
}
