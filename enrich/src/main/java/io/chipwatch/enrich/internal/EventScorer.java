package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.Salience;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A learned check on the rules' salience: logistic regression over hashed, general features of a detected event
 * (its type, rule, position, the salience verdict and its reason, the cue kinds of its sentence, how many sentences
 * support the type, the other types of the article, the language, and crude-stemmed words of the evidence
 * sentence, trigger and headline) that estimates P(the event is a main event of the article). Trained by
 * {@link #train} on labelled sets only ({@code chipwatch train-scorer}); the model is a JSON file in the domain pack
 * ({@code seeds/event-scorer.json}). Immutable and thread-safe.
 *
 * <p>Use ({@link #apply}): a {@code main} event whose probability is below the threshold becomes {@code secondary},
 * and (when a promote threshold below 1 is given) a {@code secondary} event above it becomes {@code main}; the
 * salience reason then ends in {@code +scorer:P}.
 */
public final class EventScorer {
    public static final String FILE = "event-scorer.json";
    static final String FORMAT = "chipwatch-event-scorer/1";

    private final int bits;
    private final double[] weights;
    private final double l2;
    private final int examples;
    private final List<String> trainedOn;

    EventScorer(int bits, double[] weights, double l2, int examples, List<String> trainedOn) {
        this.bits = bits;
        this.weights = weights;
        this.l2 = l2;
        this.examples = examples;
        this.trainedOn = List.copyOf(trainedOn);
    }

    /** The model in {@code file}, or null when there is no such file. */
    public static EventScorer load(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new SeedException(file + ": not an event scorer model", List.of(String.valueOf(e.getMessage())), e);
        }
    }

    static EventScorer parse(String json) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("format is not " + FORMAT);
        }
        int bits = root.path("bits").asInt();
        JsonNode w = root.path("weights");
        if (bits < 1 || bits > 20 || w.size() != 1 << bits) {
            throw new IllegalArgumentException("weights must hold 2^bits numbers");
        }
        double[] weights = new double[w.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = w.get(i).asDouble();
        }
        List<String> on = new ArrayList<>();
        root.path("trainedOn").forEach(n -> on.add(n.asText()));
        return new EventScorer(bits, weights, root.path("l2").asDouble(), root.path("examples").asInt(), on);
    }

    /** The model as JSON: fixed layout and rounding, so the same training gives the same bytes. */
    public String toJson() {
        StringBuilder b = new StringBuilder(weights.length * 8);
        b.append("{\n  \"format\": \"").append(FORMAT).append("\",\n");
        b.append("  \"about\": \"P(main event) for a detected event; chipwatch train-scorer, README Evaluation, Learned event scorer\",\n");
        b.append("  \"bits\": ").append(bits).append(",\n");
        b.append("  \"l2\": ").append(number(l2)).append(",\n");
        b.append("  \"examples\": ").append(examples).append(",\n");
        b.append("  \"trainedOn\": [");
        for (int i = 0; i < trainedOn.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(trainedOn.get(i).replace("\\", "/").replace("\"", "")).append('"');
        }
        b.append("],\n  \"weights\": [");
        for (int i = 0; i < weights.length; i++) {
            b.append(i % 32 == 0 ? "\n    " : "").append(number(weights[i])).append(i + 1 < weights.length ? "," : "");
        }
        return b.append("\n  ]\n}\n").toString();
    }

    /** Four decimals, no trailing zeros, "0" for zero: short and exact to reproduce. */
    private static String number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** The model with its weights rounded as {@link #toJson} writes them: what loading the file gives. */
    public EventScorer rounded() {
        double[] w = new double[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Double.parseDouble(number(weights[i]));
        }
        return new EventScorer(bits, w, l2, examples, trainedOn);
    }

    public List<String> trainedOn() {
        return trainedOn;
    }

    // ------------------------------------------------------------------ features

    /**
     * What the classifier knows of an event besides the event itself: the sentence it came from (index, position,
     * rule), how many sentences gave a candidate of its type (any salience, main verdicts), its rank among the
     * article's events, the headline genre (or null), the cue kinds of its sentence, and the headline.
     */
    record Context(int sentence, String position, String rule, int support, int mainSupport, int rank,
                   List<DetectedEvent> events, String genre, List<String> cues, String headline) {}

    private static final List<String> NEGATIONS = List.of(" not ", "n't ", " no ", " never ", " denied", " denies", " deny",
            " rejected", " dismissed", "否认", "不会", "并未", "没有", "未能", "不实", "辟谣");

    /** The features of one event, as names (hashed by the model); sorted, no duplicates. */
    static List<String> features(DetectedEvent e, Context c) {
        TreeSet<String> f = new TreeSet<>();
        String t = "t=" + e.type() + "|";
        f.add("bias");
        f.add("t=" + e.type());
        String s = "s=" + e.salience().json();
        f.add(s);
        f.add(t + s);
        String reason = e.salienceReason() == null ? "" : e.salienceReason();
        for (String part : reason.split("\\+")) {
            String r = "r=" + generic(part);
            f.add(r);
            f.add(t + r);
            f.add(s + "|" + r);
        }
        f.add("pos=" + c.position());
        f.add(t + "pos=" + c.position());
        f.add("sidx=" + bucket(c.sentence()));
        f.add("rule=" + c.rule());
        f.add("conf=" + Math.round(e.confidence() * 10));
        f.add("support=" + Math.min(c.support(), 4));
        f.add("mainSupport=" + Math.min(c.mainSupport(), 3));
        f.add(t + "mainSupport=" + Math.min(c.mainSupport(), 3));
        f.add("rank=" + Math.min(c.rank(), 3));
        int main = 0;
        for (DetectedEvent o : c.events()) {
            if (o != e && o.salience() == Salience.MAIN) {
                main++;
            }
        }
        f.add("otherTypes=" + Math.min(c.events().size() - 1, 3));
        f.add("otherMain=" + Math.min(main, 3));
        f.add("genre=" + (c.genre() == null ? "none" : c.genre()));
        for (String cue : c.cues()) {
            f.add(cue);
            f.add(s + "|" + cue);
        }
        String ev = " " + Text.fold(e.evidence()) + " ";
        for (String n : NEGATIONS) {
            if (ev.contains(n)) {
                f.add("negation");
                f.add(s + "|negation");
                break;
            }
        }
        words(f, "e:", ev, t, true);
        words(f, "tr:", e.trigger() == null ? "" : Text.fold(e.trigger()), t, false);
        words(f, "h:", Text.fold(c.headline() == null ? "" : c.headline()), t, false);
        return List.copyOf(f);
    }

    /** A reason part without its numbers ("past-time:2024-05" is "past-time:0-0"). */
    private static String generic(String part) {
        StringBuilder b = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c >= '0' && c <= '9') {
                if (i == 0 || !(part.charAt(i - 1) >= '0' && part.charAt(i - 1) <= '9')) {
                    b.append('0');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String bucket(int n) {
        return n <= 1 ? Integer.toString(n) : n <= 3 ? "2-3" : n <= 7 ? "4-7" : "8+";
    }

    /** Crude-stemmed Latin words and CJK character bigrams, alone and with the event type; bigrams of words too. */
    private static void words(TreeSet<String> f, String ns, String folded, String type, boolean bigrams) {
        List<String> tokens = tokens(folded);
        for (int i = 0; i < tokens.size(); i++) {
            f.add(ns + tokens.get(i));
            f.add(type + ns + tokens.get(i));
            if (bigrams && i + 1 < tokens.size()) {
                f.add(ns + tokens.get(i) + "_" + tokens.get(i + 1));
            }
        }
    }

    static List<String> tokens(String folded) {
        List<String> out = new ArrayList<>();
        int n = folded.length();
        int i = 0;
        while (i < n) {
            char c = folded.charAt(i);
            if (Text.isCjk(c)) {
                if (i + 1 < n && Text.isCjk(folded.charAt(i + 1))) {
                    out.add(folded.substring(i, i + 2));
                }
                i++;
            } else if (Character.isLetterOrDigit(c)) {
                int j = i;
                while (j < n && Character.isLetterOrDigit(folded.charAt(j)) && !Text.isCjk(folded.charAt(j))) {
                    j++;
                }
                out.add(stem(folded.substring(i, j)));
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }

    /** Digits as 0, and a few English suffixes off: "added", "adds", "adding" are "add". */
    static String stem(String w) {
        String s = digitsAsZero(w);
        for (String suffix : new String[] {"ing", "ed", "es", "s"}) {
            if (s.length() >= suffix.length() + 3 && s.endsWith(suffix)) {
                return s.substring(0, s.length() - suffix.length());
            }
        }
        return s;
    }

    /** Every decimal digit (any script, as \\d of a regex without flags: ASCII) as 0. */
    private static String digitsAsZero(String w) {
        char[] c = null;
        for (int i = 0; i < w.length(); i++) {
            char ch = w.charAt(i);
            if (ch >= '0' && ch <= '9' && ch != '0') {
                if (c == null) {
                    c = w.toCharArray();
                }
                c[i] = '0';
            }
        }
        return c == null ? w : new String(c);
    }

    /** FNV-1a over the UTF-16 units of the name, folded to {@code bits}: stable across JVMs and runs. */
    static int index(String feature, int bits) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < feature.length(); i++) {
            h ^= feature.charAt(i);
            h *= 0x100000001b3L;
        }
        return (int) ((h ^ (h >>> 32)) & ((1L << bits) - 1));
    }

    /** The hashed feature indices of a list of names (duplicates kept: two names in one bucket add up). */
    int[] indices(List<String> features) {
        int[] out = new int[features.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(features.get(i), bits);
        }
        return out;
    }

    public double probability(List<String> features) {
        double z = 0;
        for (int i : indices(features)) {
            z += weights[i];
        }
        return sigmoid(z);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /**
     * The events with the scorer's decisions: a main event under {@code threshold} becomes secondary, a secondary one
     * over {@code promote} becomes main (none when {@code promote >= 1}); sorted as the classifier sorts.
     */
    public List<DetectedEvent> apply(List<DetectedEvent> events, List<List<String>> features, double threshold, double promote) {
        List<DetectedEvent> out = new ArrayList<>(events.size());
        boolean changed = false;
        for (int i = 0; i < events.size(); i++) {
            DetectedEvent e = events.get(i);
            if (e.salience() == Salience.MAIN || e.salience() == Salience.SECONDARY && promote < 1) {
                double p = probability(features.get(i));
                String tag = String.format(Locale.ROOT, "+scorer:%.2f", p);
                if (e.salience() == Salience.MAIN && p < threshold) {
                    e = e.withSalience(Salience.SECONDARY, e.salienceReason() + tag);
                    changed = true;
                } else if (e.salience() == Salience.SECONDARY && p > promote) {
                    e = e.withSalience(Salience.MAIN, e.salienceReason() + tag);
                    changed = true;
                }
            }
            out.add(e);
        }
        if (changed) {
            out.sort(Comparator.comparing(DetectedEvent::salience)
                    .thenComparing(Comparator.comparingDouble(DetectedEvent::confidence).reversed())
                    .thenComparing(DetectedEvent::type));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ training

    /** One training example: the event's feature names and whether it is a labelled main event. */
    public record Example(List<String> features, boolean main) {}

    /** Hashing and regularisation of a training run. */
    public record Params(int bits, double l2, int iterations) {
        public static final Params DEFAULT = new Params(13, 0.003, 3000);
    }

    /**
     * L2-regularised logistic regression, fitted by accelerated (Nesterov) full-batch gradient descent with a fixed
     * step from the Lipschitz bound and a fixed number of iterations: no randomness, and the examples in the order
     * given, so the same examples give the same weights. Minimises
     * {@code (1/n) * sum log(1 + exp(-y_i w.x_i)) + (l2/2) * |w without the bias|^2}.
     */
    public static EventScorer train(List<Example> examples, Params p, List<String> trainedOn) {
        int dim = 1 << p.bits();
        int n = examples.size();
        int[][] x = new int[n][];
        double[] y = new double[n];
        double maxNorm = 1;
        for (int i = 0; i < n; i++) {
            x[i] = new int[examples.get(i).features().size()];
            for (int k = 0; k < x[i].length; k++) {
                x[i][k] = index(examples.get(i).features().get(k), p.bits());
            }
            y[i] = examples.get(i).main() ? 1 : 0;
            maxNorm = Math.max(maxNorm, squaredNorm(x[i]));
        }
        int bias = index("bias", p.bits());
        // the loss's Hessian is at most (1/4) X'X/n, whose largest eigenvalue is at most the largest |x_i|^2
        double lipschitz = 0.25 * maxNorm + p.l2();
        double step = 1 / lipschitz;
        // momentum of accelerated descent on an l2-strongly convex function (the unregularised bias aside)
        double momentum = (Math.sqrt(lipschitz) - Math.sqrt(p.l2())) / (Math.sqrt(lipschitz) + Math.sqrt(p.l2()));
        double[] w = new double[dim];
        double[] prev = new double[dim];
        double[] v = new double[dim];
        double[] g = new double[dim];
        for (int it = 1; it <= p.iterations(); it++) {
            gradient(x, y, v, p.l2(), bias, g);
            for (int j = 0; j < dim; j++) {
                prev[j] = w[j];
                w[j] = v[j] - step * g[j];
                v[j] = w[j] + momentum * (w[j] - prev[j]);
            }
        }
        return new EventScorer(p.bits(), w, p.l2(), n, trainedOn);
    }

    /** |x|^2 of a row of bucket indices (a bucket named twice counts 2). */
    private static double squaredNorm(int[] row) {
        int[] sorted = row.clone();
        java.util.Arrays.sort(sorted);
        double sum = 0;
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            sum += (double) (j - i) * (j - i);
            i = j;
        }
        return sum;
    }

    /** Gradient of the objective of {@link #train} at {@code w}, into {@code g}. */
    static void gradient(int[][] x, double[] y, double[] w, double l2, int bias, double[] g) {
        int n = x.length;
        for (int j = 0; j < g.length; j++) {
            g[j] = j == bias ? 0 : l2 * w[j];
        }
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j : x[i]) {
                z += w[j];
            }
            double r = (sigmoid(z) - y[i]) / n;
            for (int j : x[i]) {
                g[j] += r;
            }
        }
    }

    /** The weights (tests). */
    double[] weights() {
        return weights.clone();
    }

    int bits() {
        return bits;
    }
}
