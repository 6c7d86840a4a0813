/**
 * Ingest: follows the live sources on the {@code sources} topic, polls feeds and pages politely and safely (connecting
 * only to checked addresses), extracts articles, replays archives and publishes to {@code articles.raw}; OPML import and export.
 */
package io.chipwatch.ingest;
