package io.chipwatch.app;

import io.chipwatch.app.eval.EvalLabels;
import io.chipwatch.app.eval.EvalReport;
import io.chipwatch.app.eval.Evaluation;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.internal.EventRules;
import io.chipwatch.enrich.internal.EventScorer;
import io.chipwatch.enrich.internal.Gazetteer;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chipwatch train-scorer}: fits the learned event scorer ({@code seeds/event-scorer.json}) on labelled sets, and
 * with {@code --cross-validate} measures it set by set, each set scored by a model trained without it.
 */
@Command(name = "train-scorer", mixinStandardHelpOptions = true,
        description = {"Train the learned event scorer on labelled sets (format of 'chipwatch eval') and write it as JSON",
                "(default: event-scorer.json of --seeds). Examples: every event the rules detect in every article, labelled",
                "main or not by labels.yaml, with the current rules and, per --blind, with older rules the set was blind to.",
                "Deterministic: the same sets and rules give a byte-identical file.",
                "--cross-validate: leave one set out, and score each set with and without the scorer (chipwatch eval figures)."})
final class TrainScorerCommand implements Callable<Integer> {
    static final List<String> DEFAULT_SETS = List.of("dev", "test", "holdout", "holdout2", "holdout3", "holdout4");
    /** Older rules each set was measured blind with (seeds/eval/blind-rules/SET.events.yaml, from git history). */
    static final List<String> DEFAULT_BLIND = List.of("holdout3", "holdout4");

    @Option(names = "--seeds", paramLabel = "DIR", description = "Domain pack (entities.yaml, events.yaml, watches.yaml). Default: the seeds/ beside ./chipwatch.")
    Path seeds;

    @Option(names = "--sets", paramLabel = "DIR", split = ",",
            description = "Labelled directories to learn from. Default: the six sets of --seeds/eval (dev, test, holdout, holdout2, holdout3, holdout4).")
    List<Path> sets;

    @Option(names = "--blind", paramLabel = "SET=EVENTS", split = ",",
            description = "Also learn from set SET (a directory name of --sets) run with the rules of EVENTS (an older events.yaml). "
                    + "Default: holdout3 and holdout4 with --seeds/eval/blind-rules/SET.events.yaml.")
    Map<String, Path> blind;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the model. Default: event-scorer.json of --seeds (not written with --cross-validate unless given).")
    Path out;

    @Option(names = "--cross-validate", description = "Leave-one-set-out figures, rules alone against rules with the scorer.")
    boolean crossValidate;

    @Option(names = "--thresholds", paramLabel = "X", split = ",", description = "Thresholds to cross-validate. Default: 0.2,0.3,0.4,0.5.")
    List<Double> thresholds = List.of(0.2, 0.3, 0.4, 0.5);

    @Option(names = "--promote", paramLabel = "X", split = ",", description = "Promote thresholds to cross-validate (secondary to main above X). Default: none.")
    List<Double> promote = List.of();

    @Option(names = "--l2", paramLabel = "X", description = "L2 regularisation. Default: ${DEFAULT-VALUE}.")
    double l2 = EventScorer.Params.DEFAULT.l2();

    @Option(names = "--blind-weight", paramLabel = "N", description = "Each example of a --blind run counts N times. Default: ${DEFAULT-VALUE}.")
    int blindWeight = 1;

    @Option(names = "--bits", paramLabel = "N", description = "Hash bits (2^N weights). Default: ${DEFAULT-VALUE}.")
    int bits = EventScorer.Params.DEFAULT.bits();

    @Option(names = "--iterations", paramLabel = "N", description = "Gradient iterations. Default: ${DEFAULT-VALUE}.")
    int iterations = EventScorer.Params.DEFAULT.iterations();

    /** One labelled set run through one version of the rules. */
    record SetRun(String set, Path dir, String rules, Enricher enricher, EvalLabels labels) {
        String name() {
            return rules.equals("events.yaml") ? set : set + " (" + rules + ")";
        }
    }

