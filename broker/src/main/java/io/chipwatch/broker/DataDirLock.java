package io.chipwatch.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a data directory: an OS file lock ({@link FileChannel#tryLock()}) on
 * {@code DIR/chipwatch.lock}, held for as long as the embedded broker runs. The file names the
 * owner ({@code pid}, {@code command}, {@code started}) so another process can say who it is; the
 * owner's broker address is published separately in {@code DIR/broker.address}.
 *
 * <p>The lock is released by the OS when the owner dies, even by SIGKILL, so a stale file never
 * blocks a restart. Inside one JVM a second acquisition is refused as well (Java file locks are
 * per process, so this class remembers which directories this process holds).
 */
public final class DataDirLock implements AutoCloseable {
    /** Name of the lock file inside the data directory. */
    public static final String FILE = "chipwatch.lock";

    private static final Map<Path, Owner> HELD_HERE = new ConcurrentHashMap<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    /** Who owns a data directory, as its lock file says. */
    public record Owner(long pid, String command, Instant started) {
        /** {@code chipwatch run (pid 123)}, or {@code a chipwatch (pid 123)} when the command is unknown. */
        public String describe() {
            return (command == null || command.isBlank() ? "a chipwatch" : "chipwatch " + command)
                    + " (pid " + (pid > 0 ? Long.toString(pid) : "unknown") + ")";
        }
    }

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or says who holds it.
     *
     * @param command what this process is ({@code run}, {@code broker}, {@code watches add}, ...), written into the file
     * @throws DataDirLockedException when another process, or this one, owns the directory
     */
    public static DataDirLock acquire(Path dataDir, String command) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE);
        Owner heldHere = HELD_HERE.get(dir);
        if (heldHere != null) {
            throw new DataDirLockedException(dir, heldHere);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM through another channel
            }
            if (lock == null) {
                channel.close();
                throw new DataDirLockedException(dir, readOwner(dir).orElse(new Owner(-1, null, null)));
            }
            Owner me = new Owner(ProcessHandle.current().pid(), command, Instant.now());
            writeOwner(channel, me);
            HELD_HERE.put(dir, me);
            return new DataDirLock(dir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock data directory " + dir + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /** The owner recorded in the lock file, if the file exists and is readable (it may be stale). */
    public static Optional<Owner> readOwner(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            long pid = -1;
            String command = null;
            Instant started = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                try {
                    switch (key) {
                        case "pid" -> pid = Long.parseLong(value);
                        case "command" -> command = value;
                        case "started" -> started = Instant.parse(value);
                        default -> { }
                    }
                } catch (RuntimeException e) {
                    // a half-written file: keep what could be read
                }
            }
            return Optional.of(new Owner(pid, command, started));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void writeOwner(FileChannel channel, Owner owner) throws IOException {
        String text = "pid=" + owner.pid() + "\ncommand=" + owner.command() + "\nstarted=" + owner.started() + "\n";
        channel.truncate(0);
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long at = 0;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        channel.force(false);
    }

    public Path dir() {
        return dir;
    }

    /** Releases the lock; the file stays (its content is only meaningful while locked). */
    @Override
    public void close() {
        HELD_HERE.remove(dir);
        try {
            lock.release();
        } catch (IOException e) {
            // the channel close below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
