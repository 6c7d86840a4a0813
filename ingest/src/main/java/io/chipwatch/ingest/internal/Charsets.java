package io.chipwatch.ingest.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the charset of fetched bytes and decodes them.
 *
 * <ol>
 *   <li>A byte-order mark (UTF-8, UTF-16 and UTF-32, both byte orders).</li>
 *   <li>The first four bytes, as the XML specification's appendix F reads them: {@code 00 00 00 3C} is
 *       UTF-32BE, {@code 3C 00 3F 00} UTF-16LE, and so on, also when the document starts with
 *       whitespace or a comment, or is JSON.</li>
 *   <li>The declarations in order: the {@code Content-Type} header, the XML declaration, an HTML
 *       {@code <meta>} tag. A declaration is taken only when the bytes agree with it: they must decode
 *       without error, and bytes that are valid UTF-8 with non-ASCII characters in them are UTF-8
 *       whatever a declaration says (a {@code charset=iso-8859-1} header over UTF-8 is a common
 *       server default; Latin-1 text practically never forms valid UTF-8 sequences).</li>
 *   <li>Otherwise detection: valid UTF-8 is UTF-8; UTF-8 with stray bytes (a Latin-1 fragment pasted
 *       into a UTF-8 feed) keeps its valid sequences and reads the stray bytes as windows-1252; the
 *       rest is windows-1252.</li>
 * </ol>
 * Labels are mapped the way browsers do (gb2312 reads as GBK, latin-1 and us-ascii as windows-1252).
 */
public final class Charsets {
    private static final Pattern HEADER_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([\\w.:-]+)");
    private static final Pattern XML_DECL = Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([\\w.:-]+)[\"']");
    private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?\\s*([\\w.:-]+)");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    private static final int SNIFF_BYTES = 4096;

    private Charsets() {}

    /**
     * The result: a charset, how many leading bytes (a BOM) to skip, and where the decision came from:
     * {@code bom}, {@code xml-bytes} (appendix F), {@code header}, {@code xml-declaration}, {@code meta},
     * {@code sniffed} or {@code sniffed-mixed} (UTF-8 with stray windows-1252 bytes).
     */
    public record Detected(Charset charset, int bomLength, String from) {}

    /**
     * Decoded text with the charset decision, and a note when a declaration was overruled by the bytes
     * (null when the bytes agreed with what they declared, or declared nothing).
     */
    public record Decoded(String text, Detected detected, String overruled) {}

    public static Detected detect(byte[] body, String contentType) {
        return analyse(body, contentType).detected();
    }

    /** Decodes with the detected charset, replacing malformed sequences. */
    public static String decode(byte[] body, String contentType) {
        return decodeWithNote(body, contentType).text();
    }

    /** Decodes and says when the bytes contradicted a declared charset. */
    public static Decoded decodeWithNote(byte[] body, String contentType) {
        Analysis a = analyse(body, contentType);
        Detected d = a.detected();
        String text = d.from().equals("sniffed-mixed") ? decodeMixed(body)
                : new String(body, d.bomLength(), body.length - d.bomLength(), d.charset());
        String note = a.rejected().isEmpty() ? null
                : String.join(", ", a.rejected()) + " contradicted by the bytes; read as " + d.charset().name()
                + (d.from().equals("sniffed-mixed") ? " with stray bytes as windows-1252" : " (" + d.from() + ")");
        return new Decoded(text, d, note);
    }

    private record Analysis(Detected detected, List<String> rejected) {}

