package io.chipwatch.ingest.internal;

import io.chipwatch.ingest.internal.FeedRepair.Kind;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Text repairs for feeds that are not well-formed XML, each applied only where needed and recorded
 * as a {@link FeedRepair}: junk before the document and a misplaced XML declaration, the DOCTYPE
 * (dropped unread, so no DTD is processed and no external entity can be fetched), characters XML
 * forbids, bare {@code &} and HTML named entities (turned into numeric references), namespace URIs
 * with spaces, unbound prefixes (bound to their usual namespaces) and content after the root
 * element. CDATA sections, comments and processing instructions are copied as they are.
 */
final class XmlRepairs {
    // character classes stop at '<' so that a document full of unterminated tags is scanned in linear time
    private static final Pattern XML_DECL = Pattern.compile("<\\?xml\\s[^<>]*\\?>");
    private static final Pattern NUMERIC = Pattern.compile("&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));");
    private static final Pattern NAMED = Pattern.compile("&([A-Za-z_][\\w.-]*);");
    private static final Pattern NAMED_NO_SEMICOLON = Pattern.compile("&([A-Za-z][A-Za-z0-9]*)");
    private static final Pattern NAMESPACE_SPACES = Pattern.compile("(\\sxmlns(?::[\\w.-]+)?\\s*=\\s*)([\"'])\\s*([^\"']*?)\\s*\\2");
    private static final Pattern NAMESPACE_SPACES_FIND = Pattern.compile("\\sxmlns(?::[\\w.-]+)?\\s*=\\s*([\"'])(\\s+[^\"']*|[^\"']*\\s+)\\1");
    private static final Pattern DECLARED = Pattern.compile("\\sxmlns:([A-Za-z_][\\w.-]*)\\s*=");
    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z_][\\w.:-]*)([^<>]*)>");
    private static final Pattern ATTRIBUTE_PREFIX = Pattern.compile("[\\s\"']([A-Za-z_][\\w.-]*):[A-Za-z_][\\w.-]*\\s*=");
    private static final Set<String> XML_ENTITIES = Set.of("amp", "lt", "gt", "quot", "apos");
    /** The namespaces feeds use without declaring them. */
    static final Map<String, String> KNOWN_NAMESPACES = Map.ofEntries(
            Map.entry("media", "http://search.yahoo.com/mrss/"), Map.entry("dc", "http://purl.org/dc/elements/1.1/"),
            Map.entry("dcterms", "http://purl.org/dc/terms/"), Map.entry("content", "http://purl.org/rss/1.0/modules/content/"),
            Map.entry("atom", "http://www.w3.org/2005/Atom"), Map.entry("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
            Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"), Map.entry("slash", "http://purl.org/rss/1.0/modules/slash/"),
            Map.entry("wfw", "http://wellformedweb.org/CommentAPI/"), Map.entry("sy", "http://purl.org/rss/1.0/modules/syndication/"),
            Map.entry("feedburner", "http://rssnamespace.org/feedburner/ext/1.0"), Map.entry("georss", "http://www.georss.org/georss"),
            Map.entry("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"), Map.entry("googleplay", "http://www.google.com/schemas/play-podcasts/1.0"),
            Map.entry("podcast", "https://podcastindex.org/namespace/1.0"), Map.entry("thr", "http://purl.org/syndication/thread/1.0"),
            Map.entry("xhtml", "http://www.w3.org/1999/xhtml"), Map.entry("admin", "http://webns.net/mvcb/"),
            Map.entry("cc", "http://web.resource.org/cc/"), Map.entry("creativeCommons", "http://backend.userland.com/creativeCommonsRssModule"));

    private XmlRepairs() {}

    /** The repaired document; what was repaired is added to {@code repairs}. */
    static String repair(String xml, List<FeedRepair> repairs) {
        String s = leadingJunk(xml, repairs);
        s = doctype(s, repairs);
        s = charactersAndEntities(s, repairs);
        s = namespaces(s, repairs);
        return trailingJunk(s, repairs);
    }

    private static String leadingJunk(String s, List<FeedRepair> repairs) {
        int start = documentStart(s);
        if (start > 0 && !s.substring(0, start).isBlank()) {
            repairs.add(new FeedRepair(Kind.LEADING_JUNK, start + " characters before the document dropped"));
        }
        String out = start > 0 ? s.substring(start) : s.stripLeading();
        Matcher m = XML_DECL.matcher(out);
        StringBuilder sb = new StringBuilder();
        int moved = 0;
        while (m.find()) {
            if (m.start() > 0) {
                m.appendReplacement(sb, "");
                moved++;
            }
        }
        if (moved == 0) {
            return out;
        }
        m.appendTail(sb);
        repairs.add(new FeedRepair(Kind.LEADING_JUNK, "XML declaration not at the start removed"));
        return sb.toString();
    }

    /** Index of the first markup that can begin a document: a declaration, comment, PI, DOCTYPE or element. */
    private static int documentStart(String s) {
        for (int i = s.indexOf('<'); i >= 0; i = s.indexOf('<', i + 1)) {
            if (i + 1 < s.length()) {
                char c = s.charAt(i + 1);
                if (c == '?' || c == '!' || Character.isLetter(c) || c == '_') {
                    return i;
                }
            }
        }
        return 0;
    }

    private static String doctype(String s, List<FeedRepair> repairs) {
        String masked = mask(s); // a DOCTYPE quoted inside CDATA or a comment is text, not a declaration
        StringBuilder out = null;
        int from = 0;
        for (int start = indexOfIgnoreCase(masked, "<!DOCTYPE", 0); start >= 0; start = indexOfIgnoreCase(masked, "<!DOCTYPE", from)) {
            int end = doctypeEnd(masked, start + 9);
            out = out == null ? new StringBuilder(s.length()) : out;
            out.append(s, from, start);
            from = end;
        }
        if (out == null) {
            return s;
        }
        repairs.add(new FeedRepair(Kind.DOCTYPE, "DOCTYPE dropped unread (no DTD, no external entities)"));
        return out.append(s, from, s.length()).toString();
    }

    /** Index just after the '>' that closes a DOCTYPE, skipping its internal subset in brackets; the end of the text when unclosed. */
    private static int doctypeEnd(String s, int i) {
        int depth = 0;
        char quote = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == '>' && depth == 0) {
                return i + 1;
            }
        }
        return s.length();
    }

    private static int indexOfIgnoreCase(String s, String what, int from) {
        for (int i = s.indexOf('<', from); i >= 0; i = s.indexOf('<', i + 1)) {
            if (s.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
    }

    /** Forbidden characters removed and every {@code &} made a valid reference, outside CDATA, comments and PIs. */
    private static String charactersAndEntities(String s, List<FeedRepair> repairs) {
        StringBuilder out = new StringBuilder(s.length() + 64);
        int controls = 0;
        int bare = 0;
        Set<String> html = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            String verbatimEnd = c == '<' ? verbatimEnd(s, i) : null;
            if (verbatimEnd != null) {
                int end = s.indexOf(verbatimEnd, i + 2);
                end = end < 0 ? s.length() : end + verbatimEnd.length();
                for (int k = i; k < end; k++) {
                    if (legal(s, k)) {
                        out.append(s.charAt(k));
                    } else {
                        controls++;
                    }
                }
                i = end;
                continue;
            }
            if (c == '&') {
                Matcher num = NUMERIC.matcher(s).region(i, s.length());
                Matcher named = NAMED.matcher(s).region(i, s.length());
                Matcher legacy = NAMED_NO_SEMICOLON.matcher(s).region(i, s.length());
                if (num.lookingAt()) {
                    int cp = num.group(1) != null ? parse(num.group(1), 10) : parse(num.group(2), 16);
                    if (legalCodePoint(cp)) {
                        out.append(num.group());
                    } else {
                        controls++;
                    }
                    i = num.end();
                } else if (named.lookingAt()) {
                    String name = named.group(1);
                    if (XML_ENTITIES.contains(name)) {
                        out.append(named.group());
                    } else if (Entities.isNamedEntity(name)) {
                        appendReferences(out, Entities.getByName(name));
                        html.add("&" + name + ";");
                    } else {
                        out.append("&amp;").append(name).append(';');
                        unknown.add("&" + name + ";");
                    }
                    i = named.end();
                } else if (legacy.lookingAt() && Entities.isBaseNamedEntity(legacy.group(1))
                        && (legacy.end() >= s.length() || !String.valueOf(s.charAt(legacy.end())).matches("[A-Za-z0-9=]"))) {
                    // a legacy entity written without its semicolon (&copy 2026), but not a URL parameter (&copy=2)
                    appendReferences(out, Entities.getByName(legacy.group(1)));
                    html.add("&" + legacy.group(1));
                    i = legacy.end();
                } else {
                    out.append("&amp;");
                    bare++;
                    i++;
                }
                continue;
            }
            if (legal(s, i)) {
                out.append(c);
                if (Character.isHighSurrogate(c)) {
                    out.append(s.charAt(++i));
                }
            } else {
                controls++;
            }
            i++;
        }
        if (controls > 0) {
            repairs.add(new FeedRepair(Kind.CONTROL_CHARS, controls + " characters XML forbids removed (control characters, lone surrogates)"));
        }
        if (bare > 0) {
            repairs.add(new FeedRepair(Kind.ENTITIES, bare + " bare & escaped"));
        }
        if (!html.isEmpty()) {
            repairs.add(new FeedRepair(Kind.ENTITIES, "HTML entities decoded: " + shortList(html)));
        }
        if (!unknown.isEmpty()) {
            repairs.add(new FeedRepair(Kind.ENTITIES, "unknown entities kept as text: " + shortList(unknown)));
        }
        return out.toString();
    }

    /** The terminator of a CDATA section, comment or PI starting at i, or null when none starts there. */
    private static String verbatimEnd(String s, int i) {
        if (s.startsWith("<![CDATA[", i)) {
            return "]]>";
        }
        if (s.startsWith("<!--", i)) {
            return "-->";
        }
        if (s.startsWith("<?", i)) {
            return "?>";
        }
        return null;
    }

    private static int parse(String digits, int radix) {
        try {
            return Integer.parseInt(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void appendReferences(StringBuilder out, String chars) {
        chars.codePoints().forEach(cp -> out.append("&#").append(cp).append(';'));
    }

    /** Whether the char at i may appear in XML 1.0 (a high surrogate only with its low surrogate). */
    private static boolean legal(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        }
        return legalCodePoint(c);
    }

    private static boolean legalCodePoint(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    private static String namespaces(String s, List<FeedRepair> repairs) {
        String out = s;
        if (NAMESPACE_SPACES_FIND.matcher(mask(out)).find()) {
            out = NAMESPACE_SPACES.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + m.group(3) + m.group(2)));
            repairs.add(new FeedRepair(Kind.NAMESPACES, "spaces around namespace URIs removed"));
        }
        String masked = mask(out);
        Set<String> declared = new LinkedHashSet<>();
        Matcher d = DECLARED.matcher(masked);
        while (d.find()) {
            declared.add(d.group(1));
        }
        Set<String> used = new LinkedHashSet<>();
        Matcher t = TAG.matcher(masked);
        while (t.find()) {
            String name = t.group(2);
            int colon = name.indexOf(':');
            if (colon > 0) {
                used.add(name.substring(0, colon));
            }
            if (t.group(1).isEmpty()) {
                Matcher a = ATTRIBUTE_PREFIX.matcher(t.group(3));
                while (a.find()) {
                    used.add(a.group(1));
                }
            }
        }
        used.removeAll(declared);
        used.remove("xml");
        used.remove("xmlns");
        if (used.isEmpty()) {
            return out;
        }
        Matcher root = TAG.matcher(masked);
        boolean found = false;
        while (!found && root.find()) {
            found = root.group(1).isEmpty(); // skip stray end tags before the root
        }
        if (!found) {
            return out;
        }
        int insertAt = root.end() - 1;
        if (out.charAt(insertAt - 1) == '/') {
            insertAt--;
        }
        Map<String, String> bindings = new LinkedHashMap<>();
        StringBuilder decl = new StringBuilder();
        for (String p : used) {
            String uri = KNOWN_NAMESPACES.getOrDefault(p, "urn:chipwatch:undeclared:" + p);
            bindings.put(p, uri);
            decl.append(" xmlns:").append(p).append("=\"").append(uri).append('"');
        }
        repairs.add(new FeedRepair(Kind.NAMESPACES, "unbound prefixes bound: " + String.join(", ", bindings.keySet())));
        return out.substring(0, insertAt) + decl + out.substring(insertAt);
    }

    private static String trailingJunk(String s, List<FeedRepair> repairs) {
        String masked = mask(s);
        Matcher root = TAG.matcher(masked);
        String name = null;
        while (root.find()) {
            if (root.group(1).isEmpty()) {
                name = root.group(2);
                break;
            }
        }
        if (name == null) {
            return s;
        }
        Matcher end = Pattern.compile("</" + Pattern.quote(name) + "\\s*>").matcher(masked);
        int last = -1;
        while (end.find()) {
            last = end.end();
        }
        if (last < 0 || masked.substring(last).isBlank()) {
            return s;
        }
        if (onlyCommentsAndWhitespace(s, last)) {
            return s;
        }
        repairs.add(new FeedRepair(Kind.TRAILING_JUNK, (s.length() - last) + " characters after </" + name + "> dropped"));
        return s.substring(0, last);
    }

    /** Whether the text from i on is whitespace, comments and processing instructions only (a linear scan). */
    private static boolean onlyCommentsAndWhitespace(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            String end = s.startsWith("<!--", i) ? "-->" : s.startsWith("<?", i) ? "?>" : null;
            int stop = end == null ? -1 : s.indexOf(end, i + 2);
            if (stop < 0) {
                return false;
            }
            i = stop + end.length();
        }
        return true;
    }

    /** The text with the insides of CDATA sections and comments blanked, same length, so tag scans skip them. */
    static String mask(String s) {
        StringBuilder sb = new StringBuilder(s);
        for (int i = s.indexOf('<'); i >= 0 && i < s.length(); i = s.indexOf('<', i + 1)) {
            String end = s.startsWith("<![CDATA[", i) ? "]]>" : s.startsWith("<!--", i) ? "-->" : null;
            if (end == null) {
                continue;
            }
            int stop = s.indexOf(end, i + 4);
            stop = stop < 0 ? s.length() : stop;
            for (int k = i + 1; k < stop; k++) {
                sb.setCharAt(k, ' ');
            }
            i = stop;
        }
        return sb.toString();
    }

    private static String shortList(Set<String> items) {
        List<String> l = List.copyOf(items);
        return l.size() <= 6 ? String.join(" ", l) : String.join(" ", l.subList(0, 6)) + " and " + (l.size() - 6) + " more";
    }
}
