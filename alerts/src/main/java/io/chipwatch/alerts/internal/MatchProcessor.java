package io.chipwatch.alerts.internal;

import io.chipwatch.alerts.WatchMatcher;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.json.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Matches each first-in-story enriched article against every watch and forwards one alert per
 * matching watch, keyed by watch id. Unreadable articles become dead letters.
 */
public final class MatchProcessor implements Processor<String, byte[], String, Outcome> {
    static final String STAGE = "alerts-match";
    private static final JsonSerde<EnrichedArticle> SERDE = new JsonSerde<>(EnrichedArticle.class);

    private final String watchStore;
    private final WatchSync sync;
    private final WatchMatcher matcher = new WatchMatcher();
    private final AlertMetrics metrics;
    private ProcessorContext<String, Outcome> ctx;
    private ReadOnlyKeyValueStore<String, byte[]> store;

    public MatchProcessor(String watchStore, AtomicLong version, AlertMetrics metrics) {
        this.watchStore = watchStore;
        this.metrics = metrics;
        this.sync = new WatchSync(version);
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        ctx = context;
        store = context.getStateStore(watchStore);
        refresh();
    }

    private void refresh() {
        sync.refresh(store, matcher::put, matcher::remove);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone on the article topic carries nothing to match
        }
        EnrichedArticle article;
        try {
            article = SERDE.deserialize(ctx.recordMetadata().map(m -> m.topic()).orElse("articles.enriched"), record.value());
        } catch (SerializationException e) {
            DeadLetters.forward(ctx, record, STAGE, e.getMessage(), e, metrics);
            return;
        }
        if (!article.firstInStory()) {
            return;
        }
        refresh();
        List<Alert> alerts;
        try {
            alerts = matcher.match(article, Instant.ofEpochMilli(ctx.currentSystemTimeMs()));
        } catch (RuntimeException e) {
            DeadLetters.forward(ctx, record, STAGE, "matching failed for article " + article.id() + ": " + e, e, metrics);
            return;
        }
        metrics.articleMatched(alerts.size());
        for (Alert a : alerts) {
            ctx.forward(new Record<>(a.watchId(), Outcome.of(a), record.timestamp(), new RecordHeaders()));
        }
    }

    @Override
    public void close() {
        matcher.close();
    }
}