    private static Analysis analyse(byte[] body, String contentType) {
        Detected bom = bom(body);
        if (bom != null) {
            return new Analysis(bom, List.of());
        }
        Charset wide = wideByPattern(body);
        if (wide != null) {
            return new Analysis(new Detected(wide, 0, "xml-bytes"), List.of());
        }
        String head = new String(body, 0, Math.min(body.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        String[][] declared = {{"header", match(HEADER_CHARSET, contentType)}, {"xml-declaration", match(XML_DECL, head)},
            {"meta", match(META_CHARSET, head)}};
        Utf8 utf8 = utf8(body);
        List<String> rejected = new ArrayList<>();
        for (String[] d : declared) {
            Charset c = fromLabel(d[1]);
            if (c == null) {
                continue;
            }
            if (fits(c, body, utf8)) {
                return new Analysis(new Detected(c, 0, d[0]), rejected);
            }
            rejected.add(d[0].replace('-', ' ') + " charset " + d[1]);
        }
        if (utf8 == Utf8.VALID || utf8 == Utf8.ASCII) {
            return new Analysis(new Detected(StandardCharsets.UTF_8, 0, "sniffed"), rejected);
        }
        return new Analysis(utf8 == Utf8.MIXED ? new Detected(StandardCharsets.UTF_8, 0, "sniffed-mixed")
                : new Detected(WINDOWS_1252, 0, "sniffed"), rejected);
    }

    /** Whether the bytes agree with a declared charset (see the class comment). */
    private static boolean fits(Charset c, byte[] body, Utf8 utf8) {
        if (c.equals(StandardCharsets.UTF_8)) {
            return utf8 == Utf8.VALID || utf8 == Utf8.ASCII;
        }
        String name = c.name().toUpperCase(Locale.ROOT);
        if (name.startsWith("UTF-16") || name.startsWith("UTF-32")) {
            return false; // wide text without a BOM was recognised by its bytes already; this is ASCII-compatible text
        }
        if (utf8 == Utf8.VALID) {
            return false;
        }
        try {
            c.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The charset for a label, browser-style, or null when unknown. */
    public static Charset fromLabel(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String l = label.trim().toLowerCase(Locale.ROOT);
        switch (l) {
            case "gb2312", "gb_2312-80", "x-gbk", "gbk", "cp936", "euc-cn" -> l = "GBK";
            case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1", "iso_8859-1" -> l = "windows-1252";
            case "utf8", "unicode-1-1-utf-8" -> l = "UTF-8";
            default -> { }
        }
        try {
            return Charset.forName(l);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Detected bom(byte[] b) {
        if (starts(b, 0x00, 0x00, 0xFE, 0xFF)) {
            return new Detected(UTF_32BE, 4, "bom");
        }
        if (starts(b, 0xFF, 0xFE, 0x00, 0x00)) {
            return new Detected(UTF_32LE, 4, "bom");
        }
        if (starts(b, 0xEF, 0xBB, 0xBF)) {
            return new Detected(StandardCharsets.UTF_8, 3, "bom");
        }
        if (starts(b, 0xFE, 0xFF)) {
            return new Detected(StandardCharsets.UTF_16BE, 2, "bom");
        }
        if (starts(b, 0xFF, 0xFE)) {
            return new Detected(StandardCharsets.UTF_16LE, 2, "bom");
        }
        return null;
    }

    /**
     * UTF-16 or UTF-32 without a BOM, from where the zero bytes sit around the first ASCII characters
     * ({@code <}, whitespace, {@code {}): appendix F's {@code 00 00 00 3C}, {@code 3C 00 00 00},
     * {@code 00 3C 00 3F} and {@code 3C 00 3F 00}, generalised to any ASCII start.
     */
    private static Charset wideByPattern(byte[] b) {
        if (b.length < 4) {
            return null;
        }
        boolean[] zero = new boolean[4];
        for (int i = 0; i < 4; i++) {
            zero[i] = b[i] == 0;
        }
        if (zero[0] && zero[1] && zero[2] && ascii(b[3])) {
            return UTF_32BE;
        }
        if (ascii(b[0]) && zero[1] && zero[2] && zero[3]) {
            return UTF_32LE;
        }
        if (zero[0] && ascii(b[1]) && zero[2] && ascii(b[3])) {
            return StandardCharsets.UTF_16BE;
        }
        if (ascii(b[0]) && zero[1] && ascii(b[2]) && zero[3]) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static boolean ascii(byte x) {
        return x > 0; // 0x01..0x7F
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String match(Pattern p, String s) {
        if (s == null) {
            return null;
        }
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    /** ASCII only, valid UTF-8 with non-ASCII characters, UTF-8 sequences mixed with stray bytes, or no UTF-8 at all. */
    enum Utf8 { ASCII, VALID, MIXED, NONE }

    static Utf8 utf8(byte[] b) {
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < b.length; ) {
            int n = sequenceLength(b, i);
            if (n == 1) {
                i++;
            } else if (n > 1) {
                valid++;
                i += n;
            } else {
                invalid++;
                i++;
            }
        }
        return invalid == 0 ? (valid == 0 ? Utf8.ASCII : Utf8.VALID) : valid > 0 ? Utf8.MIXED : Utf8.NONE;
    }

    /** Length of the well-formed UTF-8 sequence at i (1 for ASCII), or 0 when the byte there starts none. */
    private static int sequenceLength(byte[] b, int i) {
        int c = b[i] & 0xff;
        if (c < 0x80) {
            return 1;
        }
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > b.length) {
            return 0;
        }
        int cp = c & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            int x = b[i + k] & 0xff;
            if ((x & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (x & 0x3F);
        }
        boolean surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        return cp < min || cp > 0x10FFFF || surrogate ? 0 : n;
    }

    /** UTF-8 where the bytes form UTF-8, windows-1252 for each byte that does not. */
    static String decodeMixed(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int run = 0; // start of the current run of well-formed UTF-8
        for (int i = 0; i < b.length; ) {
            int n = sequenceLength(b, i);
            if (n >= 1) {
                i += n;
                continue;
            }
            sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            String c = new String(b, i, 1, WINDOWS_1252);
            sb.append(c);
            i++;
            run = i;
        }
        return sb.append(new String(b, run, b.length - run, StandardCharsets.UTF_8)).toString();
    }
}
