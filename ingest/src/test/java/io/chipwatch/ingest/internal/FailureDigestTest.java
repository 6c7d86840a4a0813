package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** Issue 14: offline, one summary line instead of one warning per unreachable source. */
class FailureDigestTest {
    private final AtomicLong now = new AtomicLong();
    private final FailureDigest digest = new FailureDigest(NOPLogger.NOP_LOGGER, () -> 3, Duration.ofSeconds(2), Duration.ofSeconds(30), now::get);

    @Test
    void shouldSumUpSourcesFailingTogetherInOneLineOnceTheyHaveSettled() {
        digest.failed("a", "unknown_host", "UNKNOWN_HOST https://a.example/: cannot resolve host a.example");
        digest.failed("b", "unknown_host", "UNKNOWN_HOST https://b.example/: cannot resolve host b.example");
        digest.failed("c", "unknown_host", "UNKNOWN_HOST https://c.example/: cannot resolve host c.example");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(digest.flushIfSettled()).as("still settling").isNull();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(digest.flushIfSettled())
                .startsWith("3 of 3 sources failing (no source reachable: is this machine offline?); new: unknown_host [a, b, c]")
                .contains("cannot resolve host a.example");
        assertThat(digest.flushIfSettled()).as("nothing new").isNull();
    }

    @Test
    void shouldNotRepeatASourceThatKeepsFailingButReportItsRecovery() {
        digest.failed("a", "http_status", "HTTP_STATUS https://a.example/: 500");
        assertThat(digest.flush()).startsWith("1 of 3 sources failing; new: http_status [a]");
        digest.failed("a", "http_status", "HTTP_STATUS https://a.example/: 500");
        assertThat(digest.flush()).isNull();
        digest.unhealthy("a");
        assertThat(digest.flush()).startsWith("UNHEALTHY now: [a]");
        digest.succeeded("a");
        assertThat(digest.flush()).startsWith("recovered: [a]");
    }
}
