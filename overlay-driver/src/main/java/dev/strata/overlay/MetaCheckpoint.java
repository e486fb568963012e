package dev.strata.overlay;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.strata.overlay.lmdb.LmdbDatabase;
import dev.strata.overlay.lmdb.LmdbEnvironment;
import dev.strata.overlay.lmdb.LmdbException;
import dev.strata.overlay.lmdb.LmdbTransaction;

/**
 * Durable copies of the metadata database, {@code checkpoint.mdb}: with the {@link MetaLog} records
 * after the position each copy holds, they are what a start after an unclean stop rebuilds the
 * database from. The database itself is committed without flushes, so after a power loss its file
 * cannot be trusted, while a copy is flushed before it replaces the last one by a rename.
 *
 * <p>The writer asks for a copy when its records move to the other log segment, and takes one itself
 * when it must switch again before a copy covers the current segment. Copies run on their own thread
 * and never block the writer for longer than LMDB's copy holds its write lock to choose a snapshot.
 */
final class MetaCheckpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetaCheckpoint.class.getName());
    static final String FILE = "checkpoint.mdb";
    private static final String STAGING = "checkpoint.new";
    /** The covered segment of a store that has no checkpoint yet. */
    static final int NO_SEGMENT = -1;

    private final LmdbEnvironment env;
    private final Path directory;
    /** Flushed before each copy replaces the last, so that every file the copied records describe survives a power loss. */
    private final Flushable describedFiles;
    /** Runs the copies in the background; made by the first one. */
    private ExecutorService thread;
    /** The log segment that the latest checkpoint's position lies in. */
    private volatile int coveredSegment;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);
    /** Set after a copy in the background failed: the next one is taken when the writer needs it. */
    private boolean backgroundFailed;

    MetaCheckpoint(LmdbEnvironment env, Path directory, Flushable describedFiles, int coveredSegment) {
        this.env = env;
        this.directory = directory;
        this.describedFiles = describedFiles;
        this.coveredSegment = coveredSegment;
    }

    static boolean exists(Path directory) {
        return Files.exists(directory.resolve(FILE));
    }

    /** Replaces the database file in {@code directory} with the checkpoint, before the environment opens. */
    static void restore(Path directory) {
        try {
            Files.copy(directory.resolve(FILE), directory.resolve("data.mdb"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to restore metadata from " + directory.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The log position that the checkpoint in {@code directory} holds. */
    static LogPosition position(Path directory) {
        try (LmdbEnvironment copy = LmdbEnvironment.open(directory.resolve(FILE), MetaStore.MAP_SIZE, MetaStore.DATABASES,
                LmdbEnvironment.Flag.MDB_NOSUBDIR, LmdbEnvironment.Flag.MDB_RDONLY, LmdbEnvironment.Flag.MDB_NOLOCK)) {
            LmdbDatabase meta = copy.openDatabase(MetaStore.META_DATABASE, false);
            try (LmdbTransaction txn = copy.beginRead()) {
                return MetaStore.logPosition(meta, txn);
            }
        }
    }

    int coveredSegment() {
        return coveredSegment;
    }

    /**
     * Starts a copy in the background unless one is running or the last one there failed. Never
     * throws: it runs after a commit, which must not be reported failed once it is durable.
     */
    synchronized void start() {
        if (!running.isDone() || backgroundFailed) {
            return;
        }
        try {
            if (thread == null) {
                thread = Executors.newSingleThreadExecutor(runnable -> {
                    Thread copier = new Thread(runnable, "strata-meta-checkpoint");
                    copier.setDaemon(true);
                    return copier;
                });
            }
            running = CompletableFuture.runAsync(this::take, thread).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    backgroundFailed(failure);
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            // no thread could be made or given the copy
            backgroundFailed(e);
        }
    }

    private synchronized void backgroundFailed(Throwable failure) {
        LOG.log(System.Logger.Level.WARNING, "failed to checkpoint metadata; retrying when the log needs it", failure);
        backgroundFailed = true;
    }

    /**
     * Returns once the latest checkpoint lies in {@code segment}: waits for a running copy, then takes
     * one on the calling thread if that was not enough. The caller holds no write transaction.
     */
    void awaitCovering(int segment) {
        if (coveredSegment == segment) {
            return;
        }
        pending().handle((ignored, failure) -> null).join();
        if (coveredSegment != segment) {
            take();
            synchronized (this) {
                backgroundFailed = false;
            }
        }
        if (coveredSegment != segment) {
            throw new IllegalStateException("failed to checkpoint metadata: the copy lies in log segment " + coveredSegment + ", not " + segment);
        }
    }

    /** Waits for a running copy to finish and stops the copying thread. */
    @Override
    public void close() {
        pending().handle((ignored, failure) -> null).join();
        synchronized (this) {
            if (thread != null) {
                thread.shutdown();
            }
        }
    }

    private synchronized CompletableFuture<Void> pending() {
        return running;
    }

    /**
     * Copies the database, flushes the copy and renames it over the last checkpoint. The calling thread
     * holds no write transaction, and no other copy may be running.
     */
    void take() {
        Path staging = directory.resolve(STAGING);
        try {
            FileTrees.delete(staging);
            Files.createDirectory(staging);
            env.copyTo(staging);
            Path copy = staging.resolve("data.mdb");
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // after the copy: every snapshot in it was created, its files included, before the copy began
            describedFiles.flush();
            Files.move(copy, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            DurableMarker.syncDirectory(directory);
            Files.delete(staging);
        } catch (IOException e) {
            throw OutOfSpace.orIoFailure("failed to checkpoint metadata to " + directory.resolve(FILE), e);
        } catch (LmdbException e) {
            throw OutOfSpace.orLmdbFailure("failed to checkpoint metadata to " + directory.resolve(FILE), e);
        }
        coveredSegment = position(directory).segment();
    }
}
