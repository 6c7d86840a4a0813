package io.chipwatch.ingest;

import io.chipwatch.ingest.FetchException.Reason;
import io.chipwatch.ingest.FetchResult.Validators;
import io.chipwatch.ingest.internal.AddressRules;
import io.chipwatch.ingest.internal.HostGate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches URLs the careful way: http and https only; every host, including each redirect target
 * (followed here, at most {@link Options#maxRedirects}), is resolved and refused when it is a loopback,
 * private, link-local or metadata address unless private networks are allowed; the body is capped
 * after decompression; connect and total timeouts; one request at a time per host with a minimum
 * delay; conditional GET with ETag and Last-Modified; an identifying User-Agent.
 *
 * <p>The address check resolves the name before the client connects; a DNS answer that changes in
 * between (rebinding) is not covered.
 */
public final class SafeHttpFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SafeHttpFetcher.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");

    /**
     * Fetch settings (see {@link IngestConfig} for their meaning and defaults).
     */
    public record Options(boolean allowPrivateNetworks, long maxBodyBytes, Duration connectTimeout, Duration totalTimeout,
                          int maxRedirects, Duration hostMinDelay, String userAgent, java.util.Set<String> allowedAddresses) {
        public Options {
            allowedAddresses = allowedAddresses == null ? java.util.Set.of() : java.util.Set.copyOf(allowedAddresses);
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(totalTimeout, "totalTimeout");
            Objects.requireNonNull(hostMinDelay, "hostMinDelay");
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1, got " + maxBodyBytes);
            }
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
            }
        }
    }

    private final Options options;
    private final HttpClient client;
    private final HostGate gate;
    private final ScheduledExecutorService watchdog;

    public SafeHttpFetcher(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .build();
        this.gate = new HostGate(options.hostMinDelay());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chipwatch-fetch-timeout");
            t.setDaemon(true);
            return t;
        });
    }

    public Options options() {
        return options;
    }

    /** Unconditional GET. */
    public FetchResult fetch(URI uri) throws FetchException {
        return fetch(uri, Validators.NONE);
    }

    /** GET with {@code If-None-Match} / {@code If-Modified-Since} from the validators, following redirects safely. */
    public FetchResult fetch(URI uri, Validators validators) throws FetchException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            checkTarget(current);
            HttpResponse<InputStream> response = send(current, validators);
            int status = response.statusCode();
            if (isRedirect(status)) {
                closeQuietly(response.body());
                URI next = location(current, response);
                if (hop >= options.maxRedirects()) {
                    throw new FetchException(Reason.BAD_REDIRECT, uri, status, null,
                            "more than " + options.maxRedirects() + " redirects (last to " + next + ")", null);
                }
                LOG.debug("redirect {} {} -> {}", status, current, next);
                current = next;
                continue;
            }
            return finish(uri, current, response, validators);
        }
    }

    private FetchResult finish(URI requested, URI current, HttpResponse<InputStream> response, Validators sent) throws FetchException {
        int status = response.statusCode();
        HttpHeaders h = response.headers();
        if (status == 304) {
            closeQuietly(response.body());
            Validators v = new Validators(h.firstValue("ETag").orElse(sent.etag()), h.firstValue("Last-Modified").orElse(sent.lastModified()));
            return new FetchResult(requested, current, status, null, h.firstValue("Content-Type").orElse(null), v, maxAge(h));
        }
        if (status == 429 || status == 503) {
            closeQuietly(response.body());
            Duration wait = retryAfter(h.firstValue("Retry-After").orElse(null), Instant.now());
            throw new FetchException(Reason.RATE_LIMITED, current, status, wait, "server asked to slow down, Retry-After "
                    + h.firstValue("Retry-After").orElse("absent"), null);
        }
        if (status < 200 || status > 299) {
            closeQuietly(response.body());
            throw new FetchException(Reason.HTTP_STATUS, current, status, null, "HTTP status " + status, null);
        }
        byte[] body = readBody(current, response);
        Validators v = new Validators(h.firstValue("ETag").orElse(null), h.firstValue("Last-Modified").orElse(null));
        return new FetchResult(requested, current, status, body, h.firstValue("Content-Type").orElse(null), v, maxAge(h));
    }

    @SuppressWarnings("try") // the permit is held for its scope only
    private HttpResponse<InputStream> send(URI target, Validators validators) throws FetchException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(options.totalTimeout())
                .header("User-Agent", options.userAgent())
                .header("Accept-Encoding", "gzip, deflate")
                .header("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
                        + "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
                .GET();
        if (validators.etag() != null) {
            b.header("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            b.header("If-Modified-Since", validators.lastModified());
        }
        try (HostGate.Permit permit = gate.acquire(target.getHost())) {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() >= 200 && r.statusCode() <= 299) {
                // Read the body while holding the host, so politeness covers the whole exchange.
                return new BufferedResponse(r, readBody(target, r));
            }
            return r;
        } catch (HttpConnectTimeoutException e) {
            throw new FetchException(Reason.TIMEOUT, target, 0, null, "connect timeout after " + options.connectTimeout().toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw new FetchException(Reason.TIMEOUT, target, 0, null, "no response within " + options.totalTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(Reason.IO, target, 0, null, "interrupted", e);
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            throw new FetchException(Reason.IO, target, 0, null, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] readBody(URI target, HttpResponse<InputStream> response) throws FetchException {
        if (response instanceof BufferedResponse br) {
            return br.bytes;
        }
        InputStream raw = response.body();
        long deadline = System.nanoTime() + options.totalTimeout().toNanos();
        ScheduledFuture<?> kill = watchdog.schedule(() -> closeQuietly(raw), options.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream in = decoded(raw, response.headers().firstValue("Content-Encoding").orElse(""))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) != -1; ) {
                total += n;
                if (total > options.maxBodyBytes()) {
                    throw new FetchException(Reason.BODY_TOO_LARGE, target, response.statusCode(), null,
                            "body exceeds " + options.maxBodyBytes() + " bytes after decompression", null);
                }
                out.write(buf, 0, n);
            }
            if (System.nanoTime() - deadline > 0) {
                throw timeout(target, null);
            }
            return out.toByteArray();
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            if (System.nanoTime() - deadline > 0 || e instanceof InterruptedIOException) {
                throw timeout(target, e);
            }
            throw new FetchException(Reason.IO, target, response.statusCode(), null,
                    "reading body: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            kill.cancel(false);
        }
    }

    private FetchException timeout(URI target, Throwable cause) {
        return new FetchException(Reason.TIMEOUT, target, 0, null, "body not complete within " + options.totalTimeout().toMillis() + " ms", cause);
    }

    private static InputStream decoded(InputStream in, String encoding) throws IOException {
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        if (e.equals("gzip") || e.equals("x-gzip")) {
            return new GZIPInputStream(in, 8192);
        }
        if (e.equals("deflate")) {
            return new InflaterInputStream(in);
        }
        return in;
    }

    /** Refuses non-http(s) schemes and, unless allowed, hosts that resolve to internal addresses. */
    void checkTarget(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(Reason.BLOCKED_SCHEME, uri, "only http and https are fetched, not '" + scheme + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException(Reason.BLOCKED_SCHEME, uri, "URL has no host");
        }
        if (options.allowPrivateNetworks()) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new FetchException(Reason.UNKNOWN_HOST, uri, 0, null, "cannot resolve host " + host, e);
        }
        for (InetAddress a : addresses) {
            String why = options.allowedAddresses().contains(a.getHostAddress()) ? null : AddressRules.refusal(a);
            if (why != null) {
                throw new FetchException(Reason.BLOCKED_ADDRESS, uri, host + " resolves to " + a.getHostAddress() + ", a " + why
                        + "; to allow it set " + IngestConfig.CLI_PREFIX + IngestConfig.FETCH_ALLOWED_ADDRESSES + "=" + a.getHostAddress()
                        + " (this address only) or " + IngestConfig.CLI_PREFIX + IngestConfig.FETCH_ALLOW_PRIVATE_NETWORKS + "=true");
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI location(URI current, HttpResponse<?> response) throws FetchException {
        String loc = response.headers().firstValue("Location").orElse(null);
        if (loc == null || loc.isBlank()) {
            throw new FetchException(Reason.BAD_REDIRECT, current, response.statusCode(), null, "redirect without Location", null);
        }
        try {
            return current.resolve(new URI(loc.trim().replace(" ", "%20")));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(Reason.BAD_REDIRECT, current, response.statusCode(), null, "bad Location '" + loc + "'", e);
        }
    }

    static Duration maxAge(HttpHeaders h) {
        String cc = String.join(",", h.allValues("Cache-Control"));
        if (cc.toLowerCase(Locale.ROOT).contains("no-cache") || cc.toLowerCase(Locale.ROOT).contains("no-store")) {
            return null;
        }
        Matcher m = MAX_AGE.matcher(cc);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : null;
    }

    /** {@code Retry-After} as delta-seconds or HTTP-date; null when absent or unreadable. */
    public static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 10) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            LOG.warn("ignoring unreadable Retry-After '{}'", v);
            return null;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing body: {}", e.toString());
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** A 2xx response whose body was read while the host was held. */
    private static final class BufferedResponse implements HttpResponse<InputStream> {
        private final HttpResponse<InputStream> delegate;
        final byte[] bytes;

        BufferedResponse(HttpResponse<InputStream> delegate, byte[] bytes) {
            this.delegate = delegate;
            this.bytes = bytes;
        }

        @Override public int statusCode() { return delegate.statusCode(); }
        @Override public HttpRequest request() { return delegate.request(); }
        @Override public java.util.Optional<HttpResponse<InputStream>> previousResponse() { return delegate.previousResponse(); }
        @Override public HttpHeaders headers() { return delegate.headers(); }
        @Override public InputStream body() { return InputStream.nullInputStream(); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return delegate.sslSession(); }
        @Override public URI uri() { return delegate.uri(); }
        @Override public HttpClient.Version version() { return delegate.version(); }
    }
}
