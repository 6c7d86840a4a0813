package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;

/** What a story partition produces: a message for the story topic, or a decided article. */
public sealed interface StoryOut {
    record Send(StoryMessage message) implements StoryOut {}

    record Emit(EnrichedArticle article) implements StoryOut {}
}
