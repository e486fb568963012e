package dev.strata.overlay;

import dev.strata.snapshots.ResourceExhaustedException;
import java.nio.ByteBuffer;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * One metadata transaction. The driver opens it with try-with-resources and calls {@link #commit()}
 * when every change succeeded; closing without commit rolls everything back. A write transaction must
 * be committed or closed on the thread that began it.
 */
final class MetaTransaction implements AutoCloseable {
    private final Txn<ByteBuffer> txn;

    MetaTransaction(Txn<ByteBuffer> txn) {
        this.txn = txn;
    }

    Txn<ByteBuffer> txn() {
        return txn;
    }

    boolean writable() {
        return !txn.isReadOnly();
    }

    void commit() {
        try {
            txn.commit();
        } catch (Env.MapFullException e) {
            throw new ResourceExhaustedException("failed to commit metadata: database is full", e);
        } catch (LmdbNativeException e) {
            throw OutOfSpace.orLmdbFailure("failed to commit metadata", e);
        }
    }

    @Override
    public void close() {
        txn.close();
    }
}
