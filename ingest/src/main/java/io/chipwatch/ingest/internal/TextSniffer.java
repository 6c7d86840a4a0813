package io.chipwatch.ingest.internal;

import io.chipwatch.ingest.NotTextException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tells text from binary data before anything is decoded: a page, feed or file that is really an
 * image, an archive, a PDF, an executable or random bytes would otherwise decode into junk "text" that
 * gets published. Two signs, either enough: the magic bytes of a common binary format at the start
 * (only signatures that contain a byte no text starts with, or that no text plausibly starts with), or
 * more than {@value #MAX_CONTROL_PERCENT}% control bytes (NUL and the other C0 controls except tab,
 * line feed, form feed, carriage return and escape) in the first {@value #SAMPLE_BYTES} bytes. Text
 * in any charset a web page uses has next to none (ISO-2022 uses escape, which is allowed), while
 * compressed or random data has about 10%. Invalid UTF-8 alone is no sign: legacy charsets (GBK,
 * Shift_JIS, windows-1252) are invalid UTF-8 and still text. Input with a UTF-16 or UTF-32 byte-order
 * mark is text by its own declaration (its ASCII characters carry NUL bytes).
 */
public final class TextSniffer {
    static final int SAMPLE_BYTES = 8192;
    static final int MAX_CONTROL_PERCENT = 1;

    private record Magic(String format, int offset, byte[] bytes) {
        static Magic of(String format, int offset, int... bytes) {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                b[i] = (byte) bytes[i];
            }
            return new Magic(format, offset, b);
        }

        static Magic ascii(String format, int offset, String s) {
            return new Magic(format, offset, s.getBytes(StandardCharsets.ISO_8859_1));
        }

        boolean matches(byte[] data) {
            if (data.length < offset + bytes.length) {
                return false;
            }
            for (int i = 0; i < bytes.length; i++) {
                if (data[offset + i] != bytes[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Magic[] MAGIC = {
        Magic.of("PNG image", 0, 0x89, 'P', 'N', 'G'),
        Magic.ascii("GIF image", 0, "GIF8"),
        Magic.of("JPEG image", 0, 0xFF, 0xD8, 0xFF),
        Magic.ascii("WebP image", 8, "WEBP"),
        Magic.ascii("PDF document", 0, "%PDF-"),
        Magic.of("ZIP archive (or Office document, JAR, EPUB)", 0, 'P', 'K', 3, 4),
        Magic.of("gzip data (not decompressed)", 0, 0x1F, 0x8B),
        Magic.of("xz data", 0, 0xFD, '7', 'z', 'X', 'Z', 0),
        Magic.of("7-Zip archive", 0, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C),
        Magic.of("RAR archive", 0, 'R', 'a', 'r', '!', 0x1A, 0x07),
        Magic.of("zstd data", 0, 0x28, 0xB5, 0x2F, 0xFD),
        Magic.of("ELF executable", 0, 0x7F, 'E', 'L', 'F'),
        Magic.of("Java class file", 0, 0xCA, 0xFE, 0xBA, 0xBE),
        Magic.of("WebAssembly module", 0, 0, 'a', 's', 'm'),
        Magic.ascii("MP4/QuickTime video", 4, "ftyp"),
        Magic.ascii("Ogg media", 0, "OggS"),
        Magic.of("MP3 audio", 0, 'I', 'D', '3', 3),
        Magic.of("Matroska/WebM video", 0, 0x1A, 0x45, 0xDF, 0xA3),
        Magic.ascii("WOFF font", 0, "wOFF"),
        Magic.ascii("WOFF2 font", 0, "wOF2"),
        Magic.ascii("SQLite database", 0, "SQLite format 3"),
    };

    private TextSniffer() {}

    /**
     * Returns normally when {@code data} may be text.
     *
     * @throws NotTextException naming the binary format or the share of control bytes
     */
    public static void requireText(byte[] data) {
        String reason = whyNotText(data);
        if (reason != null) {
            throw new NotTextException(reason);
        }
    }

    /** Why {@code data} is not text, or null when it may be. */
    public static String whyNotText(byte[] data) {
        if (hasUnicodeBom(data)) {
            return null;
        }
        for (Magic m : MAGIC) {
            if (m.matches(data)) {
                return m.format();
            }
        }
        int n = Math.min(data.length, SAMPLE_BYTES);
        int control = 0;
        int nul = 0;
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r' && b != 0x1b) {
                control++;
                nul += b == 0 ? 1 : 0;
            }
        }
        if (n > 0 && control * 100L > MAX_CONTROL_PERCENT * (long) n) {
            return String.format(Locale.ROOT, "%d%% control bytes (%d NUL) in the first %d bytes", Math.round(control * 100.0 / n), nul, n);
        }
        return null;
    }

    private static boolean hasUnicodeBom(byte[] b) {
        return b.length >= 2 && ((b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF || (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE
                || b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xFE && (b[3] & 0xff) == 0xFF);
    }
}
