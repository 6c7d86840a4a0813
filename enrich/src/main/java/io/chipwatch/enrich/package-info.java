/**
 * Enrichment: the {@code chipwatch-enrich} Streams topology, its config and service, and the offline API:
 * {@link io.chipwatch.enrich.Enricher} (one article as its own story) and {@link io.chipwatch.enrich.StoryAssigner}
 * (the topology's story decisions for a sequence of enriched articles).
 */
package io.chipwatch.enrich;
