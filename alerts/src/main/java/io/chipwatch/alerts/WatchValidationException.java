package io.chipwatch.alerts;

/** A watch that cannot be used: unreadable file, invalid field or a Lucene query that does not parse. */
public final class WatchValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String watchId;

    public WatchValidationException(String watchId, String message, Throwable cause) {
        super((watchId == null ? "" : "watch '" + watchId + "': ") + message, cause);
        this.watchId = watchId;
    }

    /** The id of the offending watch, or null when the file could not be read far enough to know it. */
    public String watchId() {
        return watchId;
    }
}
