package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and broken sources served by a real loopback server, through the same fetch, parse and
 * extract path as {@code chipwatch sources check}: each case ends within its time bound with a
 * clear reason (or a sane article), never an exception, and a good source checked right after it
 * is unaffected. The body cap bounds memory. Cases already covered elsewhere (gzip bomb, stalls,
 * redirects to private addresses in {@link FetchSafetyIT}; XXE and billion laughs in FeedRecoveryTest
 * and IngestServiceIT) are repeated here through the checker so the corpus is in one place. The DOCTYPE
 * of an XXE or billion-laughs feed is dropped unread: the feed is read as recovered, no entity expanded.
 */
@Tag("integration")
@Timeout(120)
class HostileSourcesIT {
    private static final long MAX_BODY = 4L * 1024 * 1024;
    private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration BOUND = TOTAL_TIMEOUT.plusSeconds(4);
    private static final String GOOD_PAGE = "<html><head><title>Good page</title></head><body><article><h1>Good page</h1>"
            + "<p>" + "Demand for accelerators rose again this quarter as cloud providers expanded. ".repeat(8) + "</p>"
            + "</article></body></html>";

    private LoopbackHttpServer http;
    private SourceChecker checker;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        http = new LoopbackHttpServer();
        http.serve("/good", "text/html; charset=utf-8", GOOD_PAGE.getBytes(StandardCharsets.UTF_8));
        checker = new SourceChecker(new SafeHttpFetcher.Options(true, MAX_BODY, Duration.ofSeconds(2), TOTAL_TIMEOUT, 5,
                Duration.ZERO, "chipwatch-test/1.0", Set.of()));
    }

    @AfterEach
    void stop() {
        release.countDown();
        checker.close();
        http.close();
    }

    /** Checks the hostile URL within {@link #BOUND}, hands the result over, then proves a good source still works. */
    private void check(String path, Consumer<CheckResult> expectations) {
        long t0 = System.nanoTime();
        CheckResult r = checker.check(http.url(path));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as(path + " took").isLessThan(BOUND);
        expectations.accept(r);
        CheckResult good = checker.check(http.url("/good"));
        assertThat(good.ok()).as("good source after " + path + ": " + good.problems()).isTrue();
        assertThat(good.articles().get(0).text()).contains("cloud providers expanded");
    }

    @Test
    void shouldExtractOrRejectOneHundredThousandNestedDivsWithoutStackOverflow() {
        String html = "<html><head><title>Nested</title></head><body>" + "<div>".repeat(100_000)
                + "<p>Deep inside the nesting sits a paragraph of text about chips and export rules.</p>"
                + "</div>".repeat(100_000) + "</body></html>";
        http.serve("/nested", "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        check("/nested", r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.articles()).singleElement().satisfies(a -> assertThat(a.title()).isEqualTo("Nested"));
        });
    }

    @Test
    void shouldHandleASingleLineOfMegabytes() {
        String html = "<html><head><title>One line</title></head><body><p>" + "word ".repeat(600_000) + "</p></body></html>";
        assertThat(html.length()).isGreaterThan(3_000_000);
        http.serve("/line", "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        check("/line", r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.articles()).hasSize(1);
            assertThat(r.articles().get(0).text()).startsWith("word word");
        });
    }

    @Test
    void shouldReplaceInvalidUtf8InsteadOfFailing() {
        byte[] head = "<html><head><title>Broken bytes</title></head><body><article><p>Valid start. ".getBytes(StandardCharsets.UTF_8);
        byte[] junk = {(byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1, (byte) 0xe2, 0x28, (byte) 0xa1, (byte) 0xf0, 0x28, (byte) 0x8c, (byte) 0xbc,
                (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        byte[] tail = (" Valid end of a long enough paragraph about memory supply. ".repeat(5) + "</p></article></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] page = new byte[head.length + junk.length + tail.length];
        System.arraycopy(head, 0, page, 0, head.length);
        System.arraycopy(junk, 0, page, head.length, junk.length);
        System.arraycopy(tail, 0, page, head.length + junk.length, tail.length);
        http.serve("/utf8", "text/html; charset=utf-8", page);
        check("/utf8", r -> {
            assertThat(r.articles()).hasSize(1);
            String text = r.articles().get(0).text();
            assertThat(text).contains("Valid start.").contains("Valid end");
            assertThat(text.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as("no lone surrogates").isTrue();
        });
    }

    @Test
    void shouldReportBinaryJunkAsNoArticle() {
        byte[] junk = new byte[256 * 1024];
        new Random(1).nextBytes(junk);
        http.serve("/junk.bin", "application/octet-stream", junk);
        http.serve("/junk.html", "text/html", junk);
        http.serve("/junk.xml", "application/rss+xml", junk);
        for (String path : new String[] {"/junk.bin", "/junk.html", "/junk.xml"}) {
            check(path, r -> {
                assertThat(r.problems()).as(path).isNotEmpty();
                assertThat(r.articles()).as(path).isEmpty();
            });
        }
        check("/junk.html", r -> assertThat(r.problems()).singleElement().asString().startsWith("not text: ").contains("control bytes"));
    }

    @Test
    void shouldStopAnEndlessChunkedResponseAtTheBodyCap() {
        http.route("/endless", (ex, hit) -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, 0); // chunked
            byte[] chunk = "<p>more and more and more</p>\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = ex.getResponseBody()) {
                while (release.getCount() > 0) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up: expected
            }
        });
        check("/endless", r -> assertThat(r.problems()).singleElement().asString().contains("BODY_TOO_LARGE"));
    }

    @Test
    void shouldTimeOutAnEndlessTrickleWithinTheTotalTimeout() {
        http.route("/trickle", (ex, hit) -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                while (!release.await(200, TimeUnit.MILLISECONDS)) { // one byte every 200 ms: never ends, never idle
                    out.write('x');
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up: expected
            }
        });
        check("/trickle", r -> assertThat(r.problems()).singleElement().asString().containsIgnoringCase("time"));
    }

    @Test
    void shouldReadXxeAndBillionLaughsFeedsWithoutExpandingTheirEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<rss version=\"2.0\"><channel><title>x</title><item><title>&xxe;</title><link>http://e.org/a</link>"
                + "<description>&xxe;</description></item></channel></rss>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
                + "<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";
        http.serve("/xxe.xml", "application/rss+xml", xxe.getBytes(StandardCharsets.UTF_8));
        http.serve("/laughs.xml", "application/rss+xml", laughs.getBytes(StandardCharsets.UTF_8));
        for (String path : new String[] {"/xxe.xml", "/laughs.xml"}) {
            check(path, r -> {
                assertThat(r.recovered()).as(path).isTrue();
                assertThat(r.warnings()).as(path).anySatisfy(w -> assertThat(w).contains("DOCTYPE dropped unread"));
                assertThat(r.articles()).allSatisfy(a -> assertThat(a.text() + a.title()).doesNotContain("root:").doesNotContain("lollollol"));
            });
        }
    }

    @Test
    void shouldCheckAFeedThatStartsWithACommentAsAFeedWhateverItIsServedAs() throws IOException {
        byte[] feed = IngestServiceIT.feed("broken/comment-first.xml");
        for (String type : new String[] {"application/xml", "text/xml", "text/html; charset=utf-8", "text/plain"}) {
            String path = "/comment-" + type.replaceAll("[^a-z]", "");
            http.serve(path, type, feed);
            check(path, r -> {
                assertThat(r.kind()).as(type).isEqualTo("feed");
                assertThat(r.format()).isEqualTo("rss_2.0");
                assertThat(r.articles()).singleElement().satisfies(a -> assertThat(a.title()).isEqualTo("Item of a feed that starts with a comment"));
                assertThat(r.ok()).isTrue();
            });
        }
    }

    @Test
    void shouldCheckATruncatedFeedAsRecoveredWithItsCompleteItems() throws IOException {
        http.serve("/truncated.xml", "application/rss+xml", IngestServiceIT.feed("broken/truncated.xml"));
        check("/truncated.xml", r -> {
            assertThat(r.ok()).isTrue();
            assertThat(r.recovered()).isTrue();
            assertThat(r.articles()).extracting(a -> a.title()).containsExactly("First complete item", "Second complete item", "Third complete item");
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("recovered: ").contains("1 incomplete dropped"));
        });
    }
}
