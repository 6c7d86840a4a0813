package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Salience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learned event scorer: its logistic regression against results known in closed form or by an independent
 * one-dimensional solve, the model file (round trip, the shipped one loads and is small), determinism, and what
 * {@link EventScorer#apply} does to salience.
 */
class EventScorerTest {
    private static final EventScorer.Params EXACT = new EventScorer.Params(6, 0.05, 4000);

    private static List<EventScorer.Example> repeat(List<String> features, boolean main, int n) {
        List<EventScorer.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new EventScorer.Example(features, main));
        }
        return out;
    }

    @Test
    void anUnregularisedBiasAloneIsTheLogOddsOfTheLabels() {
        List<EventScorer.Example> ex = new ArrayList<>(repeat(List.of("bias"), true, 30));
        ex.addAll(repeat(List.of("bias"), false, 10));
        EventScorer m = EventScorer.train(ex, EXACT, List.of());
        // the bias is not regularised: the maximum-likelihood value, log(30/10), and P = 0.75
        assertThat(m.weights()[EventScorer.index("bias", 6)]).isCloseTo(Math.log(3), within(1e-6));
        assertThat(m.probability(List.of("bias"))).isCloseTo(0.75, within(1e-6));
    }

    @Test
    void aRegularisedWeightSolvesItsStationarityEquation() {
        // one feature x in every example, 3 of 4 positive: minimise mean log loss + (l2/2) w^2, whose optimum solves
        // sigmoid(w) - 3/4 + l2 w = 0; bisection finds that root independently of the trainer
        List<EventScorer.Example> ex = new ArrayList<>(repeat(List.of("x"), true, 3));
        ex.addAll(repeat(List.of("x"), false, 1));
        double l2 = EXACT.l2();
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (EventScorer.sigmoid(mid) - 0.75 + l2 * mid > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        EventScorer m = EventScorer.train(ex, EXACT, List.of());
        assertThat(m.weights()[EventScorer.index("x", 6)]).isCloseTo(lo, within(1e-6));
        assertThat(lo).isLessThan(Math.log(3)); // shrunk towards 0
    }

    @Test
    void onAMixedProblemTheGradientVanishesAtTheFit() {
        List<EventScorer.Example> ex = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            List<String> f = new ArrayList<>(List.of("bias"));
            for (String name : List.of("a", "b", "c", "d", "e")) {
                if (random.nextBoolean()) {
                    f.add(name);
                }
            }
            boolean y = random.nextDouble() < (f.contains("a") ? 0.8 : 0.3) + (f.contains("b") ? 0.1 : 0);
            ex.add(new EventScorer.Example(f, y));
        }
        EventScorer m = EventScorer.train(ex, EXACT, List.of());
        int[][] x = ex.stream().map(e -> m.indices(e.features())).toArray(int[][]::new);
        double[] y = ex.stream().mapToDouble(e -> e.main() ? 1 : 0).toArray();
        double[] g = new double[1 << 6];
        EventScorer.gradient(x, y, m.weights(), EXACT.l2(), EventScorer.index("bias", 6), g);
        for (double v : g) {
            assertThat(v).isCloseTo(0, within(1e-7));
        }
        assertThat(m.weights()[EventScorer.index("a", 6)]).isGreaterThan(1.0);
    }

    @Test
    void trainingIsDeterministicAndTheFileRoundTrips() throws Exception {
        List<EventScorer.Example> ex = new ArrayList<>(repeat(List.of("bias", "t=ENTITY_LIST", "e:add"), true, 5));
        ex.addAll(repeat(List.of("bias", "t=ENTITY_LIST", "e:remov"), false, 3));
        String a = EventScorer.train(ex, EventScorer.Params.DEFAULT, List.of("dev")).toJson();
        String b = EventScorer.train(ex, EventScorer.Params.DEFAULT, List.of("dev")).toJson();
        assertThat(a).isEqualTo(b);
        EventScorer read = EventScorer.parse(a);
        EventScorer rounded = EventScorer.train(ex, EventScorer.Params.DEFAULT, List.of("dev")).rounded();
        assertThat(read.probability(List.of("bias", "e:add"))).isEqualTo(rounded.probability(List.of("bias", "e:add")));
        assertThat(read.toJson()).isEqualTo(a);
        assertThat(read.trainedOn()).containsExactly("dev");
    }

    @Test
    void theHashIsFixed() {
        // FNV-1a: a change of the hash would silently scramble every shipped model
        assertThat(EventScorer.index("bias", 13)).isEqualTo(EventScorer.index("bias", 20) & 8191);
        assertThat(EventScorer.index("", 32 - 1)).isEqualTo((int) ((0xcbf29ce484222325L ^ (0xcbf29ce484222325L >>> 32)) & 0x7fffffffL));
        assertThat(EventScorer.stem("added")).isEqualTo("add");
        assertThat(EventScorer.tokens("us adds 12 firms 实体清单")).containsExactly("us", "add", "00", "firm", "实体", "体清", "清单");
    }

    @Test
    void aMainEventUnderTheThresholdBecomesSecondaryAndSaysWhy() {
        List<EventScorer.Example> ex = new ArrayList<>(repeat(List.of("bias", "good"), true, 20));
        ex.addAll(repeat(List.of("bias", "bad"), false, 20));
        EventScorer m = EventScorer.train(ex, EXACT, List.of());
        DetectedEvent good = new DetectedEvent(EventType.ENTITY_LIST, null, 0.9, "A.", List.of(), "a", Salience.MAIN, "headline");
        DetectedEvent bad = new DetectedEvent(EventType.EXPORT_RULE, null, 0.95, "B.", List.of(), "b", Salience.MAIN, "lead");
        DetectedEvent side = new DetectedEvent(EventType.FUNDING_IPO, null, 0.8, "C.", List.of(), "c", Salience.SECONDARY, "body");
        List<DetectedEvent> out = m.apply(List.of(bad, good, side),
                List.of(List.of("bias", "bad"), List.of("bias", "good"), List.of("bias", "good")), 0.3, 1.0);
        assertThat(out).extracting(DetectedEvent::type).containsExactly(EventType.ENTITY_LIST, EventType.EXPORT_RULE, EventType.FUNDING_IPO);
        assertThat(out.get(0).salience()).isEqualTo(Salience.MAIN);
        assertThat(out.get(1).salience()).isEqualTo(Salience.SECONDARY);
        assertThat(out.get(1).salienceReason()).matches("lead\\+scorer:0\\.\\d\\d");
        assertThat(out.get(2).salience()).isEqualTo(Salience.SECONDARY); // no promotion unless asked
        List<DetectedEvent> promoted = m.apply(List.of(side), List.of(List.of("bias", "good")), 0.3, 0.8);
        assertThat(promoted.get(0).salience()).isEqualTo(Salience.MAIN);
        assertThat(promoted.get(0).salienceReason()).startsWith("body+scorer:");
    }

    @Test
    void theShippedModelLoadsAndIsSmall() throws Exception {
        Path file = Fixtures.seedsDir().resolve(EventScorer.FILE);
        assertThat(Files.size(file)).isLessThan(200_000);
        EventScorer m = EventScorer.load(file);
        assertThat(m).isNotNull();
        assertThat(m.trainedOn()).contains("dev", "test", "holdout", "holdout2", "holdout3", "holdout4");
        assertThat(m.toJson()).isEqualTo(Files.readString(file));
        assertThat(EventScorer.load(file.resolveSibling("no-such-model.json"))).isNull();
    }
}
