package dev.strata.overlay.lmdb;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/**
 * An LMDB transaction: read-only, or a write transaction (the environment's one writer) that may be
 * nested in another. Close it with try-with-resources; closing without {@link #commit} aborts it. Like
 * LMDB's own, it is not safe for concurrent use, and a write transaction stays on the thread that began it.
 * A nested transaction ends with its parent at the latest, as LMDB ends it then.
 *
 * <p>Keys and values go in as direct buffers, whose remaining bytes LMDB copies before a call returns.
 * The buffers that come out are copies, the caller's to keep: each wraps a whole array of exactly
 * its bytes, which {@link ByteBuffer#array()} hands over without another copy.
 */
public final class LmdbTransaction implements AutoCloseable {
    private final LmdbEnvironment environment;
    private final long handle;
    private final boolean readOnly;
    private final LmdbTransaction parent;
    /** The open transaction nested in this one, if any: LMDB frees it when this one ends. */
    private LmdbTransaction child;
    private boolean ended;

    LmdbTransaction(LmdbEnvironment environment, long handle, boolean readOnly, LmdbTransaction parent) {
        this.environment = environment;
        this.handle = handle;
        this.readOnly = readOnly;
        this.parent = parent;
        if (parent != null) {
            parent.child = this;
        }
    }

    /** The handle, for a call on this open transaction: a nested transaction's begin, a database's open. */
    long openHandle() {
        ensureOpen();
        return handle;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The value stored under {@code key}, or null. */
    public ByteBuffer get(LmdbDatabase database, ByteBuffer key) {
        ensureOpen();
        CallMemory call = CallMemory.current();
        int result = LmdbNative.mdb_get(handle, database.handle, call.key(key), call.data());
        Reference.reachabilityFence(key);
        if (result == LmdbNative.MDB_NOTFOUND) {
            return null;
        }
        LmdbException.check(result, "mdb_get", database);
        return call.dataCopy();
    }

    /** Stores {@code value} under {@code key}, replacing what was there. */
    public void put(LmdbDatabase database, ByteBuffer key, ByteBuffer value) {
        ensureOpen();
        CallMemory call = CallMemory.current();
        int result = LmdbNative.mdb_put(handle, database.handle, call.key(key), call.data(value), 0);
        Reference.reachabilityFence(key);
        Reference.reachabilityFence(value);
        LmdbException.check(result, "mdb_put", database);
    }

    /** Deletes {@code key}; returns false if it was not there. */
    public boolean delete(LmdbDatabase database, ByteBuffer key) {
        ensureOpen();
        CallMemory call = CallMemory.current();
        int result = LmdbNative.mdb_del(handle, database.handle, call.key(key), 0);
        Reference.reachabilityFence(key);
        if (result == LmdbNative.MDB_NOTFOUND) {
            return false;
        }
        LmdbException.check(result, "mdb_del", database);
        return true;
    }

    /** Sees one entry of a {@link #scan}; returns whether the scan goes on. */
    @FunctionalInterface
    public interface EntryVisitor {
        boolean visit(ByteBuffer key, ByteBuffer value);
    }

    /**
     * Visits {@code database}'s entries in key order, from the first key at or after {@code from}
     * (from the first entry if {@code from} is null), until {@code visitor} returns false.
     */
    public void scan(LmdbDatabase database, ByteBuffer from, EntryVisitor visitor) {
        ensureOpen();
        CallMemory call = CallMemory.current();
        LmdbException.check(LmdbNative.mdb_cursor_open(handle, database.handle, call.out()), "mdb_cursor_open", database);
        long cursor = call.outValue();
        try {
            int result = from == null
                    ? LmdbNative.mdb_cursor_get(cursor, call.key(), call.data(), LmdbNative.MDB_FIRST)
                    : LmdbNative.mdb_cursor_get(cursor, call.key(from), call.data(), LmdbNative.MDB_SET_RANGE);
            Reference.reachabilityFence(from);
            // the visitor may make calls of its own on this thread: each entry is copied before it runs
            while (result == 0 && visitor.visit(call.keyCopy(), call.dataCopy())) {
                ensureOpen();
                result = LmdbNative.mdb_cursor_get(cursor, call.key(), call.data(), LmdbNative.MDB_NEXT);
            }
            if (result != LmdbNative.MDB_NOTFOUND) {
                LmdbException.check(result, "mdb_cursor_get", database);
            }
        } finally {
            // a write transaction frees its cursors when it ends; a read-only one leaves them to their owner
            if (readOnly || !ended) {
                LmdbNative.mdb_cursor_close(cursor);
            }
        }
    }

    /**
     * Commits: a write transaction's changes become visible (a nested one's, to its parent). The
     * transaction ends even if the commit fails.
     */
    public void commit() {
        ensureOpen();
        int result = LmdbNative.mdb_txn_commit(handle);
        markEnded();
        LmdbException.check(result, "mdb_txn_commit", readOnly ? "read" : "write");
    }

    /** Aborts the transaction unless it has ended. */
    @Override
    public void close() {
        if (!ended) {
            LmdbNative.mdb_txn_abort(handle);
            markEnded();
        }
    }

    /** Marks this transaction and the one nested in it as ended, as LMDB has freed both. */
    private void markEnded() {
        if (ended) {
            return;
        }
        ended = true;
        if (child != null) {
            child.markEnded();
        }
        if (parent != null) {
            parent.child = null;
        }
        environment.release();
    }

    /** A call on an ended transaction would pass LMDB a freed handle. */
    private void ensureOpen() {
        if (ended) {
            throw new IllegalStateException("the LMDB transaction has ended");
        }
    }
}
