package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How central a detected event is to its article, decided from what the article says (position, tense
 * and aspect, time expressions against the published date, modality): {@code main} is the article's
 * news, {@code secondary} a fact the article reports besides its news, {@code background} history,
 * generic or legal boilerplate, or something hypothetical. Lower-case in JSON.
 */
public enum Salience {
    MAIN, SECONDARY, BACKGROUND;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive: {@code main}, {@code MAIN}. */
    @JsonCreator
    public static Salience of(String value) {
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salience must be one of "
                    + Arrays.stream(values()).map(Salience::json).toList() + ", got '" + value + "'", e);
        }
    }

    /** True when this salience ranks above {@code other} (main over secondary over background). */
    public boolean outranks(Salience other) {
        return ordinal() < other.ordinal();
    }
}
