package io.chipwatch.web;

import io.chipwatch.model.Watch;
import java.util.Optional;

/**
 * Checks what a watch record's constructor cannot (its Lucene query, reserved ids), for the editor's
 * inline errors and before a watch is saved. Injected by the app from the alerts service.
 */
@FunctionalInterface
public interface WatchValidator {
    /** @return the reason the watch is invalid, or empty when it is valid */
    Optional<String> problem(Watch watch);

    /** Accepts every watch the record constructor accepted. */
    WatchValidator RECORD_ONLY = w -> Optional.empty();
}
