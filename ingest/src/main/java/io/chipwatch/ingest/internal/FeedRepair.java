package io.chipwatch.ingest.internal;

import java.util.Locale;

/**
 * One thing that was wrong with a feed and how the reader got past it. A feed with repairs is
 * "recovered" (feedparser's bozo): its good items are published, and source health says why.
 *
 * @param kind   what was repaired (a metric tag)
 * @param detail readable detail, e.g. {@code 3 bare & escaped}
 */
public record FeedRepair(Kind kind, String detail) {
    /** Kinds of repair, in the order the reader applies them. */
    public enum Kind {
        /** A declared charset that the bytes contradict. */
        CHARSET,
        /** Text before the document, or an XML declaration that is not at its start. */
        LEADING_JUNK,
        /** A DOCTYPE (dropped unread: no DTD, no external entities). */
        DOCTYPE,
        /** Characters XML forbids (controls, lone surrogates), raw or as references. */
        CONTROL_CHARS,
        /** Bare ampersands, HTML named entities, unknown entities. */
        ENTITIES,
        /** Unbound prefixes (media:, dc:, itunes: ...) and namespace URIs with spaces. */
        NAMESPACES,
        /** Content after the root element's end tag. */
        TRAILING_JUNK,
        /** Broken structure (truncation, unclosed or mismatched tags) read with a lenient XML parser. */
        LENIENT_XML,
        /** Feed structure ROME does not accept (no channel, unknown version or namespace). */
        STRUCTURE,
        /** ROME failed on the document; chipwatch's own mapper read the items. */
        MAPPER;

        /** Lower-case name with dashes, for metrics and messages. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public String toString() {
        return detail;
    }
}
