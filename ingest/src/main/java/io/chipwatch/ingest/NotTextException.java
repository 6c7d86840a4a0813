package io.chipwatch.ingest;

/**
 * The input is not text (an image, an archive, an executable, random bytes), so there is no article to
 * extract from it. The message reads {@code not text: <reason>}.
 */
public final class NotTextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public NotTextException(String reason) {
        super("not text: " + reason);
        this.reason = reason;
    }

    /** Why the bytes are not text, for example {@code PNG image} or {@code 11% control bytes in the first 8 KB}. */
    public String reason() {
        return reason;
    }
}
