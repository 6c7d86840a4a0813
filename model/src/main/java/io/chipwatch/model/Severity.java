package io.chipwatch.model;

/** How loudly an alert should be raised. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL
}
