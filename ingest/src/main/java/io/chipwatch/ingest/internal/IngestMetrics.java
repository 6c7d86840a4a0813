package io.chipwatch.ingest.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Ingest meters per source: fetches, 304s, errors (by reason), items read and published, recovered
 * feeds, item warnings, pages without article text, and the health gauges an alert rule needs ("a
 * source failing for hours"). Every meter has a description (Prometheus {@code # HELP}).
 */
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
    public static final String CONSECUTIVE_FAILURES = "chipwatch.ingest.source.consecutive.failures";
    public static final String FAILING_SECONDS = "chipwatch.ingest.source.failing.seconds";
    public static final String LAST_SUCCESS = "chipwatch.ingest.source.last.success.seconds";

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void fetch(String source) {
        counter(FETCHES, "Fetches started, by source", source).increment();
    }

    public void notModified(String source) {
        counter(NOT_MODIFIED, "Fetches answered 304 Not Modified (nothing new), by source", source).increment();
    }

    public void error(String source, String reason) {
        Counter.builder(ERRORS).description("Failed fetches and unreadable items, by source and reason").tag("source", source)
                .tag("reason", reason).register(registry).increment();
    }

    public void itemsSeen(String source, int n) {
        counter(ITEMS_SEEN, "Items (feed entries, pages, archive files' articles) read, by source", source).increment(n);
    }

    public void published(String source) {
        counter(PUBLISHED, "Articles published to articles.raw, by source", source).increment();
    }

    /** One read of a recovered feed: counted once per kind of repair it needed. */
    public void recovered(String source, java.util.Collection<FeedRepair> repairs) {
        repairs.stream().map(r -> r.kind().label()).distinct()
                .forEach(kind -> Counter.builder(RECOVERED).description("Feed reads that needed repairs to be read, by source and kind of repair")
                        .tag("source", source).tag("repair", kind).register(registry).increment());
    }

    public void warnings(String source, int n) {
        counter(WARNINGS, "Values lost without losing the item (an impossible date), by source", source).increment(n);
    }

    public void duplicate(String source) {
        counter(SKIPPED_DUPLICATE, "Items skipped because the article was published before, by source", source).increment();
    }

    /**
     * Health gauges of one polled source: consecutive failures, seconds since its current run of failures
     * began (0 while healthy), and the time of its last success (epoch seconds, NaN before the first).
     */
    public void sourceHealth(String source, Supplier<Number> failures, Supplier<Number> failingSeconds, Supplier<Number> lastSuccess) {
        Gauge.builder(CONSECUTIVE_FAILURES, failures).description("Failed fetches in a row, by source (0 after a success)")
                .tag("source", source).strongReference(true).register(registry);
        Gauge.builder(FAILING_SECONDS, failingSeconds).description("Seconds since the source's current run of failed fetches began "
                + "(0 while it succeeds), by source").tag("source", source).strongReference(true).register(registry);
        Gauge.builder(LAST_SUCCESS, lastSuccess).description("When a fetch of the source last succeeded (200 or 304), Unix time in "
                + "seconds; NaN before the first success").tag("source", source).strongReference(true).register(registry);
    }

    private Counter counter(String name, String description, String source) {
        return Counter.builder(name).description(description).tag("source", source).register(registry);
    }

    /** An article page from which no text could be extracted. */
    public void emptyText(String source) {
        counter(EMPTY_TEXT, "Article pages from which no text could be extracted (published anyway), by source", source).increment();
    }
}
