package dev.strata.overlay;

import dev.strata.overlay.lmdb.LmdbException;
import dev.strata.overlay.lmdb.LmdbTransaction;

/**
 * One metadata transaction. The driver opens it with try-with-resources and calls {@link #commit()}
 * when every change succeeded; closing without commit rolls everything back. A write transaction must
 * be committed or closed on the thread that began it. A write transaction records its changes, so
 * that committing a nested one hands them to its parent and committing the outermost one makes them
 * durable through the store's log.
 */
final class MetaTransaction implements AutoCloseable {
    private final LmdbTransaction txn;
    private final MetaStore store;
    /** The enclosing transaction, or null for an outermost one. */
    private final MetaTransaction parent;
    /** The changes made in this transaction; null for a read transaction. */
    private final ChangeRecord changes;

    MetaTransaction(LmdbTransaction txn, MetaStore store, MetaTransaction parent) {
        this.txn = txn;
        this.store = store;
        this.parent = parent;
        this.changes = txn.readOnly() ? null : new ChangeRecord();
    }

    LmdbTransaction txn() {
        return txn;
    }

    ChangeRecord changes() {
        return changes;
    }

    boolean readOnly() {
        return changes == null;
    }

    void commit() {
        if (parent != null) {
            commitInLmdb();
            changes.appendTo(parent.changes);
        } else if (changes != null) {
            store.commitDurably(this);
        } else {
            commitInLmdb();
        }
    }

    /** Commits in LMDB alone, which for the outermost transaction makes nothing durable. */
    void commitInLmdb() {
        try {
            txn.commit();
        } catch (LmdbException e) {
            throw OutOfSpace.orLmdbFailure("failed to commit metadata", e);
        }
    }

    @Override
    public void close() {
        txn.close();
    }
}
