package io.chipwatch.ingest.internal;

import io.chipwatch.ingest.internal.FeedRepair.Kind;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.UncheckedJDOMFactory;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;
import org.xml.sax.InputSource;

/**
 * The two XML parsers of the feed reader: a strict, secure one (JDOM over the JDK's SAX parser, the
 * same settings as ROME: DOCTYPE refused, no external entities, no external DTD) and a lenient one
 * (jsoup's XML parser, which builds a tree from any tag soup) whose tree is written back out as
 * well-formed XML for the strict one.
 */
final class XmlTrees {
    private static final java.util.regex.Pattern QNAME = java.util.regex.Pattern.compile("[A-Za-z_][\\w.-]*(?::[A-Za-z_][\\w.-]*)?");

    private XmlTrees() {}

    /** Parses well-formed XML; throws with line and column otherwise. */
    static Document strict(String xml) throws JDOMException {
        SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
        builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
        builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        builder.setExpandEntities(false);
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        // The SAX parser has checked the document already; JDOM's checking factory walks every ancestor on each
        // addContent, which makes a 100,000-deep document take minutes.
        builder.setJDOMFactory(new UncheckedJDOMFactory());
        try {
            return builder.build(new StringReader(xml));
        } catch (IOException e) {
            throw new JDOMException("cannot read the document: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // JDOM's IllegalNameException and IllegalDataException: a name or value the XML parser let through
            throw new JDOMException(e.getMessage(), e);
        }
    }

    private static boolean isItem(Element e) {
        String local = e.tagName().substring(e.tagName().indexOf(':') + 1);
        return local.equals("item") || local.equals("entry");
    }

    /**
     * Drops the incomplete items. An item whose end tag never came holds every later item as a descendant, so the complete
     * ones it holds (not inside a complete item, which moves with them) first move out, in document order, to just after
     * the outermost incomplete item around them. One pass over the elements and one move per trapped item: a hostile feed
     * of thousands of nested unclosed items costs no more than its size.
     */
    private static void keepItemsTrappedIn(org.jsoup.nodes.Document doc, List<Element> incomplete) {
        if (incomplete.isEmpty()) {
            return;
        }
        java.util.Set<Element> broken = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        broken.addAll(incomplete);
        java.util.Map<Element, Element> outermostBroken = new java.util.IdentityHashMap<>();
        java.util.Map<Element, Element> nearestItem = new java.util.IdentityHashMap<>();
        java.util.Map<Element, List<Element>> trapped = new java.util.LinkedHashMap<>();
        for (Element e : doc.getAllElements()) { // document order: a parent before its children
            Element p = e.parent();
            if (p == null) {
                continue;
            }
            Element outer = outermostBroken.get(p);
            if (outer == null && broken.contains(p)) {
                outer = p;
            }
            if (outer != null) {
                outermostBroken.put(e, outer);
            }
            Element item = isItem(p) ? p : nearestItem.get(p);
            if (item != null) {
                nearestItem.put(e, item);
            }
            if (outer != null && isItem(e) && !broken.contains(e) && broken.contains(item)) {
                trapped.computeIfAbsent(outer, k -> new ArrayList<>()).add(e);
            }
        }
        trapped.forEach((outer, items) -> {
            items.forEach(Element::remove);
            outer.parent().insertChildren(outer.siblingIndex() + 1, items);
        });
        for (Element e : incomplete) {
            if (!outermostBroken.containsKey(e)) {
                e.remove();
            }
        }
    }

    /** Tag soup can make names XML refuses (a:b:c, a:1): such attributes are dropped and such elements unwrapped. */
    private static void validNames(org.jsoup.nodes.Document doc) {
        for (Element e : doc.getAllElements()) {
            e.attributes().asList().stream().map(org.jsoup.nodes.Attribute::getKey).filter(k -> !QNAME.matcher(k).matches()).toList()
                    .forEach(e::removeAttr);
        }
        for (Element e : doc.getAllElements()) {
            if (!(e instanceof org.jsoup.nodes.Document) && !QNAME.matcher(e.tagName()).matches() && e.parent() != null) {
                e.unwrap();
            }
        }
    }

    /**
     * Rebuilds a broken document with jsoup's XML parser: unclosed and mismatched tags are closed where
     * they must be, and every item or entry whose end tag never came (a truncated download) is dropped,
     * so only complete items are read.
     *
     * @param firstError where and why the strict parser stopped, for the repair's detail
     * @throws MalformedFeedException when there is no element at all to read
     */
    static String lenient(String xml, List<FeedRepair> repairs, String firstError) throws MalformedFeedException {
        Parser parser = Parser.xmlParser().setTrackPosition(true);
        org.jsoup.nodes.Document doc = Jsoup.parse(xml, "", parser);
        if (doc.children().isEmpty()) {
            throw new MalformedFeedException("not a feed: no element in the document", -1, -1, null);
        }
        List<Element> incomplete = new ArrayList<>();
        int items = 0;
        for (Element e : doc.getAllElements()) {
            if (isItem(e)) {
                items++;
                if (e.endSourceRange().isImplicit()) {
                    incomplete.add(e);
                }
            }
        }
        keepItemsTrappedIn(doc, incomplete);
        validNames(doc);
        repairs.add(new FeedRepair(Kind.LENIENT_XML, "broken structure (" + firstError + ") read leniently: "
                + (items - incomplete.size()) + " complete items kept"
                + (incomplete.isEmpty() ? "" : ", " + incomplete.size() + " incomplete dropped")));
        doc.outputSettings().syntax(org.jsoup.nodes.Document.OutputSettings.Syntax.xml).escapeMode(Entities.EscapeMode.xhtml)
                .prettyPrint(false);
        return doc.outerHtml();
    }
}
