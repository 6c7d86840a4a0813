package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.ingest.NotTextException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TextSnifferTest {
    private static final String PAGE = "<html><head><title>Chips</title></head><body><p>"
            + "Exportkontrollen für Beschleuniger werden verschärft, sagte die Behörde am Dienstag. ".repeat(40) + "</p></body></html>";

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    private static byte[] withHeader(byte[] header, byte[] rest) {
        byte[] b = new byte[header.length + rest.length];
        System.arraycopy(header, 0, b, 0, header.length);
        System.arraycopy(rest, 0, b, header.length, rest.length);
        return b;
    }

    @Test
    void shouldRefuseRandomBytesWithTheShareOfControlBytes() {
        assertThat(TextSniffer.whyNotText(random(1 << 20))).matches("\\d+% control bytes \\(\\d+ NUL\\) in the first 8192 bytes");
    }

    @Test
    void shouldNameCommonBinaryFormatsByTheirMagicBytes() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(PAGE.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(TextSniffer.whyNotText(gz.toByteArray())).isEqualTo("gzip data (not decompressed)");
        assertThat(TextSniffer.whyNotText(withHeader(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, new byte[64])))
                .isEqualTo("PNG image");
        assertThat(TextSniffer.whyNotText("%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("PDF document");
        assertThat(TextSniffer.whyNotText(withHeader(new byte[] {'P', 'K', 3, 4}, "word/document.xml".getBytes(StandardCharsets.US_ASCII))))
                .startsWith("ZIP archive");
    }

    @Test
    void shouldAcceptTextInTheCharsetsPagesUse() {
        assertThat(TextSniffer.whyNotText(PAGE.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(TextSniffer.whyNotText(PAGE.getBytes(Charset.forName("windows-1252")))).as("invalid UTF-8, still text").isNull();
        assertThat(TextSniffer.whyNotText("<p>国产算力芯片需求升温，多家云厂商加紧备货。</p>".repeat(50).getBytes(Charset.forName("GBK")))).isNull();
        assertThat(TextSniffer.whyNotText("<p>輸出規制が強化された。</p>".repeat(50).getBytes(Charset.forName("ISO-2022-JP"))))
                .as("ISO-2022-JP is made of escape sequences").isNull();
        assertThat(TextSniffer.whyNotText(PAGE.getBytes(StandardCharsets.UTF_16))).as("UTF-16 with BOM: NUL bytes are its ASCII").isNull();
        assertThat(TextSniffer.whyNotText(new byte[0])).isNull();
    }

    @Test
    void shouldAcceptAPageWithAStrayNulByte() {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        page[100] = 0;
        assertThat(TextSniffer.whyNotText(page)).isNull();
    }

    @Test
    void shouldThrowNotTextWithTheReasonAsAField() {
        assertThatThrownBy(() -> TextSniffer.requireText(random(4096)))
                .isInstanceOfSatisfying(NotTextException.class, e -> assertThat(e.reason()).contains("control bytes"))
                .hasMessageStartingWith("not text: ");
    }
}
