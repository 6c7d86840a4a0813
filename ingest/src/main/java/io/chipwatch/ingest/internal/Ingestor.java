package io.chipwatch.ingest.internal;

import io.chipwatch.model.RawArticle;

/**
 * Publishes an article unless its id was already published from its source: publish first, then
 * record the id as seen (a crash in between republishes at most that one article).
 */
public final class Ingestor {
    private final IngestState state;
    private final ArticlePublisher publisher;
    private final IngestMetrics metrics;

    public Ingestor(IngestState state, ArticlePublisher publisher, IngestMetrics metrics) {
        this.state = state;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    public boolean isNew(String sourceId, String articleId) {
        return !state.isSeen(sourceId, articleId);
    }

    /** True when published, false when the id (or one of the aliases) was already seen from the source. */
    public synchronized boolean publishIfNew(RawArticle a, String... aliases) {
        if (state.isSeen(a.sourceId(), a.id())) {
            metrics.duplicate(a.sourceId());
            return false;
        }
        for (String alias : aliases) {
            if (alias != null && state.isSeen(a.sourceId(), alias)) {
                metrics.duplicate(a.sourceId());
                return false;
            }
        }
        publisher.publish(a);
        state.markSeen(a.sourceId(), a.id());
        for (String alias : aliases) {
            if (alias != null && !alias.equals(a.id())) {
                state.markSeen(a.sourceId(), alias);
            }
        }
        metrics.published(a.sourceId());
        return true;
    }

    public IngestState state() {
        return state;
    }
}
