package dev.strata.overlay.lmdb;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open LMDB environment: one memory-mapped file of named databases. Transactions begin here.
 * {@link #close} refuses new work and waits for the transactions and copies under way, since LMDB
 * would otherwise be handed a freed environment by a call still in flight on another thread.
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

    /** Thrown for a transaction, sync or copy asked of an environment that is closing or closed. */
    public static final class ClosedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ClosedException(Path path) {
            super("the LMDB environment at " + path + " is closed");
        }
    }

    /** The mode of the files LMDB creates: only the owner reads them. */
    private static final int FILE_MODE = 0600;

    private static final long CLOSE_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final long handle;
    private final Path path;
    /** Open transactions plus syncs and copies under way: what a close waits for. */
    private final AtomicInteger uses = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

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
            LmdbException.check(LmdbNative.mdb_dbi_open(txn.openHandle(), name, create ? LmdbNative.MDB_CREATE : 0, call.out()), "mdb_dbi_open", name);
            LmdbDatabase database = new LmdbDatabase(call.outInt(), name);
            // a handle opened in a transaction is kept by the environment only once that commits
            txn.commit();
            return database;
        }
    }

    public LmdbTransaction beginRead() {
        return begin(null, LmdbNative.MDB_RDONLY);
    }

    /** Begins a write transaction; waits while another holds the environment's write lock. */
    public LmdbTransaction beginWrite() {
        return begin(null, 0);
    }

    /**
     * Begins a write transaction inside {@code parent}, which must not be used until this one ends;
     * it ends with its parent at the latest.
     */
    public LmdbTransaction beginNested(LmdbTransaction parent) {
        return begin(parent, 0);
    }

    private LmdbTransaction begin(LmdbTransaction parent, int flags) {
        acquire();
        try {
            long parentHandle = parent == null ? 0 : parent.openHandle();
            CallMemory call = CallMemory.current();
            LmdbException.check(LmdbNative.mdb_txn_begin(handle, parentHandle, flags, call.out()), "mdb_txn_begin", path);
            // released when the transaction ends
            return new LmdbTransaction(this, call.outValue(), flags == LmdbNative.MDB_RDONLY, parent);
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    /** Flushes the data file, as the environment's {@link Flag#MDB_NOSYNC} commits do not. */
    public void sync() {
        acquire();
        try {
            LmdbException.check(LmdbNative.mdb_env_sync(handle, 1), "mdb_env_sync", path);
        } finally {
            release();
        }
    }

    /**
     * Writes a consistent copy of the environment to {@code data.mdb} in the existing, empty
     * {@code directory}. It reads in a transaction of its own, so writers wait only while it begins.
     */
    public void copyTo(Path directory) {
        acquire();
        try {
            LmdbException.check(LmdbNative.mdb_env_copy2(handle, directory.toString(), 0), "mdb_env_copy2", directory);
        } finally {
            release();
        }
    }

    /**
     * Refuses new transactions, syncs and copies, waits for those under way to end, then closes. Must
     * not be called by a thread that holds an open transaction of this environment.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // rare and short: the transactions are a request's, or a scan's
        while (uses.get() > 0) {
            LockSupport.parkNanos(CLOSE_POLL_NANOS);
        }
        LmdbNative.mdb_env_close(handle);
    }

    /**
     * Counts a use of the environment's handle, or refuses it once a close has begun. The count comes
     * first: a close that has not seen it is seen by it, so no call can slip past a close in progress.
     */
    private void acquire() {
        uses.incrementAndGet();
        if (closed.get()) {
            release();
            throw new ClosedException(path);
        }
    }

    /** Ends a use counted by {@link #acquire}; a transaction calls it once, when it ends. */
    void release() {
        uses.decrementAndGet();
    }
}
