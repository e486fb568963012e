package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Temporary directories for active snapshots, with {@code fs} and {@code work}, made ahead while the
 * snapshotter is quiet, so that a Prepare after a pause only takes one. Three mkdirs are most of a
 * Prepare's disk work: ext4 picks a block group for every new directory (its Orlov allocator reads
 * the groups' counts), about 55 µs of CPU each here. Bursts are what containerd sends (an image's
 * layers unpacked one after another, containers started together), and between them the snapshotter
 * is idle; under calls that never pause, creates make their own as before.
 *
 * <p>They wait in {@code ready/}, outside {@code snapshots/}, and a create renames one to its id
 * as it would its own, or {@linkplain #giveBack gives it back} if it fails before touching it. The
 * pool is refilled once a taken directory is {@linkplain #refillWhenQuiet spent}, not when taken, so
 * that one given back does not make another. {@link #deleteReady} deletes everything in
 * {@code ready/} at close; what a crash left, the next start's {@link #sweepEarlier} does.
 */
final class ReadyDirectories {
    private static final System.Logger LOG = System.getLogger(ReadyDirectories.class.getName());

    private final StateDirectory state;
    private final SnapshotDirectories directories;
    private final Remover quietWork;
    private final int capacity;
    private final ConcurrentLinkedQueue<Path> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean refillQueued = new AtomicBoolean();
    private volatile boolean stopped;

    /** Keeps up to {@code capacity} directories ready, made on {@code quietWork}'s thread when calls pause. */
    ReadyDirectories(StateDirectory state, SnapshotDirectories directories, Remover quietWork, int capacity) {
        this.state = state;
        this.directories = directories;
        this.quietWork = quietWork;
        this.capacity = capacity;
    }

    /**
     * A ready temporary directory for an active snapshot, now the caller's, or null if none is ready
     * or the pool is stopped. The caller renames it, {@linkplain #giveBack gives it back} or deletes
     * it, and then asks for a {@linkplain #refillWhenQuiet refill}, which finds nothing to make if it
     * was given back.
     */
    Path take() {
        if (stopped) {
            return null;
        }
        Path taken = ready.poll();
        if (taken != null) {
            count.decrementAndGet();
        }
        return taken;
    }

    /**
     * Takes back {@code directory}, {@linkplain #take taken} and left as it was made: still in
     * {@code ready/}, with {@code fs} and {@code work} empty. False, and the caller deletes it, if it is
     * not, or if the pool is stopped or full.
     */
    boolean giveBack(Path directory) {
        if (stopped || !directories.isMadeAhead(directory) || !isEmptyDirectory(directory.resolve("fs"))
                || !isEmptyDirectory(directory.resolve("work")) || !reserveSlot()) {
            return false;
        }
        ready.add(directory);
        return true;
    }

    /** Counts one more directory if the pool has room; givers and the refill never exceed the capacity together. */
    private boolean reserveSlot() {
        return count.getAndUpdate(n -> n < capacity ? n + 1 : n) < capacity;
    }

    // java.io answers "missing" with null, without an exception
    private static boolean isEmptyDirectory(Path path) {
        String[] entries = path.toFile().list();
        return entries != null && entries.length == 0;
    }

    /** Asks for the directories to be made up to the capacity at the next pause. */
    void refillWhenQuiet() {
        if (!stopped && count.get() < capacity && refillQueued.compareAndSet(false, true)) {
            quietWork.whenQuiet(this::refill);
        }
    }

    /** Deletes, when quiet, the directories that earlier instances made ahead and left in {@code ready/}. */
    void sweepEarlier() {
        quietWork.sweep(() -> {
            List<Path> earlier = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(state.ready())) {
                for (Path entry : entries) {
                    if (!directories.isOwnTemporary(entry.getFileName().toString())) {
                        earlier.add(entry);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("failed to list " + state.ready() + ": " + e.getMessage(), e);
            }
            return earlier;
        });
    }

    /** Makes no more directories and gives none out; call {@link #deleteReady} once the quiet work has stopped. */
    void stop() {
        stopped = true;
    }

    /**
     * Deletes everything in {@code ready/}, once {@linkplain #stop stopped} and the writer closed: the
     * directories still ready, and any that a create took but can no longer rename (its change was
     * refused), which that create may be deleting too. False if one could not be deleted.
     */
    boolean deleteReady() {
        ready.clear();
        count.set(0);
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(state.ready())) {
            entries.forEach(left::add);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to list " + state.ready() + ", the next start will sweep it: " + e.getMessage());
            return false;
        }
        boolean all = true;
        for (Path directory : left) {
            all &= FileTrees.deleteOrWarn(directory, LOG, "the next start will retry");
        }
        return all;
    }

    /**
     * Makes directories until the capacity is reached or a call comes, and then goes on at the next
     * pause. After a failure (a full disk) only the next create of an active snapshot asks again.
     */
    private void refill() {
        refillQueued.set(false);
        try {
            while (!stopped && quietWork.quiet() && reserveSlot()) {
                ready.add(makeAheadInReservedSlot());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "failed to make a directory ahead, creates make their own: " + e.getMessage());
            return;
        }
        refillWhenQuiet();
    }

    private Path makeAheadInReservedSlot() throws IOException {
        try {
            return directories.makeAhead();
        } catch (IOException | RuntimeException e) {
            count.decrementAndGet();
            throw e;
        }
    }
}
