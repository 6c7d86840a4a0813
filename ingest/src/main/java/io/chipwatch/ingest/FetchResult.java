package io.chipwatch.ingest;

import java.net.URI;
import java.time.Duration;

/**
 * The outcome of one successful fetch (2xx or 304).
 *
 * @param requested    URL asked for
 * @param finalUri     URL after redirects
 * @param status       HTTP status (200..299 or 304)
 * @param body         decompressed body; empty for 304
 * @param contentType  {@code Content-Type} header or null
 * @param validators   {@code ETag} and {@code Last-Modified} of the response (for 304: the ones sent)
 * @param maxAge       {@code Cache-Control: max-age}, or null
 */
public record FetchResult(URI requested, URI finalUri, int status, byte[] body, String contentType,
                          Validators validators, Duration maxAge) {
    public FetchResult {
        body = body == null ? new byte[0] : body;
        validators = validators == null ? Validators.NONE : validators;
    }

    public boolean notModified() {
        return status == 304;
    }

    /**
     * HTTP cache validators for a conditional GET.
     *
     * @param etag         entity tag or null
     * @param lastModified {@code Last-Modified} value as sent by the server, or null
     */
    public record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);

        public boolean isEmpty() {
            return etag == null && lastModified == null;
        }
    }
}
