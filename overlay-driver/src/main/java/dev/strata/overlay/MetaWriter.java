package dev.strata.overlay;

import dev.strata.snapshots.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The one writer of a {@link MetaStore} (LMDB has a single writer): group commit. Changes that callers
 * hand in concurrently are queued and run one after another on the writer thread inside one write
 * transaction, each in its own nested transaction, and made durable by one commit, which is one sync.
 * A caller returns only after that commit; a change that throws is rolled back alone, and a failed
 * commit fails every change of its batch.
 */
final class MetaWriter implements AutoCloseable {
    /** Bounds how long the first caller of a batch waits for the others. */
    private static final int MAX_BATCH = 64;

    private final MetaStore store;
    private final BlockingQueue<Change<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean closed;

    MetaWriter(MetaStore store) {
        this.store = store;
        this.thread = new Thread(this::run, "strata-metadata-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code change} in a write transaction and returns its result once the change is durable.
     * Exceptions the change throws reach the caller unchanged, and the change leaves no trace.
     */
    <T> T write(Function<MetaTransaction, T> change) {
        Change<T> queued = new Change<>(change);
        synchronized (this) {
            if (closed) {
                throw new UnavailableException("failed to write metadata: the snapshotter is closed");
            }
            queue.add(queued);
        }
        try {
            return queued.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The number of changes waiting for the writer thread. */
    int queued() {
        return queue.size();
    }

    /** Finishes the changes already queued, then stops the writer thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(Change.STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Change<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(Change.STOP);
            commit(batch);
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void commit(List<Change<?>> batch) {
        try (MetaTransaction tx = store.begin(true)) {
            for (Change<?> change : batch) {
                change.applyNested(store, tx);
            }
            tx.commit();
        } catch (RuntimeException | Error e) {
            // the changes that had not failed on their own are lost with the batch
            batch.stream().filter(change -> change.failure == null).forEach(change -> change.failure = e);
        }
        batch.forEach(Change::complete);
    }

    private static final class Change<T> {
        static final Change<Void> STOP = new Change<>(tx -> null);

        final Function<MetaTransaction, T> body;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        Throwable failure;

        Change(Function<MetaTransaction, T> body) {
            this.body = body;
        }

        /** Runs the body in a transaction nested in {@code parent}; if it fails, only its own changes roll back. */
        void applyNested(MetaStore store, MetaTransaction parent) {
            try (MetaTransaction nested = store.beginNested(parent)) {
                result = body.apply(nested);
                nested.commit();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        void complete() {
            if (failure == null) {
                done.complete(result);
            } else {
                done.completeExceptionally(failure);
            }
        }
    }
}
