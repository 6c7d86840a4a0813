package io.chipwatch.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chipwatch.app.eval.EvalLabels;
import io.chipwatch.app.eval.EvalReport;
import io.chipwatch.app.eval.EvalText;
import io.chipwatch.app.eval.Evaluation;
import io.chipwatch.app.eval.Score;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chipwatch eval DIR}: a labelled directory through the pipeline's own code, scored; exit 1 when
 * a figure is below a threshold given on the command line.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Run a labelled directory through the same code as the pipeline (enrichment, story assignment,",
                "the default watches) and print precision, recall and F1 per event type, per watch and per entity",
                "type, direction accuracy, the confusion between event types, negatives with a main event, and every",
                "false and missed alert with its evidence sentence. Format: labels.yaml beside en/ and zh/ (README,",
                "section Evaluation); seeds/articles with seeds/expected.yaml works too.",
                "Exit 1 when a figure is below a --min-* threshold (the failed checks go to stderr)."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Labelled directory (labels.yaml, en/, zh/), or seeds/articles.")
    Path dir;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file. Default: DIR/labels.yaml, else expected.yaml beside DIR.")
    Path labels;

    @Option(names = "--seeds", paramLabel = "DIR", description = "Domain pack (entities.yaml, events.yaml, watches.yaml). Default: the seeds/ beside ./chipwatch.")
    Path seeds;

    @Option(names = "--watches", paramLabel = "FILE", description = "Watches to score. Default: watches.yaml of --seeds (the default watches).")
    Path watches;

    @Option(names = "--scorer", paramLabel = "on|off",
            description = "The learned event scorer (event-scorer.json of --seeds; enrich.events.scorer). Default: as the enrich service's default.")
    String scorer;

    @Option(names = "--scorer-threshold", paramLabel = "X", description = "enrich.events.scorer.threshold. Default: the service's default.")
    Double scorerThreshold;

    @Option(names = "--scorer-promote", paramLabel = "X", description = "enrich.events.scorer.promote. Default: the service's default.")
    Double scorerPromote;

    @Option(names = "--json", description = "Print one JSON object (the whole summary) instead of tables.")
    boolean json;

    @Option(names = "--entity-errors", description = "Also list every missed and unexpected entity.")
    boolean entityErrors;

    @Option(names = "--min-precision", paramLabel = "X", description = "Minimum precision of the watches' alerts (all watches together).")
    Double minPrecision;

    @Option(names = "--min-recall", paramLabel = "X", description = "Minimum recall of the expected alerts (all watches together).")
    Double minRecall;

    @Option(names = "--min-event-precision", paramLabel = "X", description = "Minimum precision of main events (all types).")
    Double minEventPrecision;

    @Option(names = "--min-event-recall", paramLabel = "X", description = "Minimum recall of main events (all types).")
    Double minEventRecall;

    @Option(names = "--min-entity-recall", paramLabel = "X", description = "Minimum entity recall, unknown organisations included.")
    Double minEntityRecall;

    @Option(names = "--min-direction-accuracy", paramLabel = "X", description = "Minimum share of labelled directions detected right.")
    Double minDirectionAccuracy;

    @Option(names = "--max-negatives-with-events", paramLabel = "N", description = "Most negatives that may carry a main event.")
    Integer maxNegativesWithEvents;

    @Option(names = "--min-precision-for", paramLabel = "ID=X", description = "Minimum precision of one watch (id) or event type (TYPE); repeatable.")
    Map<String, Double> minPrecisionFor = new LinkedHashMap<>();

    @Option(names = "--min-recall-for", paramLabel = "ID=X", description = "Minimum recall of one watch (id) or event type (TYPE); repeatable.")
    Map<String, Double> minRecallFor = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such directory: " + dir);
        }
        KafkaOptions paths = new KafkaOptions();
        paths.seeds = seeds;
        Path seedsDir = paths.seedsDir();
        Path labelsFile = labels != null ? labels : EvalLabels.defaultFile(dir);
        EvalLabels read = EvalLabels.read(labelsFile);
        if (scorer != null && !scorer.equals("on") && !scorer.equals("off")) {
            throw new IllegalArgumentException("--scorer must be on or off, not " + scorer);
        }
        boolean scorerOn = scorer == null ? io.chipwatch.enrich.EnrichConfig.EVENTS_SCORER_DEFAULT : scorer.equals("on");
        io.chipwatch.enrich.Enricher enricher = io.chipwatch.enrich.Enricher.fromSeeds(seedsDir, scorerOn,
                scorerThreshold != null ? scorerThreshold : io.chipwatch.enrich.EnrichConfig.EVENTS_SCORER_THRESHOLD_DEFAULT,
                scorerPromote != null ? scorerPromote : io.chipwatch.enrich.EnrichConfig.EVENTS_SCORER_PROMOTE_DEFAULT);
        EvalReport report = new Evaluation(seedsDir, watches != null ? watches : seedsDir.resolve("watches.yaml"), enricher).run(dir, read);
        if (report.articles() == 0) {
            throw new IllegalArgumentException("no labelled article could be read from " + dir + ": " + report.problems());
        }
        List<Check> checks = checks(report);
        if (json) {
            ObjectNode out = Json.MAPPER.valueToTree(report);
            ArrayNode t = out.putArray("thresholds");
            for (Check c : checks) {
                t.addObject().put("name", c.name()).put("value", c.value()).put("limit", c.limit()).put("max", c.max())
                        .put("ok", c.ok());
            }
            System.out.println(Json.MAPPER.writeValueAsString(out));
        } else {
            System.out.print(EvalText.render(report, entityErrors));
            if (!checks.isEmpty()) {
                System.out.println("\nTHRESHOLDS");
                checks.forEach(c -> System.out.println("  " + c));
            }
        }
        System.out.flush();
        List<Check> failed = checks.stream().filter(c -> !c.ok()).toList();
        if (!failed.isEmpty()) {
            System.err.println("chipwatch eval: below thresholds: " + String.join("; ", failed.stream().map(Check::toString).toList()));
            return Main.EXIT_FAILURE;
        }
        return 0;
    }

    /** One threshold: {@code max} true for an upper bound. */
    record Check(String name, double value, double limit, boolean max) {
        boolean ok() {
            return max ? value <= limit + 1e-9 : value + 1e-9 >= limit;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s %s %s", name, fmt(value), max ? "<=" : ">=", fmt(limit)) + (ok() ? " ok" : " FAILED");
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) > 1 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
        }
    }

    private List<Check> checks(EvalReport r) {
        List<Check> out = new ArrayList<>();
        min(out, "watch precision", r.watchesAll().precision(), minPrecision);
        min(out, "watch recall", r.watchesAll().recall(), minRecall);
        min(out, "event precision", r.eventsAll().precision(), minEventPrecision);
        min(out, "event recall", r.eventsAll().recall(), minEventRecall);
        min(out, "entity recall", r.entitiesAll().recall(), minEntityRecall);
        min(out, "direction accuracy", r.directionAccuracy(), minDirectionAccuracy);
        if (maxNegativesWithEvents != null) {
            long n = r.negativesWithMainEvent().stream().map(EvalReport.Finding::file).distinct().count();
            out.add(new Check("negatives with a main event", n, maxNegativesWithEvents, true));
        }
        minPrecisionFor.forEach((key, v) -> out.add(new Check("precision of " + key, figure(r, key, true), v, false)));
        minRecallFor.forEach((key, v) -> out.add(new Check("recall of " + key, figure(r, key, false), v, false)));
        return out;
    }

    private static void min(List<Check> out, String name, double value, Double limit) {
        if (limit != null) {
            out.add(new Check(name, value, limit, false));
        }
    }

    private static double figure(EvalReport r, String key, boolean precision) {
        EvalReport.WatchScore w = r.watches().get(key);
        if (w != null) {
            return precision ? w.precision() : w.recall();
        }
        Score s = r.events().get(key.toUpperCase(Locale.ROOT));
        if (s != null) {
            return precision ? s.precision() : s.recall();
        }
        throw new IllegalArgumentException("'" + key + "' is neither a scored watch " + r.watches().keySet() + " nor an event type");
    }
}
