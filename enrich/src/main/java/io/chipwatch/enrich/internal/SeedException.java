package io.chipwatch.enrich.internal;

import java.util.List;

/** A seed file (gazetteer, event rules) that cannot be used; lists every problem found. */
public final class SeedException extends RuntimeException {
    private final String file;
    private final List<String> problems;

    public SeedException(String file, List<String> problems, Throwable cause) {
        super(file + ": " + String.join("; ", problems), cause);
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public String file() {
        return file;
    }

    public List<String> problems() {
        return problems;
    }
}
