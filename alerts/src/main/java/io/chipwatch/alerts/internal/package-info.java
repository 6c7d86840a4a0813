/** Internals of the alerts service: Streams processors, Lucene query index, channel senders, topic creation. */
package io.chipwatch.alerts.internal;
