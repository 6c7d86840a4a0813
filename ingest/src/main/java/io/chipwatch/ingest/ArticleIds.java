package io.chipwatch.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Article ids: the first 32 hex characters of a SHA-256, of the canonical URL or of source id + guid. */
public final class ArticleIds {
    private ArticleIds() {}

    /** Id of an article with a link; the link is canonicalised first. */
    public static String forUrl(String url) {
        String canonical = UrlCanonicalizer.canonicalize(url);
        if (canonical == null) {
            throw new IllegalArgumentException("url must be an absolute http(s) URL, got '" + url + "'");
        }
        return hash(canonical);
    }

    /** Id of an article without a link. */
    public static String forGuid(String sourceId, String guid) {
        return hash(sourceId + "|" + guid);
    }

    /** Id from the link when there is a usable one, otherwise from source id + guid. */
    public static String of(String sourceId, String url, String guid) {
        String canonical = UrlCanonicalizer.canonicalize(url);
        return canonical != null ? hash(canonical) : forGuid(sourceId, guid);
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Hex SHA-256 prefix of any text (used as a content guid when an item has neither link nor guid). */
    public static String contentGuid(String... parts) {
        return "sha:" + hash(String.join("\n", parts));
    }
}
