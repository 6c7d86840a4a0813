package io.chipwatch.app.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Counts of one table row and the figures derived from them. With nothing to count, precision and
 * recall are 1.0 (nothing was wrong, nothing was missed).
 */
@JsonPropertyOrder({"tp", "fp", "fn", "precision", "recall", "f1"})
public record Score(@JsonProperty("tp") int tp, @JsonProperty("fp") int fp, @JsonProperty("fn") int fn) {
    public static final Score ZERO = new Score(0, 0, 0);

    @JsonProperty("precision")
    public double precision() {
        return tp + fp == 0 ? 1.0 : round((double) tp / (tp + fp));
    }

    @JsonProperty("recall")
    public double recall() {
        return tp + fn == 0 ? 1.0 : round((double) tp / (tp + fn));
    }

    @JsonProperty("f1")
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0.0 : round(2 * p * r / (p + r));
    }

    public Score plus(Score o) {
        return new Score(tp + o.tp, fp + o.fp, fn + o.fn);
    }

    Score add(int tpAdd, int fpAdd, int fnAdd) {
        return new Score(tp + tpAdd, fp + fpAdd, fn + fnAdd);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
