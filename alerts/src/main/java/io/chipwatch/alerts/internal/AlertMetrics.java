package io.chipwatch.alerts.internal;

import io.chipwatch.model.topic.DeadLetterHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the alert-decision topology. Counted as records are processed: under exactly-once a
 * transaction aborted by a crash is processed again, so after a crash a counter may run a little ahead
 * of the committed output.
 */
public final class AlertMetrics {
    public static final String EMITTED = "chipwatch.alerts.emitted";
    public static final String SUPPRESSED = "chipwatch.alerts.suppressed";
    public static final String ARTICLES = "chipwatch.alerts.articles.matched";

    private final MeterRegistry registry;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void emitted(String watchId, String kind) {
        Counter.builder(EMITTED).description("Alerts written to the alerts topic, by watch and kind (match, spike, digest)")
                .tag("watch", watchId).tag("kind", kind).register(registry).increment();
    }

    /** An alert not written: {@code duplicate} (the story alerted before) or {@code folded} (into a throttle or digest alert). */
    public void suppressed(String watchId, String reason) {
        Counter.builder(SUPPRESSED).description("Alerts not written, by watch and reason (duplicate: the story alerted before; "
                + "folded: held for a throttle or digest alert)").tag("watch", watchId).tag("reason", reason).register(registry).increment();
    }

    public void articleMatched(int alerts) {
        Counter.builder(ARTICLES).description("First-in-story articles matched against every watch, by whether any watch fired")
                .tag("fired", alerts > 0 ? "true" : "false").register(registry).increment();
    }

    public void deadLetter(String stage) {
        Counter.builder(DeadLetterHeaders.METRIC).description(DeadLetterHeaders.METRIC_DESCRIPTION).tag("stage", stage)
                .register(registry).increment();
    }
}
