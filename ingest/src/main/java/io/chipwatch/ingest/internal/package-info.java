/** Ingest internals: charset sniffing, feed parsing, politeness, state on {@code ingest.state}, scoring of page text. */
package io.chipwatch.ingest.internal;
