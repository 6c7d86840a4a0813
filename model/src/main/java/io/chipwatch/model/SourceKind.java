package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a source is read. */
public enum SourceKind {
    /** An RSS, Atom or JSON feed. */
    FEED,
    /** An HTML listing page; article links are picked with a CSS selector and followed. */
    PAGE,
    /** A local folder of archived articles, replayed once by {@code chipwatch run} and read by {@code chipwatch replay}. */
    ARCHIVE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SourceKind of(String label) {
        if (label == null) {
            throw new IllegalArgumentException("kind must be one of feed, page, archive, got null");
        }
        for (SourceKind k : values()) {
            if (k.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of feed, page, archive, got '" + label + "'");
    }
}
