/**
 * Ingest internals: charset sniffing, feed parsing and recovery of broken feeds ({@code FeedReader}),
 * strict dates, plain text for every published field ({@code PlainText}), politeness, state on
 * {@code ingest.state}, scoring of page text.
 */
package io.chipwatch.ingest.internal;
