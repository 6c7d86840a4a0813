package io.chipwatch.ingest.internal;

import java.time.Instant;

/**
 * One feed entry, format-neutral.
 *
 * @param guid        entry id (RSS guid, Atom id, JSON Feed id) or null
 * @param link        absolute link or null
 * @param title       title or empty
 * @param html        content or summary as HTML (may be plain text)
 * @param publishedAt published (else updated) time or null
 * @param author      author names or null
 */
public record FeedItem(String guid, String link, String title, String html, Instant publishedAt, String author) {}
