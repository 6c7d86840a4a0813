package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;

/** What the enrich step emits for one input record: an enriched article, or a dead letter. */
public sealed interface Routed {
    /** An article enriched as its own story; dedup assigns the story next. */
    record Enriched(EnrichedArticle article) implements Routed {}

    /** An input record to park in the DLQ: the original bytes (headers carry the reason). */
    record DeadLetter(byte[] key, byte[] value) implements Routed {}
}
