package io.chipwatch.ingest;

import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.SourceKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.parser.Parser;

/**
 * OPML 1.0 and 2.0 subscription lists, the format every feed reader imports and exports.
 *
 * <p>Import: every {@code <outline>} with an {@code xmlUrl} becomes a feed source; the folders it sits in (outlines
 * without {@code xmlUrl}) and its {@code category} entries become its tags, its {@code language} its language; the id
 * comes from its {@code title}, {@code text} or URL. Duplicate URLs (in the file, or already known) are skipped and
 * reported. The parse is jsoup's lenient XML parser, which decodes HTML named entities ({@code &eacute;},
 * {@code &nbsp;}) that strict XML refuses, never loads a DTD or external entity, and is bounded by the input; a file
 * with a DOCTYPE is refused all the same (OPML never needs one; a DTD is how XXE and entity bombs arrive).
 *
 * <p>Export: OPML 2.0, one folder per source's first tag, every tag in {@code category}, and chipwatch's own fields
 * ({@code interval}, {@code fetchFullText}, {@code enabled}) as extra outline attributes when not the default, so an
 * export imports back to the same sources. Only feed sources can be subscriptions; pages and archives are left out.
 */
public final class Opml {
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

    private Opml() {}

    /** An outline that was not imported, and why. */
    public record Skipped(String title, String url, String reason) {}

    /** The sources read from a file, and the outlines left out. */
    public record Import(List<SourceDefinition> sources, List<Skipped> skipped) {
        public Import {
            sources = List.copyOf(sources);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Reads an OPML document.
     *
     * @param xml      the file's bytes; the encoding comes from the BOM or the XML declaration (UTF-8 by default)
     * @param known    sources already defined: their URLs are duplicates, their ids are taken
     * @param interval poll interval of the imported sources when the outline declares none (null: the default)
     * @param extraTags tags added to every imported source
     * @throws IllegalArgumentException when the text is not OPML or declares a DOCTYPE
     */
    public static Import read(byte[] xml, List<SourceDefinition> known, Duration interval, List<String> extraTags) {
        Document doc;
        try {
            doc = Jsoup.parse(new java.io.ByteArrayInputStream(xml), null, "", Parser.xmlParser());
        } catch (java.io.IOException | java.nio.charset.IllegalCharsetNameException | java.nio.charset.UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unreadable OPML: " + e.getMessage(), e);
        }
        for (Node n : doc.childNodes()) {
            if (n instanceof DocumentType) {
                throw new IllegalArgumentException("OPML with a DOCTYPE is refused: OPML needs no DTD, and a DTD can carry external "
                        + "entities (XXE) or entity expansion bombs");
            }
        }
        Element root = doc.children().first();
        if (root == null || !root.normalName().equals("opml")) {
            throw new IllegalArgumentException("not an OPML file: the root element is " + (root == null ? "missing" : "<" + root.tagName() + ">")
                    + ", expected <opml>");
        }
        Element body = root.children().stream().filter(e -> e.normalName().equals("body")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an OPML file: <opml> has no <body>"));
        Set<String> urls = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (SourceDefinition k : known) {
            ids.add(k.id());
            if (k.url() != null) {
                urls.add(urlKey(k.url()));
            }
        }
        List<SourceDefinition> out = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        walk(body, List.of(), urls, ids, interval, extraTags, out, skipped);
        return new Import(out, skipped);
    }

    private static void walk(Element parent, List<String> folders, Set<String> urls, Set<String> ids, Duration interval,
                             List<String> extraTags, List<SourceDefinition> out, List<Skipped> skipped) {
        for (Element o : parent.children()) {
            if (!o.normalName().equals("outline")) {
                continue;
            }
            String xmlUrl = attr(o, "xmlUrl");
            String title = attr(o, "title") != null ? attr(o, "title") : attr(o, "text");
            if (xmlUrl == null) {
                List<String> inner = new ArrayList<>(folders);
                if (title != null) {
                    inner.add(title);
                }
                walk(o, inner, urls, ids, interval, extraTags, out, skipped);
                continue;
            }
            try {
                SourceDefinition s = source(o, xmlUrl, title, folders, interval, extraTags, ids);
                if (!urls.add(urlKey(s.url()))) {
                    skipped.add(new Skipped(title, xmlUrl, "duplicate URL"));
                    continue;
                }
                ids.add(s.id());
                out.add(s);
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(title, xmlUrl, e.getMessage()));
            }
            walk(o, folders, urls, ids, interval, extraTags, out, skipped); // a feed outline with children is unusual but legal
        }
    }

    private static SourceDefinition source(Element o, String xmlUrl, String title, List<String> folders, Duration interval,
                                           List<String> extraTags, Set<String> ids) {
        Set<String> tags = new LinkedHashSet<>();
        folders.forEach(f -> addTag(tags, f));
        String category = attr(o, "category");
        if (category != null) {
            for (String c : category.split("[,/]")) {
                addTag(tags, c);
            }
        }
        extraTags.forEach(t -> addTag(tags, t));
        String language = attr(o, "language");
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            language = null; // readers write "unknown" or "en-us, fr": a bad language must not cost the feed
        }
        String every = attr(o, "interval");
        String enabled = attr(o, "enabled");
        String fullText = attr(o, "fetchFullText");
        String id = uniqueId(title != null && SourceDefinition.ID.matcher(title).matches() ? title : slug(title != null ? title : ""), xmlUrl, ids);
        return new SourceDefinition(id, SourceKind.FEED, xmlUrl, null, every != null ? SourceDefinition.parseInterval(every) : interval,
                language, List.copyOf(tags), "true".equalsIgnoreCase(fullText), null, !"false".equalsIgnoreCase(enabled));
    }

