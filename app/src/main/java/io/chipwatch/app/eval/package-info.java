/** {@code chipwatch eval}: labelled articles through the pipeline's own code, scored. */
package io.chipwatch.app.eval;
