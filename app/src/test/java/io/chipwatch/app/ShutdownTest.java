package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShutdownTest {
    /**
     * A command run inside a longer-lived JVM (the test JVMs) left its hook behind; at that JVM's exit the hook
     * joined a thread that was waiting for the hooks, and Surefire killed the fork after 30 s.
     */
    @Test
    void aRemovedRegistrationLeavesNoHookBehind() {
        Shutdown.Registration r = Shutdown.onSignal(() -> {});
        r.remove();
        assertThat(Runtime.getRuntime().removeShutdownHook(r.hook())).as("hook still registered after remove()").isFalse();
    }

    @Test
    void aRegistrationIsAHookUntilRemoved() {
        Shutdown.Registration r = Shutdown.onSignal(() -> {});
        assertThat(Runtime.getRuntime().removeShutdownHook(r.hook())).as("hook registered").isTrue();
        r.remove(); // removing twice is harmless
    }
}
