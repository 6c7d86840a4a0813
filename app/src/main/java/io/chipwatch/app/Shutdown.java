package io.chipwatch.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clean shutdown on Ctrl-C / SIGTERM: the hook runs the given action, and Main's own exit path
 * flushes logging afterwards (log4j's shutdown hook is disabled so it cannot go first).
 */
final class Shutdown {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private static volatile boolean signalled;

    private Shutdown() {}

    /**
     * True once SIGINT/SIGTERM started the JVM's shutdown: System.exit must not be called then, it
     * would block on the running hook, which itself waits for the main thread (a 60 s hang).
     */
    static boolean signalled() {
        return signalled;
    }

    /**
     * Registers an action for SIGINT/SIGTERM; the hook waits for the main thread to finish. Closing the
     * returned registration ({@link Registration#remove}, in a {@code finally}) removes the hook once the command is over: a hook left behind by a command that ended
     * (or failed) inside a longer-lived JVM, such as a test run, would join a thread that is itself waiting
     * for the hooks at exit, and hang that JVM's exit for the hook's full wait.
     */
    static Registration onSignal(Runnable action) {
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            signalled = true;
            log.info("Shutting down...");
            action.run();
            try {
                main.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            org.apache.logging.log4j.LogManager.shutdown();
        }, "chipwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Registration(hook);
    }

    /** A registered hook; {@link #remove} when the command has ended. */
    record Registration(Thread hook) {
        void remove() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (the signal came): the hook is running and must stay
            }
        }
    }

    /** Closes resources in reverse order of opening, logging (not throwing) failures. */
    static final class Closer implements AutoCloseable {
        private final Deque<AutoCloseable> stack = new ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            stack.push(resource);
            return resource;
        }

        @Override
        public void close() {
            while (!stack.isEmpty()) {
                AutoCloseable c = stack.pop();
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("Error while closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }
}
