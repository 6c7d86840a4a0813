package io.chipwatch.ingest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A fetch that did not produce a usable body, with the reason as data: the refused or failed URL, the
 * HTTP status when there was one and the server's {@code Retry-After} when it asked us to wait.
 */
public final class FetchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a fetch failed. */
    public enum Reason {
        /** Scheme other than http or https. */
        BLOCKED_SCHEME,
        /** Host resolves to a loopback, private, link-local or metadata address. */
        BLOCKED_ADDRESS,
        /** Host name does not resolve. */
        UNKNOWN_HOST,
        /** More redirects than allowed, or a redirect without a usable Location. */
        BAD_REDIRECT,
        /** Body larger than the cap after decompression. */
        BODY_TOO_LARGE,
        /** Connect or total timeout. */
        TIMEOUT,
        /** 429 or 503: the server asked us to slow down. */
        RATE_LIMITED,
        /** Any other non-2xx status. */
        HTTP_STATUS,
        /** Network or protocol failure. */
        IO
    }

    private final Reason reason;
    private final transient URI uri;
    private final int status;
    private final transient Duration retryAfter;

    public FetchException(Reason reason, URI uri, int status, Duration retryAfter, String message, Throwable cause) {
        super(reason + " " + uri + ": " + message, cause);
        this.reason = reason;
        this.uri = uri;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public FetchException(Reason reason, URI uri, String message) {
        this(reason, uri, 0, null, message, null);
    }

    public Reason reason() {
        return reason;
    }

    public URI uri() {
        return uri;
    }

    /** HTTP status, or 0 when no response was received. */
    public int status() {
        return status;
    }

    /** How long the server asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