    @Override
    public Integer call() throws Exception {
        KafkaOptions paths = new KafkaOptions();
        paths.seeds = seeds;
        Path seedsDir = paths.seedsDir();
        List<Path> dirs = sets != null ? sets : DEFAULT_SETS.stream().map(s -> seedsDir.resolve("eval").resolve(s)).toList();
        Map<String, Path> olderRules = new TreeMap<>();
        if (blind != null) {
            olderRules.putAll(blind);
        } else {
            for (String s : DEFAULT_BLIND) {
                olderRules.put(s, seedsDir.resolve("eval/blind-rules/" + s + ".events.yaml"));
            }
        }
        Gazetteer gazetteer = Gazetteer.load(seedsDir.resolve(Enricher.ENTITIES_FILE));
        Enricher current = new Enricher(gazetteer, EventRules.load(seedsDir.resolve(Enricher.EVENTS_FILE)), Clock.systemUTC());
        List<SetRun> runs = new ArrayList<>();
        for (Path dir : dirs.stream().sorted().toList()) {
            String set = dir.getFileName().toString();
            EvalLabels labels = EvalLabels.read(EvalLabels.defaultFile(dir));
            runs.add(new SetRun(set, dir, "events.yaml", current, labels));
            Path older = olderRules.get(set);
            if (older != null) {
                runs.add(new SetRun(set, dir, older.getFileName().toString(),
                        new Enricher(gazetteer, EventRules.load(older), Clock.systemUTC()), labels));
            }
        }
        Map<SetRun, List<EventScorer.Example>> examples = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (SetRun r : runs) {
            List<EventScorer.Example> ex = examples(r, seen);
            List<EventScorer.Example> weighted = new ArrayList<>();
            for (int k = 0; k < (r.rules().equals("events.yaml") ? 1 : blindWeight); k++) {
                weighted.addAll(ex);
            }
            examples.put(r, weighted);
            System.err.printf(Locale.ROOT, "train-scorer: %s: %d examples%n", r.name(), examples.get(r).size());
        }
        EventScorer.Params params = new EventScorer.Params(bits, l2, iterations);
        if (crossValidate) {
            crossValidate(runs, examples, params, seedsDir);
        }
        if (!crossValidate || out != null) {
            List<EventScorer.Example> all = new ArrayList<>();
            examples.values().forEach(all::addAll);
            EventScorer model = EventScorer.train(all, params, runs.stream().map(SetRun::name).toList());
            Path file = out != null ? out : seedsDir.resolve(EventScorer.FILE);
            Files.writeString(file, model.toJson(), StandardCharsets.UTF_8);
            System.err.printf(Locale.ROOT, "train-scorer: %d examples, wrote %s (%d bytes)%n", all.size(), file, Files.size(file));
        }
        return 0;
    }

    /**
     * Every event the rules detect in every labelled article of the run: main when the labels name its type as a main
     * event; a type labelled only secondary (never counted right or wrong) gives no example. An example already given
     * by another run of the same article (same features) is not repeated.
     */
    static List<EventScorer.Example> examples(SetRun r, Set<String> seen) {
        List<EventScorer.Example> out = new ArrayList<>();
        for (Evaluation.Labelled l : Evaluation.labelled(r.dir(), r.labels())) {
            Enricher.Candidates c = r.enricher().candidates(l.raw());
            for (int i = 0; i < c.events().size(); i++) {
                DetectedEvent e = c.events().get(i);
                EventType t = e.type();
                boolean main = l.label().events().contains(t);
                if (!main && l.label().secondary().contains(t)) {
                    continue;
                }
                if (seen.add(r.set() + "/" + l.label().name() + "/" + t + "/" + main + "/" + c.features().get(i))) {
                    out.add(new EventScorer.Example(c.features().get(i), main));
                }
            }
        }
        return out;
    }

