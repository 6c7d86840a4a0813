package io.chipwatch.ingest.internal;

import io.micrometer.core.instrument.MeterRegistry;

/** Ingest counters per source: fetches, 304s, errors (by reason), items read and published, recovered feeds, item warnings, pages without article text. */
public final class IngestMetrics {
    public static final String FETCHES = "chipwatch.ingest.fetches";
    public static final String NOT_MODIFIED = "chipwatch.ingest.not.modified";
    public static final String ERRORS = "chipwatch.ingest.errors";
    public static final String ITEMS_SEEN = "chipwatch.ingest.items.seen";
    public static final String PUBLISHED = "chipwatch.ingest.items.published";
    public static final String SKIPPED_DUPLICATE = "chipwatch.ingest.items.duplicate";
    /** Feed reads that needed repairs, per source and kind of repair (entities, doctype, lenient-xml, ...). */
    public static final String RECOVERED = "chipwatch.ingest.feeds.recovered";
    /** Values lost without losing the item (an impossible date), per source. */
    public static final String WARNINGS = "chipwatch.ingest.items.warnings";
    public static final String EMPTY_TEXT = "chipwatch.ingest.items.empty.text";

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void fetch(String source) {
        registry.counter(FETCHES, "source", source).increment();
    }

    public void notModified(String source) {
        registry.counter(NOT_MODIFIED, "source", source).increment();
    }

    public void error(String source, String reason) {
        registry.counter(ERRORS, "source", source, "reason", reason).increment();
    }

    public void itemsSeen(String source, int n) {
        registry.counter(ITEMS_SEEN, "source", source).increment(n);
    }

    public void published(String source) {
        registry.counter(PUBLISHED, "source", source).increment();
    }

    /** One read of a recovered feed: counted once per kind of repair it needed. */
    public void recovered(String source, java.util.Collection<FeedRepair> repairs) {
        repairs.stream().map(r -> r.kind().label()).distinct()
                .forEach(kind -> registry.counter(RECOVERED, "source", source, "repair", kind).increment());
    }

    public void warnings(String source, int n) {
        registry.counter(WARNINGS, "source", source).increment(n);
    }

    public void duplicate(String source) {
        registry.counter(SKIPPED_DUPLICATE, "source", source).increment();
    }

    /** An article page from which no text could be extracted. */
    public void emptyText(String source) {
        registry.counter(EMPTY_TEXT, "source", source).increment();
    }
}
