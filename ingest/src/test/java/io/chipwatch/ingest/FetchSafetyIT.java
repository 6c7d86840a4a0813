package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.ingest.FetchException.Reason;
import io.chipwatch.ingest.FetchResult.Validators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fetcher against a real HTTP server on loopback: safety limits, politeness, conditional GET, charsets. */
@Tag("integration")
@Timeout(60)
class FetchSafetyIT {
    private LoopbackHttpServer http;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        http = new LoopbackHttpServer();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private SafeHttpFetcher fetcher(boolean allowPrivate, long maxBody, Duration timeout, Duration hostDelay) {
        SafeHttpFetcher f = new SafeHttpFetcher(new SafeHttpFetcher.Options(allowPrivate, maxBody, Duration.ofSeconds(2), timeout, 5,
                hostDelay, "chipwatch-test/1.0", allowPrivate ? Set.of() : Set.of("127.0.0.1")));
        closeables.add(f);
        return f;
    }

    private SafeHttpFetcher fetcher() {
        return fetcher(true, 1024 * 1024, Duration.ofSeconds(5), Duration.ZERO);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldDecompressGzipBodiesAndSendUserAgent() throws Exception {
        byte[] page = "<html><body><p>compressed body</p></body></html>".getBytes(StandardCharsets.UTF_8);
        byte[] zipped = gzip(page);
        http.route("/gz", (ex, hit) -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LoopbackHttpServer.send(ex, 200, "text/html", zipped);
        });
        FetchResult r = fetcher().fetch(URI.create(http.url("/gz")));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("compressed body");
        assertThat(http.requestsTo("/gz").get(0).header("User-Agent")).isEqualTo("chipwatch-test/1.0");
        assertThat(http.requestsTo("/gz").get(0).header("Accept-Encoding")).contains("gzip");
    }