    private static void addTag(Set<String> tags, String text) {
        String t = slug(text);
        if (!t.isEmpty()) {
            tags.add(t);
        }
    }

    /** A non-blank attribute value, whatever the case of its name (OPML writers differ: xmlUrl, xmlurl). */
    private static String attr(Element e, String name) {
        for (var a : e.attributes()) {
            if (a.getKey().equalsIgnoreCase(name) && a.getValue() != null && !a.getValue().isBlank()) {
                return a.getValue().strip();
            }
        }
        return null;
    }

    /** Lower-case ASCII letters and digits joined by dashes: "Café News — 中国" becomes "cafe-news". */
    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        String s = NOT_SLUG.matcher(ascii).replaceAll("-").replaceAll("^-+|-+$", "");
        return s.length() > 48 ? s.substring(0, 48).replaceAll("-+$", "") : s;
    }

    private static String uniqueId(String fromTitle, String url, Set<String> taken) {
        String base = fromTitle;
        if (base.isEmpty()) {
            try {
                URI u = new URI(url);
                base = slug((u.getHost() == null ? "" : u.getHost().replaceFirst("^www\\.", "")) + " " + (u.getPath() == null ? "" : u.getPath()));
            } catch (URISyntaxException e) {
                base = "";
            }
        }
        if (base.isEmpty()) {
            base = "feed";
        }
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** URLs compare without case in scheme and host, without a trailing slash. */
    static String urlKey(String url) {
        try {
            URI u = new URI(url.strip()).normalize();
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            String rest = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("/+$", "");
            return scheme + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort()) + rest + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (URISyntaxException e) {
            return url.strip();
        }
    }

    /** The feed sources as an OPML 2.0 document, one folder per first tag. */
    public static String write(List<SourceDefinition> sources, ZonedDateTime now) {
        Map<String, List<SourceDefinition>> byFolder = new LinkedHashMap<>();
        for (SourceDefinition s : sources) {
            if (s.kind() == SourceKind.FEED) {
                byFolder.computeIfAbsent(s.tags().isEmpty() ? "" : s.tags().get(0), f -> new ArrayList<>()).add(s);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>chipwatch sources</title>\n")
                .append("    <dateCreated>").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(now)).append("</dateCreated>\n")
                .append("  </head>\n  <body>\n");
        List<SourceDefinition> loose = byFolder.getOrDefault("", List.of());
        loose.forEach(s -> outline(sb, s, "    "));
        for (Map.Entry<String, List<SourceDefinition>> f : byFolder.entrySet()) {
            if (f.getKey().isEmpty()) {
                continue;
            }
            sb.append("    <outline text=\"").append(escape(f.getKey())).append("\" title=\"").append(escape(f.getKey())).append("\">\n");
            f.getValue().forEach(s -> outline(sb, s, "      "));
            sb.append("    </outline>\n");
        }
        return sb.append("  </body>\n</opml>\n").toString();
    }

    private static void outline(StringBuilder sb, SourceDefinition s, String indent) {
        sb.append(indent).append("<outline type=\"rss\" text=\"").append(escape(s.id())).append("\" title=\"").append(escape(s.id()))
                .append("\" xmlUrl=\"").append(escape(s.url())).append('"');
        if (s.language() != null) {
            sb.append(" language=\"").append(escape(s.language())).append('"');
        }
        if (!s.tags().isEmpty()) {
            sb.append(" category=\"").append(escape(String.join(",", s.tags().stream().map(t -> "/" + t).toList()))).append('"');
        }
        if (!s.interval().equals(SourceDefinition.DEFAULT_INTERVAL)) {
            sb.append(" interval=\"").append(s.interval()).append('"');
        }
        if (s.fetchFullText()) {
            sb.append(" fetchFullText=\"true\"");
        }
        if (!s.enabled()) {
            sb.append(" enabled=\"false\"");
        }
        sb.append("/>\n");
    }

    /** XML attribute and text escaping; characters XML 1.0 cannot carry at all are dropped. */
    private static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.toString();
    }
}
