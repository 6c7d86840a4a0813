package io.chipwatch.app;

import io.chipwatch.alerts.AlertFormat;
import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.alerts.Backtester;
import io.chipwatch.alerts.WatchFiles;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chipwatch backtest}: what a new or edited watch would have fired over stored history. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Run a new or edited watch over the history on articles.enriched and print what it would have fired.",
                "Notifies nobody and writes nothing. Uses the same matching code as the running pipeline."})
final class BacktestCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BacktestCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--watch", paramLabel = "FILE", required = true, description = "Watch file (YAML or JSON; every watch in it is tested).")
    Path watchFile;

    @Option(names = "--since", paramLabel = "DATE", converter = InstantConverter.class, description = "From this article time (default: oldest retained).")
    Instant since;

    @Option(names = "--until", paramLabel = "DATE", converter = InstantConverter.class, description = "Until this article time, exclusive (default: now).")
    Instant until;

    @Option(names = "--json", description = "Alert JSON lines instead of readable lines.")
    boolean json;

    @Override
    public Integer call() {
        List<Watch> watches = WatchFiles.read(watchFile, GazetteerIds.load(kafka.seedsDir()));
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "backtest")) {
            Backtester backtester = new Backtester(new AlertsConfig(Pipeline.alertsConfig(kafka, env.bootstrapServers(), false)));
            for (Watch w : watches) {
                List<Alert> alerts = backtester.run(w, since, until);
                for (Alert a : alerts) {
                    System.out.println(json ? Json.toJson(a) : AlertFormat.line(a));
                }
                log.info("watch {} would have fired {} alert(s)", w.id(), alerts.size());
            }
        }
        return 0;
    }
}
