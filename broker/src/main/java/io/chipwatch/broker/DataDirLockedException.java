package io.chipwatch.broker;

import java.nio.file.Path;

/** Another chipwatch (or this process) owns the data directory; carries who, so callers can find its broker. */
public final class DataDirLockedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Path dataDir;
    private final transient DataDirLock.Owner owner;

    public DataDirLockedException(Path dataDir, DataDirLock.Owner owner) {
        super(owner.describe() + " owns " + dataDir);
        this.dataDir = dataDir;
        this.owner = owner;
    }

    public Path dataDir() {
        return dataDir;
    }

    public DataDirLock.Owner owner() {
        return owner;
    }
}
