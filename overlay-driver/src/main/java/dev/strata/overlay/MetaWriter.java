package dev.strata.overlay;

import dev.strata.snapshots.Completions;
import dev.strata.snapshots.UnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The one writer of a {@link MetaStore} (LMDB has a single writer): group commit on a dedicated
 * thread. Callers hand in changes and get futures; nobody waits for a commit unless it asks to. The
 * writer thread takes every queued change, runs them one after another inside one write transaction,
 * each in its own nested transaction, makes them durable with one commit (one sync), and then completes
 * their futures in order. A future completes only after the commit of its change; a change that throws
 * is rolled back alone, and a failed commit fails every change of its batch. The thread is woken only
 * when it is idle, so a burst of changes costs one wake-up.
 */
final class MetaWriter implements AutoCloseable {
    /** Bounds how long the first change of a batch waits for the others to run, and so the ids one batch's creates can take. */
    static final int MAX_BATCH = 64;

    private final MetaStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changesQueued = lock.newCondition();
    private final ArrayDeque<Change<?>> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean idle;
    private boolean closed;

    MetaWriter(MetaStore store) {
        this.store = store;
        this.thread = new Thread(this::run, "strata-meta-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code change} to run in a write transaction. The future completes with its result once
     * the change is durable, on the writer thread, so dependent stages that the caller adds run there,
     * before the next change of the batch is acknowledged. It fails with the exception the change threw
     * (the change then leaves no trace), with the commit's failure, or with {@link UnavailableException}
     * once the writer is closed.
     */
    <T> CompletableFuture<T> submit(Function<MetaTransaction, T> change) {
        Change<T> queued = new Change<>(change);
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new UnavailableException("failed to write metadata: the snapshotter is closed"));
            }
            queue.add(queued);
            if (idle) {
                idle = false;
                changesQueued.signal();
            }
        } finally {
            lock.unlock();
        }
        return queued.future;
    }

    /** {@link #submit} and wait: returns the result once durable, or throws what the change or its commit threw. */
    <T> T write(Function<MetaTransaction, T> change) {
        return Completions.join(submit(change));
    }

    /** Whether the writer waits for changes: one handed in now is committed alone, at once. */
    boolean idle() {
        lock.lock();
        try {
            return idle && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The number of changes waiting for the writer. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new changes and waits until the ones already handed in are committed and acknowledged. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changesQueued.signal();
        } finally {
            lock.unlock();
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
        for (List<Change<?>> batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
            commit(batch);
            batch.forEach(Change::complete);
        }
    }

    /** The oldest queued changes; waits while there are none, and returns none once closed and drained. */
    private List<Change<?>> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                idle = true;
                changesQueued.awaitUninterruptibly();
            }
            idle = false;
            List<Change<?>> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.poll());
            }
            return batch;
        } finally {
            lock.unlock();
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
    }

    /** A change and its outcome, which only the writer thread touches until it completes the future. */
    private static final class Change<T> {
        final Function<MetaTransaction, T> body;
        final CompletableFuture<T> future = new CompletableFuture<>();
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
                future.complete(result);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }
}
