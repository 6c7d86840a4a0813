package io.chipwatch.ingest.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the charset of fetched bytes: byte-order mark first, then the {@code Content-Type} header,
 * then an XML declaration, then an HTML {@code <meta>} tag; otherwise UTF-8 when the bytes are valid
 * UTF-8, else windows-1252. Labels are mapped the way browsers do (gb2312 reads as GBK, latin-1 as
 * windows-1252).
 */
public final class Charsets {
    private static final Pattern HEADER_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([\\w.:-]+)");
    private static final Pattern XML_DECL = Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([\\w.:-]+)[\"']");
    private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?\\s*([\\w.:-]+)");
    private static final int SNIFF_BYTES = 4096;

    private Charsets() {}

    /** The result: a charset and how many leading bytes (a BOM) to skip. */
    public record Detected(Charset charset, int bomLength, String from) {}

    public static Detected detect(byte[] body, String contentType) {
        Detected bom = bom(body);
        if (bom != null) {
            return bom;
        }
        Charset c = fromLabel(match(HEADER_CHARSET, contentType));
        if (c != null) {
            return new Detected(c, 0, "header");
        }
        String head = new String(body, 0, Math.min(body.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        c = fromLabel(match(XML_DECL, head));
        if (c != null) {
            return new Detected(c, 0, "xml-declaration");
        }
        c = fromLabel(match(META_CHARSET, head));
        if (c != null) {
            return new Detected(c, 0, "meta");
        }
        return new Detected(isUtf8(body) ? StandardCharsets.UTF_8 : Charset.forName("windows-1252"), 0, "sniffed");
    }

    /** Decodes with the detected charset, replacing malformed sequences. */
    public static String decode(byte[] body, String contentType) {
        Detected d = detect(body, contentType);
        return new String(body, d.bomLength(), body.length - d.bomLength(), d.charset());
    }

    /** The charset for a label, browser-style, or null when unknown. */
    public static Charset fromLabel(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String l = label.trim().toLowerCase(Locale.ROOT);
        switch (l) {
            case "gb2312", "gb_2312-80", "x-gbk", "gbk", "cp936", "euc-cn" -> l = "GBK";
            case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1" -> l = "windows-1252";
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
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3, "bom");
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2, "bom");
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2, "bom");
        }
        return null;
    }

    private static String match(Pattern p, String s) {
        if (s == null) {
            return null;
        }
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
