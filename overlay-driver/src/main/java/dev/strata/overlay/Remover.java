package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Deletes the directories of removed snapshots off the request path. {@link #discard} renames a
 * directory to {@code removed-<id>} next to the live ones, at once; a background thread deletes it
 * once the snapshotter has been quiet for a while (deleting next to a stream of calls slows every one
 * of them: its unlinks and rmdirs compete for the same cores and the same journal as their syncs), or
 * at once when too many wait. Directories so named belong to the remover; Cleanup leaves them alone,
 * and {@link #sweepLeftovers} finds those a crash left. Closing runs what waits without waiting for
 * quiet.
 */
final class Remover implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Remover.class.getName());
    private static final String PREFIX = "removed-";
    /** How long closing waits for queued deletions; what is left is deleted at the next start. */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final Path snapshots;
    private final long quietNanos;
    private final int maxDeferred;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Path> trash = new ArrayDeque<>();
    private final ArrayDeque<Supplier<List<Path>>> searches = new ArrayDeque<>();
    private final Thread deleter = new Thread(this::run, "strata-remover");
    private volatile long lastActivity = System.nanoTime();
    /** Set when something of the remover's may stay behind for the next start: a failed delete or search. */
    private volatile boolean leftBehind;
    private boolean closing;

    /**
     * Starts a remover for the snapshot directories in {@code snapshots} that defers each deletion until
     * no call was {@linkplain #noteActivity noted} for {@code quiet}, unless more than {@code maxDeferred}
     * deletions wait.
     */
    Remover(Path snapshots, Duration quiet, int maxDeferred) {
        this.snapshots = snapshots;
        this.quietNanos = quiet.toNanos();
        this.maxDeferred = maxDeferred;
        deleter.setDaemon(true);
        deleter.start();
    }

    static boolean owns(Path entry) {
        return entry.getFileName().toString().startsWith(PREFIX);
    }

    /** Marks that a call is running now: deferred deletions wait for the calls to pause. */
    void noteActivity() {
        lastActivity = System.nanoTime();
    }

    /** Takes the directory of the removed snapshot {@code id} out of the live set and deletes it later. */
    void discard(long id, Path directory) {
        Path moved = snapshots.resolve(PREFIX + id);
        try {
            Files.move(directory, moved, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            leftBehind = true;
            LOG.log(System.Logger.Level.WARNING, "failed to move directory " + directory + " aside, cleanup will remove it: " + e.getMessage());
            return;
        }
        if (!enqueue(() -> trash.add(moved))) {
            leftBehind = true;
            LOG.log(System.Logger.Level.DEBUG, "remover closed: " + moved + " is left for the next start");
        }
    }

    /** Deletes, when quiet, the {@code removed-*} directories that an earlier instance left. */
    void sweepLeftovers() {
        sweep(this::leftovers);
    }

    /** Deletes, when quiet, the directories {@code orphans} finds; it runs on the remover's thread. */
    void sweep(Supplier<List<Path>> orphans) {
        enqueue(() -> searches.add(orphans));
    }

    /**
     * True if everything handed to this remover was deleted and nothing failed: after {@link #close},
     * no directory of the remover's is left under {@code snapshots}.
     */
    boolean leftNothing() {
        lock.lock();
        try {
            return !leftBehind && !deleter.isAlive() && trash.isEmpty() && searches.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Runs the searches and deletions that wait, for a bounded time, and stops the thread. */
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
        while (true) {
            Supplier<List<Path>> search;
            Path next;
            lock.lock();
            try {
                if (!awaitTurn()) {
                    return;
                }
                search = searches.poll();
                next = search == null ? trash.poll() : null;
            } finally {
                lock.unlock();
            }
            if (search != null) {
                List<Path> found = find(search);
                lock.lock();
                try {
                    trash.addAll(found);
                } finally {
                    lock.unlock();
                }
            } else {
                delete(next);
            }
        }
    }

    /**
     * Waits, with the lock held, until there is work and it may run now; false when closing and all
     * the queued work is done.
     */
    private boolean awaitTurn() {
        while (true) {
            if (closing) {
                return !trash.isEmpty() || !searches.isEmpty();
            }
            if (trash.isEmpty() && searches.isEmpty()) {
                changed.awaitUninterruptibly();
                continue;
            }
            long wait = lastActivity + quietNanos - System.nanoTime();
            if (wait <= 0 || trash.size() > maxDeferred) {
                return true;
            }
            try {
                changed.awaitNanos(wait);
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    private List<Path> find(Supplier<List<Path>> search) {
        try {
            return search.get();
        } catch (RuntimeException e) {
            leftBehind = true;
            LOG.log(System.Logger.Level.WARNING, "failed to search " + snapshots + " for leftovers: " + e.getMessage());
            return List.of();
        }
    }

    private List<Path> leftovers() {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshots, PREFIX + "*")) {
            entries.forEach(found::add);
        } catch (IOException e) {
            leftBehind = true;
            LOG.log(System.Logger.Level.WARNING, "failed to list " + snapshots + " for removed directories: " + e.getMessage());
        }
        return found;
    }

    private void delete(Path directory) {
        try {
            FileTrees.delete(directory);
        } catch (UncheckedIOException e) {
            leftBehind = true;
            LOG.log(System.Logger.Level.WARNING, "failed to remove directory " + directory + ", the next start will retry: " + e.getMessage());
        }
    }
}
