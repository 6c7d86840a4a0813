package io.chipwatch.ingest.internal;

/** A feed that could not be parsed, with where it broke (line and column are -1 when unknown). */
public final class MalformedFeedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public MalformedFeedException(String message, int line, int column, Throwable cause) {
        super(message + (line > 0 ? " at line " + line + ", column " + column : ""), cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
