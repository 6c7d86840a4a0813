package io.chipwatch.alerts.internal;

import io.chipwatch.model.topic.DeadLetterHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/** The notifier's meters; every one has a description (Prometheus {@code # HELP}). */
public final class NotifierMetrics {
    public static final String DELIVERIES = "chipwatch.notify.deliveries";
    public static final String RETRIES = "chipwatch.notify.retries";
    public static final String LATENCY = "chipwatch.notify.delivery.latency";
    public static final String QUEUED = "chipwatch.notify.queued";
    public static final String PAUSED = "chipwatch.notify.paused";
    public static final String RESEND_REQUESTS = "chipwatch.notify.resend.requests";
    public static final String MEMORY = "chipwatch.notify.delivery.memory.entries";
    public static final String RESTARTS = "chipwatch.notify.restarts";

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void delivered(String channel, boolean deadLettered, Duration took) {
        Counter.builder(DELIVERIES).description("Deliveries that ended, by channel and outcome (delivered or dead_lettered)")
                .tag("channel", channel).tag("outcome", deadLettered ? "dead_lettered" : "delivered").register(registry).increment();
        Timer.builder(LATENCY).description("Time from the notifier taking an alert to its delivery ending (delivered or dead-lettered)")
                .tag("channel", channel).register(registry).record(took);
    }

    public void restart() {
        Counter.builder(RESTARTS).description("Times the notifier's poll thread failed and started again from the committed offsets")
                .register(registry).increment();
    }

    public void retry(String channel) {
        Counter.builder(RETRIES).description("Failed delivery attempts that are retried after a back-off with jitter, by channel")
                .tag("channel", channel).register(registry).increment();
    }

    public void deadLetter(String stage) {
        Counter.builder(DeadLetterHeaders.METRIC).description(DeadLetterHeaders.METRIC_DESCRIPTION).tag("stage", stage)
                .register(registry).increment();
    }

    public void resendRequest(String result) {
        Counter.builder(RESEND_REQUESTS).description("Resend requests read from alerts.retry, by result (accepted, already_delivered, "
                        + "in_progress, not_found, no_channel, invalid)").tag("result", result).register(registry).increment();
    }

    public void queue(String channel, Supplier<Number> size) {
        Gauge.builder(QUEUED, size).description("Alerts waiting in a channel's queue (each channel has its own worker)")
                .tag("channel", channel).strongReference(true).register(registry);
    }

    public void state(Supplier<Number> paused, Supplier<Number> memory) {
        Gauge.builder(PAUSED, paused).description("1 while the notifier takes no alerts from Kafka because a channel queue is full "
                + "(back-pressure), else 0").strongReference(true).register(registry);
        Gauge.builder(MEMORY, memory).description("Delivery-log entries the notifier holds in memory (bounded by "
                + "alerts.notify.delivery.memory.max)").strongReference(true).register(registry);
    }
}
