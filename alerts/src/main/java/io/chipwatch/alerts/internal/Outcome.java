package io.chipwatch.alerts.internal;

import io.chipwatch.model.Alert;

/** What a decision step produced for one input record: an alert, or a dead letter (original bytes). */
public record Outcome(Alert alert, byte[] deadKey, byte[] deadValue) {
    public static Outcome of(Alert alert) {
        return new Outcome(alert, null, null);
    }

    public static Outcome deadLetter(byte[] key, byte[] value) {
        return new Outcome(null, key, value);
    }

    public boolean isDeadLetter() {
        return alert == null;
    }
}
