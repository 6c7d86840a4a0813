package io.chipwatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondOwnerAndNameTheFirst() {
        try (DataDirLock first = DataDirLock.acquire(dir, "run")) {
            assertThatThrownBy(() -> DataDirLock.acquire(dir, "watches"))
                    .isInstanceOf(DataDirLockedException.class)
                    .hasMessage("chipwatch run (pid " + ProcessHandle.current().pid() + ") owns " + dir.toAbsolutePath().normalize())
                    .satisfies(e -> assertThat(((DataDirLockedException) e).owner().command()).isEqualTo("run"));
            assertThat(DataDirLock.readOwner(dir)).get().extracting(DataDirLock.Owner::pid).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void shouldBeFreeAgainOnceReleased() {
        DataDirLock.acquire(dir, "run").close();
        try (DataDirLock again = DataDirLock.acquire(dir.resolve("."), "broker")) {
            assertThat(DataDirLock.readOwner(dir)).get().extracting(DataDirLock.Owner::command).isEqualTo("broker");
        }
    }

    @Test
    void shouldRefuseABrokerOnALockedDirBeforeTouchingIt() {
        try (DataDirLock held = DataDirLock.acquire(dir, "run")) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dir)).isInstanceOf(DataDirLockedException.class);
            assertThat(dir.resolve("kafka")).doesNotExist();
        }
    }
}
