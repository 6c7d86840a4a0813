/** Enrichment: the {@code chipwatch-enrich} Streams topology, its config and service, and the offline {@link io.chipwatch.enrich.Enricher}. */
package io.chipwatch.enrich;
