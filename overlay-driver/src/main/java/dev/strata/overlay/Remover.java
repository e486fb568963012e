package dev.strata.overlay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Deletes the directories of removed snapshots off the request path. {@link #discard} queues a
 * directory where it is; a background thread deletes it once the snapshotter has been quiet for a
 * while: deleting next to a stream of calls slows every one of them, since its getdents, unlinks and
 * rmdirs compete for the same cores and the same journal as their syncs. Nothing is renamed on the
 * request path either: a removed (so once committed) snapshot's id is never taken again, and a directory that no
 * snapshot owns is an orphan to Cleanup and to the sweep after a crash, which may delete it first.
 * Other work that should wait for a pause runs on the same thread ({@link #whenQuiet}): the sweeps
 * and the directories made ahead for creates. Closing runs what waits without waiting for quiet.
 *
 * <p>What waits is bounded in time and, as far as it is known, in size, not in count: when the oldest
 * has waited {@code maxAge}, or the stored usage of those waiting exceeds {@code maxBytes}, everything
 * waiting is deleted at once, busy or not. A count would fire in the middle of any steady stream of
 * calls (one deletion per removal once it is reached), though a thousand removed layers of a few
 * kilobytes hold back less disk than one large one. The age bounds how long any removed snapshot's
 * disk is held, whatever its size; the bytes bound how much, for committed snapshots, whose usage was
 * measured at commit (an active snapshot's usage is not known without walking it, the work deletion
 * would do). containerd's overlay with asynchronous remove, what containerd ships, holds everything
 * until containerd next calls Cleanup.
 */
final class Remover implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Remover.class.getName());
    /** How long closing waits for queued deletions; what is left is deleted at the next start. */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final long quietNanos;
    private final long maxAgeNanos;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Waiting> trash = new ArrayDeque<>();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Thread deleter = new Thread(this::run, "strata-remover");
    private volatile long lastActivity = System.nanoTime();
    /** Set when something of the remover's may stay behind for the next start: a failed delete or search. */
    private volatile boolean leftBehind;
    private boolean closing;
    /** The stored usage of the directories in {@link #trash}. */
    private long waitingBytes;
    /** Set when a bound was reached: everything that waits is deleted without waiting for quiet. */
    private boolean draining;

    /**
     * Starts a remover that defers each deletion until no call was {@linkplain #noteActivity noted} for
     * {@code quiet}, unless the oldest deletion has waited {@code maxAge} or those waiting hold more
     * than {@code maxBytes}.
     */
    Remover(Duration quiet, Duration maxAge, long maxBytes) {
        this.quietNanos = quiet.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        this.maxBytes = maxBytes;
        deleter.setDaemon(true);
        deleter.start();
    }

    /** Marks that a call is running now: deferred deletions wait for the calls to pause. */
    void noteActivity() {
        lastActivity = System.nanoTime();
    }

    /** Deletes the directory of a removed snapshot later; {@code bytes} is its stored usage, 0 if not known. */
    void discard(Path directory, long bytes) {
        lock.lock();
        try {
            if (closing) {
                leftBehind = true;
                LOG.log(System.Logger.Level.DEBUG, "remover closed: " + directory + " is left for the next start");
                return;
            }
            boolean wasEmpty = trash.isEmpty();
            add(directory, bytes);
            // a thread that waits with work queued wakes by itself when the calls pause or the oldest is due
            if (wasEmpty || waitingBytes > maxBytes) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes, when quiet, the directories {@code orphans} finds; it runs on the remover's thread. */
    void sweep(Supplier<List<Path>> orphans) {
        whenQuiet(() -> {
            List<Path> found = find(orphans);
            lock.lock();
            try {
                found.forEach(directory -> add(directory, 0));
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * Runs {@code task} on the remover's thread once calls pause, or at close, before the deletions
     * that wait; it should stop when {@link #quiet} turns false.
     */
    void whenQuiet(Runnable task) {
        enqueue(() -> tasks.add(task));
    }

    /** Whether no call was noted for the quiet period. */
    boolean quiet() {
        return System.nanoTime() - lastActivity >= quietNanos;
    }

    /**
     * True if everything handed to this remover was deleted and nothing failed: after {@link #close},
     * none of the directories it was given is left.
     */
    boolean leftNothing() {
        lock.lock();
        try {
            return !leftBehind && !deleter.isAlive() && trash.isEmpty() && tasks.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Runs the tasks and deletions that wait, for a bounded time, and stops the thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            deleter.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean enqueue(Runnable add) {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            add.run();
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        for (Runnable work = nextWork(); work != null; work = nextWork()) {
            try {
                work.run();
            } catch (RuntimeException e) {
                leftBehind = true;
                LOG.log(System.Logger.Level.WARNING, "background work of the snapshotter failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Waits until there is work that may run now and returns it: a task once calls pause, a deletion
     * once calls pause or while a bound drains the trash (tasks still wait for the pause), anything
     * left when closing; null when closing and nothing is left.
     */
    private Runnable nextWork() {
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                boolean quietNow = closing || now - lastActivity >= quietNanos;
                if (trash.isEmpty()) {
                    draining = false;
                } else {
                    draining |= now - trash.peek().since() >= maxAgeNanos || waitingBytes > maxBytes;
                }
                if (quietNow && !tasks.isEmpty()) {
                    return tasks.poll();
                }
                if ((quietNow || draining) && !trash.isEmpty()) {
                    Waiting next = trash.poll();
                    waitingBytes -= next.bytes();
                    return () -> delete(next.directory());
                }
                if (closing) {
                    return null;
                }
                if (trash.isEmpty() && tasks.isEmpty()) {
                    changed.awaitUninterruptibly();
                } else {
                    long untilQuiet = lastActivity + quietNanos - now;
                    long oldestDue = trash.isEmpty() ? Long.MAX_VALUE : trash.peek().since() + maxAgeNanos - now;
                    changed.awaitNanos(Math.min(untilQuiet, oldestDue));
                }
            }
        } catch (InterruptedException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void add(Path directory, long bytes) {
        trash.add(new Waiting(directory, bytes, System.nanoTime()));
        waitingBytes += bytes;
    }

    private List<Path> find(Supplier<List<Path>> search) {
        try {
            return search.get();
        } catch (RuntimeException e) {
            leftBehind = true;
            LOG.log(System.Logger.Level.WARNING, "failed to search for leftover directories: " + e.getMessage());
            return List.of();
        }
    }

    private void delete(Path directory) {
        if (!FileTrees.deleteOrWarn(directory, LOG, "the next start will retry")) {
            leftBehind = true;
        }
    }

    private record Waiting(Path directory, long bytes, long since) {
    }
}
