package dev.strata.overlay.lmdb;

import java.nio.file.Path;

/**
 * An open LMDB environment: one memory-mapped file of named databases. Transactions begin here; close
 * the environment only once every transaction has ended.
 */
public final class LmdbEnvironment implements AutoCloseable {
    /** The flags of {@code mdb_env_open} that Strata uses, under LMDB's names. */
    public enum Flag {
        /** The path is the data file itself, not a directory holding {@code data.mdb} and {@code lock.mdb}. */
        MDB_NOSUBDIR(0x4000),
        /** Commits do not flush; {@link #sync} does. */
        MDB_NOSYNC(0x10000),
        MDB_RDONLY(0x20000),
        /** Read transactions are not tied to a thread's slot, so one thread may hold several. */
        MDB_NOTLS(0x200000),
        /** No lock file: the caller makes sure nothing else opens the environment. */
        MDB_NOLOCK(0x400000);

        private final int bit;

        Flag(int bit) {
            this.bit = bit;
        }
    }

    /** The mode of the files LMDB creates: only the owner reads them. */
    private static final int FILE_MODE = 0600;

    private final long handle;
    private final Path path;
    private volatile boolean closed;

    private LmdbEnvironment(long handle, Path path) {
        this.handle = handle;
        this.path = path;
    }

    /**
     * Opens the environment at {@code path}, creating its files unless it is read-only.
     * {@code mapSize} bounds the database's size; the map is sparse, so it allocates nothing.
     */
    public static LmdbEnvironment open(Path path, long mapSize, int maxDatabases, Flag... flags) {
        LmdbNative.register();
        CallMemory call = CallMemory.current();
        LmdbException.check(LmdbNative.mdb_env_create(call.out()), "mdb_env_create", path);
        long handle = call.outValue();
        int bits = 0;
        for (Flag flag : flags) {
            bits |= flag.bit;
        }
        try {
            LmdbException.check(LmdbNative.mdb_env_set_mapsize(handle, mapSize), "mdb_env_set_mapsize", path);
            LmdbException.check(LmdbNative.mdb_env_set_maxdbs(handle, maxDatabases), "mdb_env_set_maxdbs", path);
            LmdbException.check(LmdbNative.mdb_env_open(handle, path.toString(), bits, FILE_MODE), "mdb_env_open", path);
        } catch (LmdbException e) {
            LmdbNative.mdb_env_close(handle);
            throw e;
        }
        return new LmdbEnvironment(handle, path);
    }

    /**
     * Opens the database {@code name} in a transaction of its own, creating it if {@code create}
     * (which takes the write lock).
     */
    public LmdbDatabase openDatabase(String name, boolean create) {
        try (LmdbTransaction txn = create ? beginWrite() : beginRead()) {
            CallMemory call = CallMemory.current();
            LmdbException.check(LmdbNative.mdb_dbi_open(txn.handle(), name, create ? LmdbNative.MDB_CREATE : 0, call.out()), "mdb_dbi_open", name);
            LmdbDatabase database = new LmdbDatabase(call.outInt(), name);
            // a handle opened in a transaction is kept by the environment only once that commits
            txn.commit();
            return database;
        }
    }

    public LmdbTransaction beginRead() {
        return begin(0, LmdbNative.MDB_RDONLY);
    }

    /** Begins a write transaction; waits while another holds the environment's write lock. */
    public LmdbTransaction beginWrite() {
        return begin(0, 0);
    }

    /** Begins a write transaction inside {@code parent}, which must not be used until this one ends. */
    public LmdbTransaction beginNested(LmdbTransaction parent) {
        return begin(parent.handle(), 0);
    }

    private LmdbTransaction begin(long parent, int flags) {
        ensureOpen();
        CallMemory call = CallMemory.current();
        LmdbException.check(LmdbNative.mdb_txn_begin(handle, parent, flags, call.out()), "mdb_txn_begin", path);
        return new LmdbTransaction(call.outValue(), flags == LmdbNative.MDB_RDONLY);
    }

    /** Flushes the data file, as the environment's {@link Flag#MDB_NOSYNC} commits do not. */
    public void sync() {
        ensureOpen();
        LmdbException.check(LmdbNative.mdb_env_sync(handle, 1), "mdb_env_sync", path);
    }

    /**
     * Writes a consistent copy of the environment to {@code data.mdb} in the existing, empty
     * {@code directory}. It reads in a transaction of its own, so writers wait only while it begins.
     */
    public void copyTo(Path directory) {
        ensureOpen();
        LmdbException.check(LmdbNative.mdb_env_copy2(handle, directory.toString(), 0), "mdb_env_copy2", directory);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LmdbNative.mdb_env_close(handle);
        }
    }

    /** A call on a closed environment would pass LMDB a freed handle. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the LMDB environment at " + path + " is closed");
        }
    }
}
