package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One occurrence of an entity.
 *
 * @param text  the matched text exactly as it appears
 * @param field {@code title} or {@code text}: which field of the enriched article the offsets index
 * @param start start offset (UTF-16 code units, inclusive) into that field
 * @param end   end offset (exclusive)
 */
@JsonPropertyOrder({"text", "field", "start", "end"})
public record Mention(
        @JsonProperty("text") String text,
        @JsonProperty("field") String field,
        @JsonProperty("start") int start,
        @JsonProperty("end") int end) {

    public static final String TITLE = "title";
    public static final String TEXT = "text";

    public Mention {
        Checks.requireNonBlank(text, "text");
        field = field == null ? TEXT : field;
        if (!TITLE.equals(field) && !TEXT.equals(field)) {
            throw new IllegalArgumentException("field must be 'title' or 'text', got '" + field + "'");
        }
        Checks.requireNonNegative(start, "start");
        if (end <= start) {
            throw new IllegalArgumentException("end must be > start (" + start + "), got " + end);
        }
    }
}
