/** Enrichment internals: text normalisation, gazetteer tagging, rule-based event classification, story dedup. */
package io.chipwatch.enrich.internal;
