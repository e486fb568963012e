package dev.strata.overlay;

import dev.strata.snapshots.UnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The one writer of a {@link MetaStore} (LMDB has a single writer): group commit without a writer
 * thread. A caller that finds no commit running becomes the leader: on its own thread it runs every
 * queued change, its own among them, one after another inside one write transaction, each in its own
 * nested transaction, and makes them durable with one commit, which is one sync. Changes handed in
 * while a commit is running wait, and the first of them to wake leads the next batch. So a lone caller
 * pays no thread hand-off, and concurrent callers share syncs. A caller returns only after the commit
 * of its change; a change that throws is rolled back alone, and a failed commit fails every change of
 * its batch.
 */
final class MetaWriter implements AutoCloseable {
    /** Bounds the work one leader does for others, and so the ids one batch's creates can take. */
    static final int MAX_BATCH = 64;

    private final MetaStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition batchDone = lock.newCondition();
    private final ArrayDeque<Change<?>> queue = new ArrayDeque<>();
    private boolean committing;
    private boolean closed;

    MetaWriter(MetaStore store) {
        this.store = store;
    }

    /**
     * Runs {@code change} in a write transaction and returns its result once the change is durable.
     * Exceptions the change throws reach the caller unchanged, and the change leaves no trace.
     */
    <T> T write(Function<MetaTransaction, T> change) {
        Change<T> queued = new Change<>(change);
        lock.lock();
        try {
            if (closed) {
                throw new UnavailableException("failed to write metadata: the snapshotter is closed");
            }
            queue.add(queued);
            while (!queued.done) {
                if (committing) {
                    batchDone.awaitUninterruptibly();
                } else {
                    lead();
                }
            }
        } finally {
            lock.unlock();
        }
        return queued.outcome();
    }

    /** The number of changes waiting for a leader. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new changes and waits until the ones already handed in are committed. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            while (committing || !queue.isEmpty()) {
                batchDone.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Commits the oldest queued changes; called with the lock held, which it releases while committing. */
    private void lead() {
        List<Change<?>> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(queue.poll());
        }
        committing = true;
        lock.unlock();
        try {
            commit(batch);
        } finally {
            lock.lock();
            committing = false;
            batch.forEach(change -> change.done = true);
            batchDone.signalAll();
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

    /** A change and its outcome; the outcome fields are published to the caller through the lock. */
    private static final class Change<T> {
        final Function<MetaTransaction, T> body;
        T result;
        Throwable failure;
        boolean done;

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

        T outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
