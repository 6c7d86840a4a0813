/** The chipwatch CLI: wires the ingest, enrich and alerts services and owns the embedded broker. */
package io.chipwatch.app;
