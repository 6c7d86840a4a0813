package io.chipwatch.enrich.internal;

/** A half-open range [start, end) of a text field ({@code title} or {@code text}). */
public record Span(String field, int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public boolean contains(String f, int offset) {
        return field.equals(f) && offset >= start && offset < end;
    }
}
