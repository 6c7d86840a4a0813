package io.chipwatch.ingest.internal;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import io.chipwatch.ingest.UrlCanonicalizer;
import io.chipwatch.ingest.internal.FeedRepair.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdom2.Content;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Turns a well-formed feed document into a {@link FeedReader.ParsedFeed}. ROME maps it first
 * (content, authors, ids); chipwatch reads titles, links and dates from the document itself, because
 * ROME resolves relative links against the site link instead of {@code xml:base} and the feed URL,
 * drops titles that hold markup or come from Dublin Core, and parses dates leniently
 * ({@code 32 Jan} becomes 1 February). When ROME cannot map the document at all (it throws
 * NullPointerExceptions on some inputs), chipwatch's own reading is used for every field. Structure
 * ROME refuses is normalised first: an {@code <rss>} without {@code <channel>}, an unknown RSS
 * version, an unknown Atom or RSS 1.0 namespace.
 */
final class FeedMapper {
    static final String ATOM10 = "http://www.w3.org/2005/Atom";
    static final String ATOM03 = "http://purl.org/atom/ns#";
    static final String RSS10 = "http://purl.org/rss/1.0/";
    static final String RSS090 = "http://my.netscape.com/rdf/simple/0.9/";
    private static final Namespace RDF = Namespace.getNamespace("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
    private static final Namespace DC = Namespace.getNamespace("http://purl.org/dc/elements/1.1/");
    private static final Namespace DCTERMS = Namespace.getNamespace("http://purl.org/dc/terms/");
    private static final Namespace CONTENT = Namespace.getNamespace("http://purl.org/rss/1.0/modules/content/");
    private static final Namespace MEDIA = Namespace.getNamespace("http://search.yahoo.com/mrss/");
    private static final Namespace ITUNES = Namespace.getNamespace("http://www.itunes.com/dtds/podcast-1.0.dtd");
    private static final Namespace ATOM = Namespace.getNamespace(ATOM10);
    private static final Set<String> ROME_RSS_VERSIONS = Set.of("0.91", "0.92", "0.93", "0.94", "2.0");
    private static final XMLOutputter XML = new XMLOutputter(Format.getRawFormat());

    private FeedMapper() {}

    private enum Root { RSS, RDF, ATOM }

    static FeedReader.ParsedFeed map(Document doc, String feedUrl, List<FeedRepair> repairs, List<String> warnings)
            throws MalformedFeedException {
        Element root = doc.getRootElement();
        Root kind = switch (root.getName()) {
            case "rss" -> Root.RSS;
            case "RDF" -> Root.RDF;
            case "feed" -> Root.ATOM;
            default -> throw new MalformedFeedException("not a feed: the root element is <" + root.getQualifiedName()
                    + ">, not <rss>, <rdf:RDF> or <feed>", -1, -1, null);
        };
        normalise(root, kind, repairs);
        SyndFeed rome = null;
        String romeFailure = null;
        try {
            rome = new SyndFeedInput().build(doc);
        } catch (com.rometools.rome.io.FeedException | RuntimeException | StackOverflowError e) {
            romeFailure = e.getClass().getSimpleName() + ": " + FeedReader.rootMessage(e);
        }
        Element channel = kind == Root.ATOM ? root : firstChild(root, "channel", root.getNamespace(), Namespace.getNamespace(RSS10),
                Namespace.getNamespace(RSS090));
        String channelLink = channel == null ? null : link(channel, kind, feedUrl);
        String base = feedUrl != null ? feedUrl : channelLink;
        List<Element> entries = entries(root, channel, kind);
        List<SyndEntry> romeEntries = rome == null ? List.of() : rome.getEntries();
        if (rome != null && romeEntries.size() != entries.size()) {
            romeFailure = "ROME read " + romeEntries.size() + " of " + entries.size() + " items";
            rome = null;
        }
        if (romeFailure != null) {
            repairs.add(new FeedRepair(Kind.MAPPER, "ROME could not map the feed (" + romeFailure + "); items read by chipwatch's own mapper"));
        }
        List<FeedItem> items = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                items.add(item(entries.get(i), kind, base, rome == null ? null : romeEntries.get(i), i, warnings));
            } catch (RuntimeException | StackOverflowError e) {
                warnings.add("item " + (i + 1) + " skipped: " + e);
            }
        }
        String title = channel == null ? null : firstNonBlank(title(channel), rome == null ? null : rome.getTitle());
        String language = firstNonBlank(rome == null ? null : rome.getLanguage(), channel == null ? null : text(channel, "language",
                channel.getNamespace(), DC), root.getAttributeValue("lang", Namespace.XML_NAMESPACE));
        String format = rome != null ? rome.getFeedType() : switch (kind) {
            case RSS -> "rss_" + root.getAttributeValue("version", "2.0");
            case RDF -> "rss_1.0";
            case ATOM -> root.getNamespace().getURI().equals(ATOM03) ? "atom_0.3" : "atom_1.0";
        };
        return new FeedReader.ParsedFeed(format, title, channelLink, blankToNull(language), items, repairs, warnings);
    }

    // ---- structure ----

    private static void normalise(Element root, Root kind, List<FeedRepair> repairs) {
        switch (kind) {
            case RSS -> normaliseRss(root, repairs);
            case RDF -> normaliseRdf(root, repairs);
            case ATOM -> normaliseAtom(root, repairs);
        }
    }

    private static void normaliseRss(Element root, List<FeedRepair> repairs) {
        String version = root.getAttributeValue("version");
        if (version != null && !ROME_RSS_VERSIONS.contains(version.strip())) {
            root.setAttribute("version", "2.0");
            repairs.add(new FeedRepair(Kind.STRUCTURE, "RSS version '" + version + "' read as 2.0"));
        }
        if (root.getChild("channel", root.getNamespace()) != null) {
            return;
        }
        Element channel = new Element("channel", root.getNamespace());
        List<Content> moved = new ArrayList<>(root.getContent());
        root.removeContent();
        moved.forEach(channel::addContent);
        root.addContent(channel);
        boolean items = !channel.getChildren("item", root.getNamespace()).isEmpty();
        repairs.add(new FeedRepair(Kind.STRUCTURE, items ? "no <channel>: items read from <rss>" : "no <channel>: an empty feed"));
    }

    private static void normaliseRdf(Element root, List<FeedRepair> repairs) {
        Namespace rss = Namespace.getNamespace(RSS10);
        boolean known090 = root.getAdditionalNamespaces().stream().anyMatch(n -> n.getURI().equals(RSS090))
                && root.getChildren().stream().anyMatch(c -> c.getNamespaceURI().equals(RSS090));
        if (known090) {
            return;
        }
        int renamed = 0;
        for (Element c : root.getChildren()) {
            String ns = c.getNamespaceURI();
            if (!ns.equals(RSS10) && !ns.equals(RDF.getURI()) && (c.getName().equals("channel") || c.getName().equals("item")
                    || c.getName().equals("image") || c.getName().equals("textinput"))) {
                renamed += moveNamespace(c, ns, rss);
            }
        }
        if (renamed > 0) {
            repairs.add(new FeedRepair(Kind.STRUCTURE, "RSS 1.0 elements in an unknown namespace read as RSS 1.0"));
        }
        if (root.getChild("channel", rss) == null) {
            root.addContent(0, new Element("channel", rss));
            repairs.add(new FeedRepair(Kind.STRUCTURE, "no <channel> in <rdf:RDF>: one assumed"));
        }
    }

    private static void normaliseAtom(Element root, List<FeedRepair> repairs) {
        String ns = root.getNamespaceURI();
        if (ns.equals(ATOM10) || ns.equals(ATOM03)) {
            return;
        }
        Namespace target = Namespace.getNamespace("0.3".equals(root.getAttributeValue("version")) ? ATOM03 : ATOM10);
        moveNamespace(root, ns, target);
        repairs.add(new FeedRepair(Kind.STRUCTURE, "<feed> in namespace '" + ns + "' read as Atom " + (target.getURI().equals(ATOM03) ? "0.3" : "1.0")));
    }

    /** Moves an element and its descendants from one namespace to another; returns how many moved. Iterative: depth is the document's. */
    private static int moveNamespace(Element e, String from, Namespace to) {
        java.util.ArrayDeque<Element> todo = new java.util.ArrayDeque<>();
        todo.push(e);
        int n = 0;
        while (!todo.isEmpty()) {
            Element x = todo.pop();
            if (x.getNamespaceURI().equals(from)) {
                x.setNamespace(to);
                n++;
            }
            x.getChildren().forEach(todo::push); // JDOM's own descendant iterator copies its stack at every level
        }
        return n;
    }

    private static List<Element> entries(Element root, Element channel, Root kind) {
        return switch (kind) {
            case ATOM -> {
                List<Element> entries = root.getChildren("entry", root.getNamespace());
                yield entries.isEmpty() ? root.getChildren("item", root.getNamespace()) : entries; // RSS habits in an Atom feed
            }
            case RDF -> {
                List<Element> items = children(root, "item", Namespace.getNamespace(RSS10), Namespace.getNamespace(RSS090));
                yield items.isEmpty() && channel != null ? children(channel, "item", Namespace.getNamespace(RSS10)) : items;
            }
            case RSS -> channel == null ? List.of() : channel.getChildren("item", channel.getNamespace());
        };
    }

    // ---- items ----

    private static FeedItem item(Element e, Root kind, String base, SyndEntry rome, int index, List<String> warnings) {
        boolean atom = kind == Root.ATOM;
        Namespace own = e.getNamespace();
        String title = firstNonBlank(title(e), rome == null ? null : rome.getTitle());
        String link = link(e, kind, base);
        if (link == null && rome != null) {
            link = romeLink(rome, base);
        }
        String guid = rome != null && !isBlank(rome.getUri()) ? rome.getUri()
                : atom ? text(e, "id", own) : firstNonBlank(text(e, "guid", own), e.getAttributeValue("about", RDF));
        String html = rome == null ? null : romeHtml(rome);
        if (isBlank(html)) {
            try {
                html = atom ? firstNonBlank(textConstruct(firstChild(e, "content", own)), textConstruct(firstChild(e, "summary", own)))
                        : firstNonBlank(text(e, "encoded", CONTENT), text(e, "description", own), textConstruct(firstChild(e, "content", ATOM)),
                                textConstruct(firstChild(e, "summary", ATOM)), text(e, "description", MEDIA));
            } catch (StackOverflowError tooDeep) {
                html = null;
                warnings.add("item " + (index + 1) + ": content nested too deeply to read, item kept without it");
            }
        }
        String author = rome == null ? null : romeAuthor(rome);
        if (isBlank(author)) {
            author = atom ? names(e, own) : firstNonBlank(text(e, "author", own), text(e, "creator", DC), text(e, "author", ITUNES), names(e, ATOM));
        }
        Instant published = date(e, index, title, warnings, atom
                ? List.of(f("published", own), f("issued", own), f("created", own), f("date", DC), f("issued", DCTERMS), f("created", DCTERMS))
                : List.of(f("pubDate", own), f("date", DC), f("issued", DCTERMS), f("created", DCTERMS), f("published", ATOM)));
        if (published == null) {
            published = date(e, index, title, warnings, atom ? List.of(f("updated", own), f("modified", own), f("modified", DCTERMS))
                    : List.of(f("updated", ATOM), f("modified", DCTERMS)));
        }
        return new FeedItem(blankToNull(guid), link, title == null ? "" : title.strip(), html, published, blankToNull(author));
    }

    private static String title(Element e) {
        Element t = firstChild(e, "title", e.getNamespace());
        String title = textConstruct(t);
        if (isBlank(title)) {
            title = firstNonBlank(text(e, "title", DC), text(e, "title", MEDIA), text(e, "title", ITUNES), textConstruct(firstChild(e, "title", ATOM)));
        }
        return title;
    }

    /**
     * The item's (or channel's) link, resolved against its {@code xml:base} and the feed URL: an RSS
     * {@code <link>} (text, or an {@code href} some feeds put there), an Atom alternate link, else a
     * permalink guid or an RSS 1.0 {@code rdf:about}.
     */
    private static String link(Element e, Root kind, String base) {
        if (kind != Root.ATOM) {
            for (Element l : children(e, "link", e.getNamespace())) {
                String v = !isBlank(l.getTextTrim()) ? l.getTextTrim() : l.getAttributeValue("href");
                if (!isBlank(v)) {
                    return resolve(l, base, v);
                }
            }
        }
        Element alternate = null;
        for (Element l : children(e, "link", kind == Root.ATOM ? e.getNamespace() : ATOM)) {
            String rel = l.getAttributeValue("rel", "alternate").strip();
            if (!isBlank(l.getAttributeValue("href")) && rel.equals("alternate")) {
                alternate = l;
                break;
            }
        }
        if (alternate != null) {
            return resolve(alternate, base, alternate.getAttributeValue("href"));
        }
        if (kind == Root.ATOM) {
            Element first = children(e, "link", e.getNamespace()).stream().filter(l -> !isBlank(l.getAttributeValue("href"))).findFirst().orElse(null);
            return first == null ? null : resolve(first, base, first.getAttributeValue("href"));
        }
        Element guid = firstChild(e, "guid", e.getNamespace());
        if (guid != null && !"false".equalsIgnoreCase(guid.getAttributeValue("isPermaLink", "true").strip())
                && guid.getTextTrim().matches("(?i)https?://\\S+")) {
            return resolve(guid, base, guid.getTextTrim());
        }
        String about = e.getAttributeValue("about", RDF);
        return about != null && about.matches("(?i)https?://\\S+") ? UrlCanonicalizer.canonicalize(about) : null;
    }

    /** A link resolved against the chain of {@code xml:base} attributes around it, outermost first, and the feed URL. */
    private static String resolve(Element where, String base, String link) {
        List<String> bases = new ArrayList<>();
        for (Element p = where; p != null; p = p.getParentElement()) {
            String b = p.getAttributeValue("base", Namespace.XML_NAMESPACE);
            if (!isBlank(b)) {
                bases.add(0, b.strip());
            }
        }
        String effective = base;
        for (String b : bases) {
            effective = resolveRaw(effective, b);
        }
        return UrlCanonicalizer.resolve(effective, link);
    }

    private static String resolveRaw(String base, String relative) {
        try {
            return base == null ? relative : new URI(base.replace(" ", "%20")).resolve(relative.replace(" ", "%20")).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return base;
        }
    }

    /** An element to look for: local name and namespace. */
    private record Field(String name, Namespace ns) {}

    private static Field f(String name, Namespace ns) {
        return new Field(name, ns);
    }

    /** The time in the first of the fields present; an unreadable or impossible value is a warning and null, never a guess. */
    private static Instant date(Element e, int index, String title, List<String> warnings, List<Field> fields) {
        for (Field f : fields) {
            String raw = text(e, f.name(), f.ns());
            if (raw == null) {
                continue;
            }
            Instant t = Dates.parse(raw);
            if (t == null) {
                warnings.add("item " + (index + 1) + (isBlank(title) ? "" : " '" + shorten(PlainText.line(title)) + "'")
                        + ": unreadable or impossible date '" + shorten(raw) + "' ignored");
            }
            return t;
        }
        return null;
    }

    /**
     * An Atom text construct (or an RSS element) as HTML or text: xhtml and inline markup serialised,
     * Atom 0.3 {@code mode="base64"} and binary media types decoded, everything else as its text.
     */
    private static String textConstruct(Element t) {
        if (t == null) {
            return null;
        }
        String type = t.getAttributeValue("type", "").strip().toLowerCase(Locale.ROOT);
        String mode = t.getAttributeValue("mode", "").strip().toLowerCase(Locale.ROOT);
        if (type.equals("xhtml") || type.endsWith("/xhtml+xml") || mode.equals("xml") || !t.getChildren().isEmpty()) {
            return XML.outputString(t.getContent());
        }
        if (mode.equals("base64") || type.contains("/") && !type.startsWith("text/") && !type.endsWith("xml")) {
            String decoded = base64Text(t.getTextTrim());
            return decoded != null ? decoded : t.getText();
        }
        return t.getText();
    }

    /** The text base64 encodes, or null when it is not base64 of UTF-8 text (a custom media type holding plain text). */
    private static String base64Text(String s) {
        String compact = s.replaceAll("\\s+", "");
        if (compact.isEmpty() || compact.length() % 4 != 0 || !compact.matches("[A-Za-z0-9+/]+={0,2}")) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(compact);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static String names(Element e, Namespace ns) {
        String joined = e.getChildren("author", ns).stream().map(a -> firstNonBlank(a.getChildTextTrim("name", ns), a.getTextTrim()))
                .filter(n -> !isBlank(n)).collect(Collectors.joining(", "));
        return blankToNull(joined);
    }

    // ---- ROME values ----

    private static String romeLink(SyndEntry e, String base) {
        String link = e.getLink();
        if (isBlank(link) && e.getLinks() != null && !e.getLinks().isEmpty()) {
            link = e.getLinks().get(0).getHref();
        }
        return isBlank(link) ? null : UrlCanonicalizer.resolve(base, link);
    }

    private static String romeHtml(SyndEntry e) {
        String html = null;
        if (e.getContents() != null) {
            html = e.getContents().stream().map(SyndContent::getValue).filter(v -> !isBlank(v)).collect(Collectors.joining("\n"));
        }
        if (isBlank(html) && e.getDescription() != null) {
            html = e.getDescription().getValue();
        }
        return html;
    }

    private static String romeAuthor(SyndEntry e) {
        String author = e.getAuthor();
        if (isBlank(author) && e.getAuthors() != null && !e.getAuthors().isEmpty()) {
            author = e.getAuthors().stream().map(SyndPerson::getName).filter(n -> !isBlank(n)).collect(Collectors.joining(", "));
        }
        return author;
    }

    // ---- JDOM helpers ----

    /** Text of the first child with this local name in one of the namespaces, trimmed; null when absent or blank. */
    private static String text(Element e, String name, Namespace... namespaces) {
        Element c = firstChild(e, name, namespaces);
        return c == null ? null : blankToNull(c.getTextTrim());
    }

    private static Element firstChild(Element e, String name, Namespace... namespaces) {
        for (Namespace ns : namespaces) {
            Element c = e.getChild(name, ns);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e, String name, Namespace... namespaces) {
        List<Element> out = new ArrayList<>();
        for (Element c : e.getChildren()) {
            if (c.getName().equals(name)) {
                for (Namespace ns : namespaces) {
                    if (c.getNamespaceURI().equals(ns.getURI())) {
                        out.add(c);
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v;
            }
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }

    private static String shorten(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }
}