    @Test
    void shouldStopGzipBombAtBodyCapAfterDecompression() throws Exception {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(200 * 1024);
        http.route("/bomb", (ex, hit) -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LoopbackHttpServer.send(ex, 200, "application/rss+xml", bomb);
        });
        assertThatThrownBy(() -> fetcher().fetch(URI.create(http.url("/bomb"))))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BODY_TOO_LARGE))
                .hasMessageContaining("after decompression");
    }

    @Test
    void shouldRefuseOversizedBody() {
        http.serve("/big", "text/html", new byte[2 * 1024 * 1024]);
        assertThatThrownBy(() -> fetcher().fetch(URI.create(http.url("/big"))))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BODY_TOO_LARGE));
    }

    @Test
    void shouldTimeOutWhenServerNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    return null;
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> fetcher(true, 1024, Duration.ofMillis(700), Duration.ZERO)
                    .fetch(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/feed")))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            Socket s = accepted.getNow(null);
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void shouldTimeOutWhenBodyStalls() throws Exception {
        try (ServerSocket stalling = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = stalling.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.read(new byte[4096]);
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.read(); // hold the connection open until the client gives up
                } catch (IOException e) {
                    // client closed
                }
            });
            assertThatThrownBy(() -> fetcher(true, 1024 * 1024, Duration.ofMillis(700), Duration.ZERO)
                    .fetch(URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/slow")))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        }
    }

    @Test
    void shouldRefuseRedirectToPrivateAndMetadataAddresses() throws Exception {
        SafeHttpFetcher strict = fetcher(false, 1024 * 1024, Duration.ofSeconds(5), Duration.ZERO);
        http.serve("/ok", "text/plain", "fine".getBytes());
        assertThat(strict.fetch(URI.create(http.url("/ok"))).status()).isEqualTo(200); // allow-listed loopback
        for (String target : new String[] {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin", "http://[::1]:9/x"}) {
            http.route("/to-private", (ex, hit) -> {
                ex.getResponseHeaders().set("Location", target);
                LoopbackHttpServer.send(ex, 302, null, new byte[0]);
            });
            assertThatThrownBy(() -> strict.fetch(URI.create(http.url("/to-private"))))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
                        assertThat(e.uri().toString()).isEqualTo(target);
                    });
        }
        assertThatThrownBy(() -> strict.fetch(URI.create("file:///etc/passwd")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BLOCKED_SCHEME));
    }

    @Test
    void shouldFollowRedirectsButNotMoreThanFive() throws Exception {
        for (int i = 0; i < 7; i++) {
            String next = "/hop" + (i + 1);
            http.route("/hop" + i, (ex, hit) -> {
                ex.getResponseHeaders().set("Location", next);
                LoopbackHttpServer.send(ex, 301, null, new byte[0]);
            });
        }
        http.serve("/hop7", "text/plain", "end".getBytes());
        FetchResult r = fetcher().fetch(URI.create(http.url("/hop3")));
        assertThat(r.finalUri().getPath()).isEqualTo("/hop7");
        assertThatThrownBy(() -> fetcher().fetch(URI.create(http.url("/hop0"))))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_REDIRECT));
    }

    @Test
    void shouldSendValidatorsAndHonour304AndMaxAge() throws Exception {
        http.route("/cond", (ex, hit) -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                LoopbackHttpServer.send(ex, 304, null, new byte[0]);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            ex.getResponseHeaders().set("Last-Modified", "Mon, 20 Apr 2026 10:00:00 GMT");
            ex.getResponseHeaders().set("Cache-Control", "public, max-age=600");
            LoopbackHttpServer.send(ex, 200, "application/rss+xml", "<rss/>".getBytes());
        });
        FetchResult first = fetcher().fetch(URI.create(http.url("/cond")));
        assertThat(first.validators()).isEqualTo(new Validators("\"v1\"", "Mon, 20 Apr 2026 10:00:00 GMT"));
        assertThat(first.maxAge()).isEqualTo(Duration.ofMinutes(10));
        FetchResult second = fetcher().fetch(URI.create(http.url("/cond")), first.validators());
        assertThat(second.notModified()).isTrue();
        assertThat(http.requestsTo("/cond").get(1).header("If-Modified-Since")).isEqualTo("Mon, 20 Apr 2026 10:00:00 GMT");
    }

    @Test
    void shouldReportRetryAfterOn429And503() {
        http.route("/busy", (ex, hit) -> {
            ex.getResponseHeaders().set("Retry-After", "120");
            LoopbackHttpServer.send(ex, hit == 1 ? 429 : 503, "text/plain", "slow down".getBytes());
        });
        for (int status : new int[] {429, 503}) {
            assertThatThrownBy(() -> fetcher().fetch(URI.create(http.url("/busy"))))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(2));
                    });
        }
    }

    @Test
    void shouldSendOneRequestAtATimePerHostWithMinimumDelay() throws Exception {
        http.route("/polite", (ex, hit) -> LoopbackHttpServer.send(ex, 200, "text/plain", ("n" + hit).getBytes()));
        SafeHttpFetcher polite = fetcher(true, 1024, Duration.ofSeconds(5), Duration.ofMillis(300));
        List<CompletableFuture<FetchResult>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return polite.fetch(URI.create(http.url("/polite")));
                } catch (FetchException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        List<LoopbackHttpServer.Request> reqs = http.requestsTo("/polite");
        assertThat(reqs).hasSize(3);
        assertThat(http.maxInFlight.get()).isEqualTo(1);
        for (int i = 1; i < reqs.size(); i++) {
            assertThat(Duration.between(reqs.get(i - 1).at(), reqs.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(280));
        }
    }

    @Test
    void shouldDecodeGbkLatin1AndBomPagesThroughChecker() throws Exception {
        http.serve("/gbk", "text/html", ExtractionQualityTest.resource("gbk.html"));
        http.serve("/latin1", "text/html; charset=ISO-8859-1", ExtractionQualityTest.resource("latin1.html"));
        byte[] wp = ExtractionQualityTest.resource("wordpress.html");
        byte[] bom = new byte[wp.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(wp, 0, bom, 3, wp.length);
        http.serve("/bom", "text/html; charset=windows-1252", bom);
        try (SourceChecker checker = new SourceChecker(fetcher().options())) {
            assertThat(checker.check(http.url("/gbk")).articles().get(0).text()).contains("国产算力芯片");
            assertThat(checker.check(http.url("/latin1")).articles().get(0).text()).contains("élargissement des contrôles");
            CheckResult r = checker.check(http.url("/bom"));
            assertThat(r.kind()).isEqualTo("page");
            assertThat(r.articles().get(0).text()).contains("Huawei's Ascend 950");
            ExtractRecord x = checker.extract(http.url("/latin1"));
            assertThat(x.language()).isEqualTo("fr");
            assertThat(x.title()).isEqualTo("Les Pays-Bas élargissent les contrôles sur les machines de lithographie");
        }
    }
}
