/** Ingest: polls feeds and pages politely and safely, extracts articles, replays archives and publishes to {@code articles.raw}. */
package io.chipwatch.ingest;