    /** Figures of one eval run: watch right/wrong/found/expected, event tp/fp/fn, negatives with a main event. */
    record Figures(int right, int wrong, int found, int expected, int tp, int fp, int fn, int negatives, int negativeArticles) {
        static Figures of(EvalReport r) {
            EvalReport.WatchScore w = r.watchesAll();
            int neg = (int) r.negativesWithMainEvent().stream().map(EvalReport.Finding::file).distinct().count();
            return new Figures(w.right(), w.wrong(), w.found(), w.expected(), r.eventsAll().tp(), r.eventsAll().fp(),
                    r.eventsAll().fn(), neg, r.negatives());
        }

        Figures plus(Figures o) {
            return new Figures(right + o.right, wrong + o.wrong, found + o.found, expected + o.expected, tp + o.tp, fp + o.fp,
                    fn + o.fn, negatives + o.negatives, negativeArticles + o.negativeArticles);
        }

        static double ratio(int a, int b) {
            return b == 0 ? 1.0 : (double) a / b;
        }

        String row() {
            return String.format(Locale.ROOT, "%.3f (%d/%d) | %.3f (%d/%d) | %.3f / %.3f | %d of %d",
                    ratio(right, right + wrong), right, right + wrong, ratio(found, expected), found, expected,
                    ratio(tp, tp + fp), ratio(tp, tp + fn), negatives, negativeArticles);
        }
    }

    private void crossValidate(List<SetRun> runs, Map<SetRun, List<EventScorer.Example>> examples, EventScorer.Params params,
                               Path seedsDir) throws Exception {
        Path watches = seedsDir.resolve("watches.yaml");
        List<double[]> settings = new ArrayList<>();
        for (double t : thresholds) {
            settings.add(new double[] {t, 1.0});
            for (double p : promote) {
                settings.add(new double[] {t, p});
            }
        }
        Map<String, Figures> totalCurrent = new TreeMap<>();
        Map<String, Figures> totalBlind = new TreeMap<>();
        System.out.println("| set (rules) | setting | watch precision | watch recall | event P / R | negatives with a main event |");
        System.out.println("|---|---|---|---|---|---|");
        for (SetRun r : runs) {
            List<EventScorer.Example> train = new ArrayList<>();
            examples.forEach((run, ex) -> {
                if (!run.set().equals(r.set())) {
                    train.addAll(ex);
                }
            });
            // the model as its file would load it (rounded weights)
            EventScorer model = EventScorer.train(train, params, List.of()).rounded();
            Map<String, Figures> total = r.rules().equals("events.yaml") ? totalCurrent : totalBlind;
            Figures alone = Figures.of(new Evaluation(seedsDir, watches, r.enricher()).run(r.dir(), r.labels()));
            System.out.println("| " + r.name() + " | rules alone | " + alone.row() + " |");
            total.merge("rules alone", alone, Figures::plus);
            for (double[] s : settings) {
                String name = String.format(Locale.ROOT, "scorer %.2f", s[0]) + (s[1] < 1 ? String.format(Locale.ROOT, " promote %.2f", s[1]) : "");
                Figures f = Figures.of(new Evaluation(seedsDir, watches, r.enricher().withScorer(model, s[0], s[1])).run(r.dir(), r.labels()));
                System.out.println("| " + r.name() + " | " + name + " | " + f.row() + " |");
                total.merge(name, f, Figures::plus);
            }
            System.out.flush();
        }
        System.out.println();
        System.out.println("| pooled | setting | watch precision | watch recall | event P / R | negatives with a main event |");
        System.out.println("|---|---|---|---|---|---|");
        totalCurrent.forEach((k, f) -> System.out.println("| all sets, current rules | " + k + " | " + f.row() + " |"));
        totalBlind.forEach((k, f) -> System.out.println("| blind sets, older rules | " + k + " | " + f.row() + " |"));
    }
}
