package io.chipwatch.model;

/** Which way an event goes, where that matters (licences, lists, rules). */
public enum EventDirection {
    GRANTED, EXPANDED, EASED, SUSPENDED, REVOKED, TIGHTENED, ADDED, REMOVED
}
