package io.chipwatch.ingest;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Canonical form of article URLs, so two links that differ only in tracking parameters, fragment,
 * default port or host case name one article: lower-case scheme and host, no default port, no
 * fragment, no {@code utm_*}, {@code fbclid}, {@code gclid} and similar click ids, empty path as "/".
 * The order of the remaining query parameters is kept (some sites route on it).
 */
public final class UrlCanonicalizer {
    private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
            "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi", "mkt_tok", "ocid", "cmpid", "ncid", "guccounter",
            "guce_referrer", "guce_referrer_sig", "spm", "share", "ref_src", "__twitter_impression");

    private UrlCanonicalizer() {}

    /** The canonical form of an absolute http(s) URL, or null when it is not one. */
    public static String canonicalize(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(url.trim().replace(" ", "%20"));
            if (!u.isAbsolute() || u.getRawAuthority() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            String host = u.getHost();
            if (host == null) {
                return null;
            }
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            int port = u.getPort();
            if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
                port = -1;
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            String query = cleanQuery(u.getRawQuery());
            StringBuilder sb = new StringBuilder(scheme).append("://").append(host);
            if (port != -1) {
                sb.append(':').append(port);
            }
            sb.append(path);
            if (query != null) {
                sb.append('?').append(query);
            }
            return sb.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Resolves a possibly relative link against a base, then canonicalises it. */
    public static String resolve(String base, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        try {
            String resolved = base == null ? link.trim() : new URI(base.trim().replace(" ", "%20")).resolve(link.trim().replace(" ", "%20")).toString();
            return canonicalize(resolved);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return canonicalize(link);
        }
    }

    private static String cleanQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (name.startsWith("utm_") || TRACKING.contains(name)) {
                continue;
            }
            kept.add(pair);
        }
        return kept.isEmpty() ? null : String.join("&", kept);
    }
}
