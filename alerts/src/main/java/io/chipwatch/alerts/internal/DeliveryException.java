package io.chipwatch.alerts.internal;

/** A failed delivery attempt; permanent failures are dead-lettered without retrying. */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean permanent;
    private final int status;

    public DeliveryException(String message, boolean permanent, int status, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.status = status;
    }

    public static DeliveryException retryable(String message, Throwable cause) {
        return new DeliveryException(message, false, -1, cause);
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, true, -1, null);
    }

    public boolean permanent() {
        return permanent;
    }

    /** HTTP status of the failed request, or -1. */
    public int status() {
        return status;
    }
}
