package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.chipwatch.ingest.FetchException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No DNS-rebinding window: a host that answers a "public" address at the first look-up and 127.0.0.1 at the second
 * never gets the fetcher to 127.0.0.1. Loopback only: 127.0.0.2 stands for the public address (allowed through
 * {@code fetch.allowed.addresses}); 127.0.0.1, listening on the same port, is the internal service that must see
 * nothing. The resolver is injected, so no real DNS is involved.
 */
@Tag("integration")
@Timeout(60)
class DnsPinningIT {
    private static final String HOST = "feeds.rebind.test";
    private static final InetAddress PUBLIC = address("127.0.0.2");
    private static final InetAddress INTERNAL = address("127.0.0.1");
    private static final char[] PASSWORD = "chipwatch-test".toCharArray();

    /** Answers PUBLIC the first time, INTERNAL every time after: the rebinding attacker's DNS. */
    static final class RebindingResolver implements HostResolver {
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public List<InetAddress> resolve(String host) {
            return List.of(lookups.getAndIncrement() == 0 ? PUBLIC : INTERNAL);
        }
    }

    record Seen(String path, String host, String sni) {}

    private HttpServer publicServer;
    private HttpServer internalServer;
    private final List<Seen> atPublic = new CopyOnWriteArrayList<>();
    private final List<Seen> atInternal = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByAddress(literal, InetAddress.getByName(literal).getAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (HttpServer s : new HttpServer[] {publicServer, internalServer}) {
            if (s != null) {
                s.stop(0);
            }
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /** The "public" server on 127.0.0.2 and the internal one on 127.0.0.1, on the same port. */
    private void startServers(boolean tls) throws Exception {
        for (int attempt = 0; ; attempt++) {
            publicServer = tls ? HttpsServer.create(new InetSocketAddress(PUBLIC, 0), 10) : HttpServer.create(new InetSocketAddress(PUBLIC, 0), 10);
            int port = publicServer.getAddress().getPort();
            try {
                internalServer = HttpServer.create(new InetSocketAddress(INTERNAL, port), 10);
                break;
            } catch (BindException e) {
                publicServer.stop(0);
                if (attempt > 20) {
                    throw e;
                }
            }
        }
        if (tls) {
            ((HttpsServer) publicServer).setHttpsConfigurator(new HttpsConfigurator(tlsContext()));
        }
        publicServer.createContext("/", ex -> answer(ex, atPublic, "public feed"));
        internalServer.createContext("/", ex -> answer(ex, atInternal, "internal secret"));
        publicServer.start();
        internalServer.start();
    }

    private static void answer(HttpExchange ex, List<Seen> log, String body) throws IOException {
        String sni = null;
        if (ex instanceof HttpsExchange https && https.getSSLSession() instanceof ExtendedSSLSession s && !s.getRequestedServerNames().isEmpty()) {
            sni = ((SNIHostName) s.getRequestedServerNames().get(0)).getAsciiName();
        }
        String path = ex.getRequestURI().getPath();
        log.add(new Seen(path, ex.getRequestHeaders().getFirst("Host"), sni));
        if (path.equals("/hop")) {
            ex.getResponseHeaders().set("Location", "http://" + HOST + ":" + ex.getLocalAddress().getPort() + "/feed");
            ex.sendResponseHeaders(302, -1);
        } else {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
        ex.close();
    }

    private static SSLContext tlsContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = DnsPinningIT.class.getResourceAsStream("/tls/rebind-test.p12")) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private SafeHttpFetcher fetcher(HostResolver resolver, SSLContext tls) {
        SafeHttpFetcher f = new SafeHttpFetcher(new SafeHttpFetcher.Options(false, 1024 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 5,
                Duration.ZERO, "chipwatch-test/1.0", Set.of(PUBLIC.getHostAddress())), resolver, tls);
        closeables.add(f);
        return f;
    }

    private URI url(String scheme, String host, String path) {
        return URI.create(scheme + "://" + host + ":" + publicServer.getAddress().getPort() + path);
    }

    @Test
    void shouldConnectToTheAddressItCheckedNotToASecondLookUp() throws Exception {
        startServers(false);
        RebindingResolver dns = new RebindingResolver();
        SafeHttpFetcher fetcher = fetcher(dns, null);

        FetchResult r = fetcher.fetch(url("http", HOST, "/feed"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("public feed");
        assertThat(dns.lookups.get()).as("one look-up per request: checked, then used").isEqualTo(1);
        assertThat(atPublic).singleElement().satisfies(s -> assertThat(s.host()).isEqualTo(HOST + ":" + publicServer.getAddress().getPort()));
        assertThat(atInternal).isEmpty();

        // The next request looks the name up again, gets 127.0.0.1 and is refused before any connection is made.
        assertThatThrownBy(() -> fetcher.fetch(url("http", HOST, "/feed")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS))
                .hasMessageContaining("resolves to 127.0.0.1, a loopback address");
        assertThat(atInternal).isEmpty();
    }

    @Test
    void shouldCheckEveryRedirectTargetTheSameWay() throws Exception {
        startServers(false);
        RebindingResolver dns = new RebindingResolver();
        assertThatThrownBy(() -> fetcher(dns, null).fetch(url("http", HOST, "/hop")))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
                    assertThat(e.uri().getPath()).isEqualTo("/feed");
                });
        assertThat(dns.lookups.get()).isEqualTo(2);
        assertThat(atPublic).extracting(Seen::path).containsExactly("/hop");
        assertThat(atInternal).as("the redirect to the same name, now answering 127.0.0.1, never connects").isEmpty();
    }

    @Test
    void shouldKeepSniAndTheCertificateCheckOnTheHostNameWhileConnectingToThePinnedAddress() throws Exception {
        startServers(true);
        SafeHttpFetcher fetcher = fetcher(new RebindingResolver(), tlsContext());
        FetchResult r = fetcher.fetch(url("https", HOST, "/feed"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("public feed");
        assertThat(atPublic).singleElement().satisfies(s -> {
            assertThat(s.sni()).as("SNI names the host, not the address").isEqualTo(HOST);
            assertThat(s.host()).isEqualTo(HOST + ":" + publicServer.getAddress().getPort());
        });

        // The certificate is for feeds.rebind.test only: another name on the same pinned address fails the host-name check.
        assertThatThrownBy(() -> fetcher(host -> List.of(PUBLIC), tlsContext()).fetch(url("https", "other.rebind.test", "/feed")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                .hasMessageContaining("other.rebind.test");
        assertThat(atInternal).isEmpty();
    }
}
