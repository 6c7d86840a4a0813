package io.chipwatch.model;

import java.util.List;
import java.util.Objects;

/** Argument checks for compact constructors; messages name the parameter and what is allowed. */
public final class Checks {
    private Checks() {}

    public static String requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be a non-blank string, got " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    /** An immutable copy without nulls; runs in every record constructor, so the usual no-null case takes one copy, no stream. */
    public static <T> List<T> listOrEmpty(List<T> list) {
        if (list == null) {
            return List.of();
        }
        for (T t : list) {
            if (t == null) {
                return List.copyOf(list.stream().filter(Objects::nonNull).toList());
            }
        }
        return List.copyOf(list);
    }

    public static double requireRange(double value, double min, double max, String name) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    public static int requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }
}
