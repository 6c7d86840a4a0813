package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SafetyRulesTest {
    @Test
    void shouldRefuseInternalAddressesAndAllowPublicOnes() throws Exception {
        for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.100.100.200",
                "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1"}) {
            assertThat(AddressRules.refusal(InetAddress.getByName(a))).as(a).isNotNull();
        }
        assertThat(AddressRules.refusal(InetAddress.getByName("8.8.8.8"))).isNull();
        assertThat(AddressRules.refusal(InetAddress.getByName("2606:4700:4700::1111"))).isNull();
    }

    @Test
    void shouldDetectCharsetFromBomHeaderDeclarationAndMeta() {
        assertThat(Charsets.detect(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a'}, "text/html; charset=iso-8859-1").from()).isEqualTo("bom");
        assertThat(Charsets.detect("x".getBytes(StandardCharsets.US_ASCII), "text/html; charset=\"GB2312\"").charset().name()).isEqualTo("GBK");
        assertThat(Charsets.detect("<?xml version='1.0' encoding='ISO-8859-1'?><rss/>".getBytes(), null).charset().name()).isEqualTo("windows-1252");
        assertThat(Charsets.detect("<html><head><meta charset=gbk>".getBytes(), null).charset().name()).isEqualTo("GBK");
        assertThat(Charsets.detect(new byte[] {'c', 'a', 'f', (byte) 0xE9}, null).charset().name()).isEqualTo("windows-1252");
    }

    @Test
    void shouldBackOffExponentiallyWithJitterAndHonourRetryAfter() {
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));
        Duration first = b.next(1, Duration.ofSeconds(10), null);
        Duration fourth = b.next(4, Duration.ofSeconds(10), null);
        assertThat(first).isBetween(Duration.ofMillis(22_500), Duration.ofMillis(37_500));
        assertThat(fourth).isBetween(Duration.ofSeconds(180), Duration.ofSeconds(300));
        assertThat(b.next(30, Duration.ofSeconds(10), null)).isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(b.next(1, Duration.ofSeconds(10), Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.next(1, Duration.ofSeconds(10), Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
    }
}
