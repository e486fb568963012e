package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Deletes the directories of removed snapshots off the request path. {@link #discard} renames a
 * directory to {@code removed-<id>} next to the live ones, at once, and deletes it on a background
 * thread; directories so named belong to the remover, and one left by a crash is deleted when the
 * next remover starts. Cleanup leaves them alone.
 */
final class Remover implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Remover.class.getName());
    private static final String PREFIX = "removed-";
    /** How long closing waits for queued deletions; what is left is deleted at the next start. */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final Path snapshots;
    private final ExecutorService deleter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "strata-remover");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts a remover for the snapshot directories in {@code snapshots} and queues the leftovers of a crash. */
    Remover(Path snapshots) {
        this.snapshots = snapshots;
        deleter.execute(this::deleteLeftovers);
    }

    static boolean owns(Path entry) {
        return entry.getFileName().toString().startsWith(PREFIX);
    }

    /** Takes the directory of the removed snapshot {@code id} out of the live set and deletes it later. */
    void discard(long id, Path directory) {
        Path trash = snapshots.resolve(PREFIX + id);
        try {
            Files.move(directory, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to move directory " + directory + " aside, cleanup will remove it: " + e.getMessage());
            return;
        }
        try {
            deleter.execute(() -> delete(trash));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "remover closed: " + trash + " is left for the next start");
        }
    }

    /** Deletes the directories {@code orphans} finds, on the remover's thread. */
    void sweep(Supplier<List<Path>> orphans) {
        deleter.execute(() -> orphans.get().forEach(this::delete));
    }

    /** Lets queued deletions finish for a bounded time. */
    @Override
    public void close() {
        deleter.shutdown();
        try {
            if (!deleter.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                deleter.shutdownNow();
            }
        } catch (InterruptedException e) {
            deleter.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void deleteLeftovers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshots, PREFIX + "*")) {
            entries.forEach(this::delete);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to list " + snapshots + " for removed directories: " + e.getMessage());
        }
    }

    private void delete(Path trash) {
        try {
            FileTrees.delete(trash);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to remove directory " + trash + ", the next start will retry: " + e.getMessage());
        }
    }
}
