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
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches URLs the careful way: http and https only; every host, including each redirect target (followed here, at
 * most {@link Options#maxRedirects}), is resolved once through the {@link HostResolver} and refused when an address is
 * loopback, private, link-local or metadata unless private networks are allowed; the body is capped after
 * decompression; connect and total timeouts; one request at a time per host with a minimum delay; conditional GET
 * with ETag and Last-Modified; an identifying User-Agent.
 *
 * <p>No DNS-rebinding window: the connection goes to the address that was checked (Apache HttpClient connects to the
 * address carried by the target {@link HttpHost}; its own resolver refuses every name, so nothing connects unpinned),
 * while the {@code Host} header, TLS SNI and the certificate's host-name check stay on the URL's host name.
 */
public final class SafeHttpFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SafeHttpFetcher.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

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

    /** One response as far as this fetcher needs it: status, headers, and the body of a 2xx, read under the caps. */
    private record Exchange(int status, Header[] headers, byte[] body) {
        String first(String name) {
            for (Header h : headers) {
                if (h.getName().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (Header h : headers) {
                if (h.getName().equalsIgnoreCase(name)) {
                    out.add(h.getValue());
                }
            }
            return out;
        }
    }

    private final Options options;
    private final HostResolver resolver;
    private final CloseableHttpClient client;
    private final HostGate gate;
    private final ScheduledExecutorService watchdog;

    public SafeHttpFetcher(Options options) {
        this(options, HostResolver.SYSTEM, null);
    }

    /**
     * @param resolver   resolves each host once per request
     * @param sslContext trust for https, or null for the JVM's default
     */
    public SafeHttpFetcher(Options options, HostResolver resolver, SSLContext sslContext) {
        this.options = options;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        Timeout total = Timeout.ofMilliseconds(options.totalTimeout().toMillis());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(NO_DNS)
                        .setTlsSocketStrategy(sslContext == null ? DefaultClientTlsStrategy.createDefault() : new DefaultClientTlsStrategy(sslContext))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofMilliseconds(options.connectTimeout().toMillis()))
                                .setSocketTimeout(total).build())
                        .setMaxConnPerRoute(4).setMaxConnTotal(64)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(total).setConnectionRequestTimeout(total)
                        .setRedirectsEnabled(false).build())
                // A new connection per request: with minutes between polls a pooled one is usually stale by the next, and a
                // stale one fails the fetch (retries are off, since 429/503 and redirects are decided here). It also means
                // every request connects to the address checked for it.
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression() // decompressed here, under the body cap
                .build();
        this.gate = new HostGate(options.hostMinDelay());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chipwatch-fetch-timeout");
            t.setDaemon(true);
            return t;
        });
    }

    /** HttpClient's own resolver: never used, since every target carries its checked address; refusing keeps it so. */
    private static final DnsResolver NO_DNS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + ": not resolved by the HTTP client (the fetcher connects to checked addresses only)");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host);
        }
    };

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
            InetAddress address = checkTarget(current);
            Exchange response = send(current, address, validators);
            int status = response.status();
            if (isRedirect(status)) {
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

    private FetchResult finish(URI requested, URI current, Exchange response, Validators sent) throws FetchException {
        int status = response.status();
        String contentType = response.first("Content-Type");
        if (status == 304) {
            Validators v = new Validators(orElse(response.first("ETag"), sent.etag()), orElse(response.first("Last-Modified"), sent.lastModified()));
            return new FetchResult(requested, current, status, null, contentType, v, maxAge(response.all("Cache-Control")));
        }
        if (status == 429 || status == 503) {
            String retry = response.first("Retry-After");
            throw new FetchException(Reason.RATE_LIMITED, current, status, retryAfter(retry, Instant.now()), "server asked to slow down, Retry-After "
                    + (retry == null ? "absent" : retry), null);
        }
        if (status < 200 || status > 299) {
            throw new FetchException(Reason.HTTP_STATUS, current, status, null, "HTTP status " + status, null);
        }
        Validators v = new Validators(response.first("ETag"), response.first("Last-Modified"));
        return new FetchResult(requested, current, status, response.body(), contentType, v, maxAge(response.all("Cache-Control")));
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Sends one GET to {@code address} (the checked one) with the URL's host name in {@code Host} and TLS, and reads a
     * 2xx body while holding the host, so politeness covers the whole exchange. The total timeout runs from here to
     * the last body byte: a watchdog aborts the request when it passes.
     */
    @SuppressWarnings("try") // the permit is held for its scope only
    private Exchange send(URI target, InetAddress address, Validators validators) throws FetchException {
        HttpGet get = new HttpGet(target);
        get.setHeader("User-Agent", options.userAgent());
        get.setHeader("Accept-Encoding", "gzip, deflate");
        get.setHeader("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
                + "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
        if (validators.etag() != null) {
            get.setHeader("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            get.setHeader("If-Modified-Since", validators.lastModified());
        }
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        int port = target.getPort() >= 0 ? target.getPort() : scheme.equals("https") ? 443 : 80;
        HttpHost pinned = new HttpHost(scheme, address, hostName(target), port);
        long deadline = System.nanoTime() + options.totalTimeout().toNanos();
        try (HostGate.Permit permit = gate.acquire(target.getHost())) {
            ScheduledFuture<?> abort = watchdog.schedule(get::cancel, options.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
            try (CloseableHttpResponse r = client.execute(pinned, get, HttpClientContext.create())) {
                int status = r.getCode();
                byte[] body = status >= 200 && status <= 299 ? readBody(target, status, r, get) : null;
                return new Exchange(status, r.getHeaders(), body);
            } finally {
                abort.cancel(false);
            }
        } catch (ConnectTimeoutException e) {
            throw new FetchException(Reason.TIMEOUT, target, 0, null, "connect timeout after " + options.connectTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(Reason.IO, target, 0, null, "interrupted", e);
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            if (System.nanoTime() - deadline > 0 || e instanceof InterruptedIOException && !(e instanceof SSLException)) {
                throw new FetchException(Reason.TIMEOUT, target, 0, null, "no complete response within " + options.totalTimeout().toMillis() + " ms", e);
            }
            throw new FetchException(Reason.IO, target, 0, null, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] readBody(URI target, int status, CloseableHttpResponse response, HttpGet request) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        Header encoding = response.getFirstHeader("Content-Encoding");
        try (InputStream in = decoded(entity.getContent(), encoding == null ? "" : encoding.getValue())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) != -1; ) {
                total += n;
                if (total > options.maxBodyBytes()) {
                    request.cancel(); // drop the connection instead of draining the rest
                    throw new FetchException(Reason.BODY_TOO_LARGE, target, status, null,
                            "body exceeds " + options.maxBodyBytes() + " bytes after decompression", null);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
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

    private static String hostName(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Refuses non-http(s) schemes and, unless allowed, hosts that resolve to internal addresses; returns the address
     * to connect to. The name is resolved here once per request (IP literals are not looked up at all), and that
     * checked address is the one the connection uses.
     */
    InetAddress checkTarget(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(Reason.BLOCKED_SCHEME, uri, "only http and https are fetched, not '" + scheme + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException(Reason.BLOCKED_SCHEME, uri, "URL has no host");
        }
        String name = hostName(uri);
        List<InetAddress> addresses;
        try {
            addresses = host.startsWith("[") || IPV4_LITERAL.matcher(name).matches() ? List.of(InetAddress.getByName(name)) : resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw new FetchException(Reason.UNKNOWN_HOST, uri, 0, null, "cannot resolve host " + host, e);
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new FetchException(Reason.UNKNOWN_HOST, uri, 0, null, "cannot resolve host " + host + ": no addresses", null);
        }
        if (!options.allowPrivateNetworks()) {
            for (InetAddress a : addresses) {
                String why = options.allowedAddresses().contains(a.getHostAddress()) ? null : AddressRules.refusal(a);
                if (why != null) {
                    throw new FetchException(Reason.BLOCKED_ADDRESS, uri, host + " resolves to " + a.getHostAddress() + ", a " + why
                            + "; to allow it set " + IngestConfig.CLI_PREFIX + IngestConfig.FETCH_ALLOWED_ADDRESSES + "=" + a.getHostAddress()
                            + " (this address only) or " + IngestConfig.CLI_PREFIX + IngestConfig.FETCH_ALLOW_PRIVATE_NETWORKS + "=true");
                }
            }
        }
        return addresses.get(0);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI location(URI current, Exchange response) throws FetchException {
        String loc = response.first("Location");
        if (loc == null || loc.isBlank()) {
            throw new FetchException(Reason.BAD_REDIRECT, current, response.status(), null, "redirect without Location", null);
        }
        try {
            return current.resolve(new URI(loc.trim().replace(" ", "%20")));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(Reason.BAD_REDIRECT, current, response.status(), null, "bad Location '" + loc + "'", e);
        }
    }

    static Duration maxAge(List<String> cacheControl) {
        String cc = String.join(",", cacheControl);
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

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing HTTP client: {}", e.toString());
        }
    }
}
