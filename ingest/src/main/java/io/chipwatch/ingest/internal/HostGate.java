package io.chipwatch.ingest.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Politeness per host: one request at a time, and a minimum pause between the end of one request and
 * the start of the next. Waiting threads queue fairly.
 */
public final class HostGate {
    private final Duration minDelay;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    public HostGate(Duration minDelay) {
        this.minDelay = minDelay;
    }

    /** Blocks until this thread may send to the host; pair with {@link Permit#close()}. */
    public Permit acquire(String host) throws InterruptedException {
        Slot slot = slots.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new Slot());
        slot.lock.lockInterruptibly();
        try {
            long wait = slot.nextAllowedNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // politeness pause, not test synchronisation
            }
        } catch (InterruptedException e) {
            slot.lock.unlock();
            throw e;
        }
        return () -> {
            slot.nextAllowedNanos = System.nanoTime() + minDelay.toNanos();
            slot.lock.unlock();
        };
    }

    /** Releases the host. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock(true);
        volatile long nextAllowedNanos = System.nanoTime();
    }
}
