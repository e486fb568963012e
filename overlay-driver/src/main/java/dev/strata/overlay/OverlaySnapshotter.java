package dev.strata.overlay;

import dev.strata.snapshots.AsyncSnapshotter;
import dev.strata.snapshots.Completions;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Labels;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.UnavailableException;
import dev.strata.snapshots.Usage;
import dev.strata.snapshots.filter.SnapshotFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * containerd's overlay snapshotter on the JVM: each snapshot is a directory {@code snapshots/<id>}
 * under the root, with metadata in an LMDB store; see {@link Snapshotter} for the contract.
 *
 * <p>State changes in containerd's order so that a crash at any point leaves the old state or the new
 * one plus directories that {@link #cleanup} sweeps: creating makes a temporary directory, writes the
 * metadata, renames the directory to its id and commits last; removing commits the metadata first and
 * deletes the directory afterwards. A view with a parent has no directory (its mounts name only its
 * parents', see {@link MountSpecs#usesOwnDirectory}): creating and removing it only change metadata.
 */
public final class OverlaySnapshotter implements Snapshotter, AsyncSnapshotter {
    private static final System.Logger LOG = System.getLogger(OverlaySnapshotter.class.getName());
    /** How earlier builds named a removed snapshot's directory until they deleted it; a crash could leave one. */
    private static final String REMOVED_BY_EARLIER_BUILDS = "removed-";
    /**
     * How long calls must pause before removed directories are deleted, and how long and how many bytes
     * of committed snapshots may wait longer (see {@link Remover}).
     */
    private static final Duration REMOVE_WHEN_QUIET_FOR = Duration.ofMillis(50);
    private static final Duration REMOVE_AFTER_AT_MOST = Duration.ofSeconds(10);
    private static final long MAX_DEFERRED_REMOVAL_BYTES = 1L << 30;
    /**
     * Directories made ahead for active snapshots: enough for a large burst of Prepares (several
     * images' layers, many containers started at once); each costs three inodes and 12 KiB while it waits.
     */
    private static final int READY_DIRECTORIES = 256;
    /** Small enough that measuring it holds the writer up less than a hand-off to another thread costs. */
    private static final int UPPER_MEASURED_BY_WRITER = 16;

    private final StateDirectory state;
    /** Held from open to the end of close; {@link #open} releases it if the open fails. */
    private final RootLock lock;
    private final MetaStore store;
    private final MetaWriter writer;
    private final Remover remover;
    private final MountSpecs mountSpecs;
    private final SnapshotDirectories directories;
    private final ReadyDirectories readyDirectories;
    /** The snapshots whose files a power loss took, loaded before the first call. */
    private final LostSnapshots lost = new LostSnapshots();
    /**
     * Makes the directories of creates and measures the upper directories of commits while the
     * writer commits other changes, so that neither the caller's thread nor the writer waits for them.
     */
    private final ExecutorService diskWork = Executors.newCachedThreadPool(runnable -> {
        Thread worker = new Thread(runnable, "strata-disk-work");
        worker.setDaemon(true);
        return worker;
    });
    private volatile boolean closed;
    /** Set when a directory that no snapshot owns may have stayed behind, for the next start to sweep. */
    private volatile boolean leftBehind;

    private OverlaySnapshotter(StateDirectory state, MetaStore store, MountSpecs mountSpecs, RootLock lock) {
        this.state = state;
        this.lock = lock;
        this.store = store;
        this.writer = new MetaWriter(store);
        this.remover = new Remover(REMOVE_WHEN_QUIET_FOR, REMOVE_AFTER_AT_MOST, MAX_DEFERRED_REMOVAL_BYTES);
        this.mountSpecs = mountSpecs;
        this.directories = new SnapshotDirectories(state);
        this.readyDirectories = new ReadyDirectories(state, directories, remover, READY_DIRECTORIES);
    }

    /**
     * Opens the snapshotter whose state lives in {@code root}, creating it if needed. Checks, as
     * containerd does, that the root supports d_type and that overlayfs mounts there. What a crash left
     * behind is swept as {@link #cleanup} would: at once the directories that a create could collide
     * with, the rest in the background once calls pause; after a clean {@link #close}, nothing is left
     * and nothing is listed.
     *
     * @throws RootInUseException if another snapshotter has the root open
     * @throws IllegalStateException if the root cannot hold overlay snapshots
     */
    public static OverlaySnapshotter open(Path root) {
        StateDirectory state = new StateDirectory(root);
        try {
            createPrivateDirectory(state.root());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open overlay snapshotter at " + root + ": " + e.getMessage(), e);
        }
        RootLock lock = RootLock.acquire(state.lock(), "another snapshotter on this root");
        try {
            return openLocked(state, lock);
        } catch (RuntimeException | Error e) {
            try {
                lock.close();
            } catch (RuntimeException unlockFailure) {
                e.addSuppressed(unlockFailure);
            }
            throw e;
        }
    }

    private static OverlaySnapshotter openLocked(StateDirectory state, RootLock lock) {
        try {
            createPrivateDirectory(state.snapshots());
            TopDirectory.mark(state.snapshots());
            createPrivateDirectory(state.ready());
            // what is made ahead there holds a snapshot's files later: spread like snapshots/ children
            TopDirectory.mark(state.ready());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open overlay snapshotter at " + state.root() + ": " + e.getMessage(), e);
        }
        KernelSupport kernel = KernelSupport.probe(state.root(), new Mounter());
        MountSpecs mountSpecs = new MountSpecs(state, kernel);
        MetaStore store = MetaStore.open(state.metadata(), () -> DurableMarker.syncDirectory(state.snapshots()));
        OverlaySnapshotter snapshotter;
        try {
            snapshotter = new OverlaySnapshotter(state, store, mountSpecs, lock);
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
        try {
            snapshotter.recover();
        } catch (RuntimeException | Error e) {
            // not close(): it would record a clean shutdown, and the next start would skip the sweep
            try {
                snapshotter.release();
            } catch (RuntimeException | Error releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
        return snapshotter;
    }

    /** Undoes what an earlier instance's crash or power loss left half done, before any call. */
    private void recover() {
        long lastId = deleteUncommittedIds();
        restoreLostDirectories();
        try (MetaTransaction tx = begin(false)) {
            lost.addAll(store.lostIds(tx));
        }
        if (!CleanShutdown.consume(state)) {
            remover.sweep(() -> orphansOfEarlierInstances(lastId));
            readyDirectories.sweepEarlier();
        }
        readyDirectories.refillWhenQuiet();
    }

    /**
     * After a power loss, a snapshot's record can outlive the rename that gave it its directory: the
     * log's flush makes the record durable, but the creates do not flush {@code snapshots/} (nor
     * does containerd), and the sweep would then delete the temporary directory. The store flushes
     * {@code snapshots/} before a checkpoint or clean close says its records are durable, so only
     * snapshots created by replayed records can be affected, and it keeps their ids until they are
     * checked ({@link MetaStore#filesUncheckedAfter}). {@link PowerLossRepair} restores what it can;
     * the others are marked lost, and the mark is cleared once the directories made are flushed.
     */
    private void restoreLostDirectories() {
        PowerLossRepair repair = new PowerLossRepair(state, directories, this::deleteQuietly);
        List<SnapshotRecord> damaged = new ArrayList<>();
        Map<Long, Long> parentIds = new HashMap<>();
        try (MetaTransaction tx = begin(false)) {
            long checked = store.filesUncheckedAfter(tx);
            if (checked == Long.MAX_VALUE) {
                return;
            }
            store.forEachCreatedAfter(tx, checked, record -> {
                if (MountSpecs.usesOwnDirectory(record.kind(), record.parent()) && !repair.isIntact(record)) {
                    damaged.add(record);
                    if (!record.parent().isEmpty()) {
                        parentIds.put(record.id(), store.get(tx, record.parent()).id());
                    }
                }
            });
        }
        List<Long> lostIds = new ArrayList<>();
        for (SnapshotRecord record : damaged) {
            if (!repair.restore(record, parentIds.get(record.id()))) {
                lostIds.add(record.id());
            }
        }
        boolean flushed = flushRestored(repair);
        Completions.join(submit(tx -> {
            lostIds.forEach(id -> store.markLost(tx, id));
            if (flushed) {
                store.markFilesChecked(tx);
            }
            return null;
        }));
    }

    /** Flushes what the repair made; if that fails, the next start checks the same snapshots again. */
    private boolean flushRestored(PowerLossRepair repair) {
        try {
            repair.flush();
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "failed to flush the directories restored after a power loss in "
                    + state.snapshots() + "; the next start checks them again: " + e.getMessage());
            return false;
        }
    }

    /**
     * A crash during a create can leave directories renamed to ids that were never committed, which the
     * next creates will take again: deletes them before any create runs. The creates of a batch take
     * consecutive ids after the last committed one, but views with a parent make no directory, so the
     * whole span a batch can take is checked. Returns the last committed id.
     */
    private long deleteUncommittedIds() {
        long lastId;
        try (MetaTransaction tx = begin(false)) {
            lastId = store.lastId(tx);
        }
        for (long id = lastId + 1; id <= lastId + MetaWriter.MAX_BATCH; id++) {
            if (Files.exists(state.snapshot(id), LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.delete(state.snapshot(id));
            }
        }
        return lastId;
    }

    /**
     * The directories that no snapshot owns and that no call of this instance can be making: ids up to
     * {@code lastId} (later ones belong to this instance's creates), other instances' temporary
     * directories, and the {@code removed-<id>} directories to which earlier builds moved a removed
     * snapshot's directory until they deleted it. Listed without holding up writers, since a
     * start may find 100,000 entries.
     */
    private List<Path> orphansOfEarlierInstances(long lastId) {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(state.snapshots())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean earlierTemporary = name.startsWith(SnapshotDirectories.TEMPORARY_PREFIX) && !directories.isOwnTemporary(name);
                if (earlierTemporary || name.startsWith(REMOVED_BY_EARLIER_BUILDS) || idAtMost(name, lastId)) {
                    candidates.add(entry);
                }
            }
        } catch (IOException e) {
            leftBehind = true;
            LOG.log(System.Logger.Level.WARNING, "failed to list " + state.snapshots() + " for leftovers: " + e.getMessage());
            return List.of();
        }
        Set<String> owned = new HashSet<>();
        // from the store itself: closing runs this sweep after refusing calls, before closing the store
        try (MetaTransaction tx = store.begin(false)) {
            store.forEachId(tx, id -> owned.add(Long.toString(id)));
        }
        candidates.removeIf(entry -> owned.contains(entry.getFileName().toString()));
        return candidates;
    }

    private static boolean idAtMost(String name, long lastId) {
        if (name.isEmpty() || name.length() > 18 || !name.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Long.parseLong(name) <= lastId;
    }

    @Override
    public Info stat(String key) {
        try (MetaTransaction tx = begin(false)) {
            return store.get(tx, key).info();
        }
    }

    @Override
    public Info update(Info info, List<String> fieldPaths) {
        return Completions.join(updateAsync(info, fieldPaths));
    }

    @Override
    public CompletableFuture<Info> updateAsync(Info info, List<String> fieldPaths) {
        return AsyncSnapshotter.failingFast(() -> {
            requireName("update snapshot", info.name());
            return submit(tx -> store.update(tx, info, fieldPaths, Instant.now()).info());
        });
    }

    @Override
    public Usage usage(String key) {
        SnapshotRecord record;
        try (MetaTransaction tx = begin(false)) {
            record = store.get(tx, key);
        }
        return usageOf(record);
    }

    /**
     * Measured for an active snapshot, stored for the others (a view's is zero, and it may have no
     * directory) and for a lost one, whose directory is gone.
     */
    private Usage usageOf(SnapshotRecord record) {
        return record.kind() == Kind.ACTIVE && !lost.contains(record.id()) ? DiskUsage.of(state.upper(record.id())) : record.usage();
    }

    @Override
    public List<Mount> mounts(String key) {
        try (MetaTransaction tx = begin(false)) {
            SnapshotLayers layers = store.layers(tx, key);
            lost.requireIntact(store, tx, key, "failed to get mounts of " + MetaStore.quote(key));
            return mountSpecs.of(layers);
        }
    }

    @Override
    public List<Mount> prepare(String key, String parent, Map<String, String> labels) {
        return Completions.join(prepareAsync(key, parent, labels));
    }

    /** Never waits for the disk on the caller's thread: see {@link #create}. */
    @Override
    public CompletableFuture<List<Mount>> prepareAsync(String key, String parent, Map<String, String> labels) {
        return AsyncSnapshotter.failingFast(() -> create(Kind.ACTIVE, "prepare", key, parent, labels));
    }

    @Override
    public List<Mount> view(String key, String parent, Map<String, String> labels) {
        return Completions.join(viewAsync(key, parent, labels));
    }

    @Override
    public CompletableFuture<List<Mount>> viewAsync(String key, String parent, Map<String, String> labels) {
        return AsyncSnapshotter.failingFast(() -> create(Kind.VIEW, "view", key, parent, labels));
    }

    @Override
    public void commit(String name, String key, Map<String, String> labels) {
        Completions.join(commitAsync(name, key, labels));
    }

    /**
     * Never waits for the disk on the caller's thread. An idle writer measures the upper directory
     * itself if it holds at most {@link #UPPER_MEASURED_BY_WRITER} inodes, so that a lone commit of a
     * small layer passes through one thread fewer; a larger one, and any while the writer is busy, is
     * measured on {@link #diskWork}, so that one large upper directory does not hold up other callers.
     */
    @Override
    public CompletableFuture<Void> commitAsync(String name, String key, Map<String, String> labels) {
        return AsyncSnapshotter.failingFast(() -> {
            requireName("commit snapshot", name);
            Labels.validate(labels);
            if (!writer.idle()) {
                return commitMeasuredOutsideWriter(name, key, labels);
            }
            return submit(tx -> {
                SnapshotRecord active = store.get(tx, key);
                requireIntactToCommit(tx, key);
                Optional<Usage> usage = active.kind() == Kind.ACTIVE
                        ? DiskUsage.upTo(state.upper(active.id()), UPPER_MEASURED_BY_WRITER)
                        : Optional.of(active.usage());
                usage.ifPresent(measured -> store.commitActive(tx, key, name, measured, labels, Instant.now()));
                return usage.isPresent();
            }).thenCompose(committed -> committed ? CompletableFuture.completedFuture(null) : commitMeasuredOutsideWriter(name, key, labels));
        });
    }

    private CompletableFuture<Void> commitMeasuredOutsideWriter(String name, String key, Map<String, String> labels) {
        AtomicReference<SnapshotRecord> measuredRecord = new AtomicReference<>();
        return onDiskWork(() -> {
            try (MetaTransaction tx = begin(false)) {
                measuredRecord.set(store.get(tx, key));
            }
            return usageOf(measuredRecord.get());
        }).thenCompose(measured -> submit(tx -> {
            SnapshotRecord active = store.get(tx, key);
            requireIntactToCommit(tx, key);
            Usage usage = active.id() == measuredRecord.get().id() ? measured : usageOf(active);
            store.commitActive(tx, key, name, usage, labels, Instant.now());
            return null;
        }));
    }

    /** A layer committed from a lost snapshot would hold nothing of what was written to it; one on a lost parent could never be mounted. */
    private void requireIntactToCommit(MetaTransaction tx, String key) {
        lost.requireIntact(store, tx, key, "failed to commit " + MetaStore.quote(key));
    }

    @Override
    public void remove(String key) {
        Completions.join(removeAsync(key));
    }

    /**
     * Commits the removal, with that of a lost snapshot's mark; the directory, if any is left, is
     * deleted in the background when calls pause.
     */
    @Override
    public CompletableFuture<Void> removeAsync(String key) {
        return AsyncSnapshotter.failingFast(() -> submit(tx -> {
            SnapshotRecord removed = store.remove(tx, key);
            if (lost.contains(removed.id())) {
                store.clearLost(tx, removed.id());
            }
            return removed;
        }).thenAccept(removed -> {
            lost.forget(removed.id());
            if (hasDirectory(removed)) {
                remover.discard(state.snapshot(removed.id()), removed.usage().size());
            }
        }));
    }

    /** A view of a parent has none, unless an earlier version, which made one for every view, created it. */
    private boolean hasDirectory(SnapshotRecord record) {
        return MountSpecs.usesOwnDirectory(record.kind(), record.parent())
                // java.io answers "missing" without an exception; java.nio builds two, stack traces included
                || state.snapshot(record.id()).toFile().exists();
    }

    /** Streams the matches from one read transaction: a consistent view, without holding every match in memory. */
    @Override
    public void walk(List<String> filters, Consumer<Info> visitor) {
        Predicate<Info> filter = SnapshotFilter.parse(filters);
        try (MetaTransaction tx = begin(false)) {
            store.forEach(tx, record -> {
                Info info = record.info();
                if (filter.test(info)) {
                    visitor.accept(info);
                }
            });
        }
    }

    /**
     * Deletes the directories that no snapshot owns, but not this instance's temporary directories:
     * creates make them before they take the writer. One that a failed create could not delete is
     * left to the next start's sweep.
     */
    @Override
    public void cleanup() {
        // Listed by the writer, though nothing is written: that keeps renames to ids out while the directory is listed.
        List<Path> orphans = Completions.join(submit(tx -> {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(state.snapshots())) {
                Set<String> owned = new HashSet<>();
                store.forEachId(tx, id -> owned.add(Long.toString(id)));
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!owned.contains(name) && !directories.isOwnTemporary(name)) {
                        found.add(entry);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("failed to list " + state.snapshots() + ": " + e.getMessage(), e);
            }
            return found;
        }));
        orphans.forEach(this::deleteQuietly);
    }

    /**
     * Finishes queued writes and deletions, then closes the metadata store and, if nothing was left
     * behind, records a clean shutdown; closing again does nothing.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            // the next opener may take the root only once the clean shutdown is recorded or known not to be
            try (RootLock held = lock) {
                release();
                if (!leftBehind && remover.leftNothing()) {
                    CleanShutdown.record(state);
                }
            }
        }
    }

    /** Closes every part even if closing one fails, then throws the first failure. */
    private void release() {
        closed = true;
        CloseSteps.runAll(List.of(() -> {
            // creates whose directories the pool still makes hand in no change once closed: their callers
            // get UNAVAILABLE and their temporary directories are deleted
            diskWork.shutdown();
            awaitUninterruptibly(diskWork);
        }, writer::close, readyDirectories::stop, remover::close, () -> {
            if (!readyDirectories.deleteReady()) {
                leftBehind = true;
            }
        }, store::close));
    }

    /**
     * Creates a snapshot without waiting for the disk on the caller's thread. An active snapshot takes
     * directories {@linkplain ReadyDirectories made ahead} if some are ready. Otherwise a snapshot
     * with its own directory gets it made by the writer if the writer is idle (a lone create then
     * passes through one thread fewer), else on {@link #diskWork} while the writer commits the changes
     * before it, so that concurrent creates make their directories in parallel.
     */
    private CompletableFuture<List<Mount>> create(Kind kind, String verb, String key, String parent, Map<String, String> labels) {
        requireName(verb + " snapshot", key);
        Labels.validate(labels);
        String failure = "failed to " + verb + " snapshot " + MetaStore.quote(key);
        // the snapshot's directory as it stands, for whoever must delete it if the change is lost
        AtomicReference<Path> created = new AtomicReference<>();
        Function<MetaTransaction, SnapshotLayers> change = tx -> createInTransaction(tx, kind, key, parent, labels, created, failure);
        CompletableFuture<SnapshotLayers> changed;
        Path madeAhead = kind == Kind.ACTIVE ? readyDirectories.take() : null;
        if (madeAhead != null) {
            created.set(madeAhead);
            try {
                changed = submit(change);
            } catch (RuntimeException e) {
                deleteQuietly(madeAhead);
                throw e;
            }
        } else if (!MountSpecs.usesOwnDirectory(kind, parent)) {
            changed = submit(change);
        } else if (writer.idle()) {
            changed = submit(tx -> {
                makeTemporaryDirectory(kind, created, failure);
                return change.apply(tx);
            });
        } else {
            changed = onDiskWork(() -> {
                makeTemporaryDirectory(kind, created, failure);
                return created.get();
            }).thenCompose(made -> submit(change));
        }
        return changed.whenComplete((layers, lost) -> {
            if (lost != null) {
                deleteQuietly(created.get());
            }
            if (kind == Kind.ACTIVE) {
                // once a directory taken is spent (nothing to replace if it was given back), or when none was ready
                readyDirectories.refillWhenQuiet();
            }
        }).thenApply(mountSpecs::of);
    }

    private void makeTemporaryDirectory(Kind kind, AtomicReference<Path> created, String failure) {
        try {
            created.set(directories.makeTemporary(kind));
        } catch (IOException e) {
            throw OutOfSpace.orIoFailure(failure, e);
        }
    }

    private <T> CompletableFuture<T> onDiskWork(Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, diskWork);
        } catch (RejectedExecutionException e) {
            throw new UnavailableException("failed to access snapshotter: it is closed");
        }
    }

    /**
     * The metadata, then the rename of the temporary directory, if the snapshot has one, to the id; the
     * commit comes last. A parent chain with a lost snapshot fails the create. Nothing here fails after the rename, so a change that fails leaves only its
     * temporary directory, which its caller deletes after the writer: the id is free for the next change
     * of the batch. A directory made ahead that the change has not yet touched goes back to the pool instead.
     */
    private SnapshotLayers createInTransaction(MetaTransaction tx, Kind kind, String key, String parent,
                                               Map<String, String> labels, AtomicReference<Path> created, String failure) {
        SnapshotLayers layers;
        try {
            layers = store.create(tx, kind, key, parent, labels, Instant.now());
            if (!parent.isEmpty()) {
                lost.requireIntact(store, tx, parent, failure);
            }
        } catch (RuntimeException e) {
            if (created.get() != null && readyDirectories.giveBack(created.get())) {
                created.set(null);
            }
            throw e;
        }
        if (created.get() == null) {
            return layers;
        }
        Path temporary = created.get();
        try {
            created.set(placeOwned(temporary, layers));
        } catch (IOException e) {
            if (!directories.isMadeAhead(temporary)) {
                throw OutOfSpace.orIoFailure(failure, e);
            }
            placeInNewDirectory(kind, temporary, layers, created, e, failure);
        }
        return layers;
    }

    private Path placeOwned(Path temporary, SnapshotLayers layers) throws IOException {
        if (!layers.parentIds().isEmpty()) {
            directories.takeOwnerOfParent(temporary, layers.parentIds().get(0));
        }
        return directories.place(temporary, layers.id());
    }

    /**
     * A directory made ahead that cannot become the snapshot's ({@code ready/} on another mount than
     * {@code snapshots/}, or deleted by hand) is replaced by one made now, and no more are made ahead.
     */
    private void placeInNewDirectory(Kind kind, Path madeAhead, SnapshotLayers layers, AtomicReference<Path> created,
                                     IOException cause, String failure) {
        LOG.log(System.Logger.Level.WARNING, "failed to use directory " + madeAhead + " made ahead; each create makes its own from now on: "
                + cause.getMessage());
        readyDirectories.stop();
        deleteQuietly(madeAhead);
        created.set(null);
        makeTemporaryDirectory(kind, created, failure);
        try {
            created.set(placeOwned(created.get(), layers));
        } catch (IOException e) {
            throw OutOfSpace.orIoFailure(failure, e);
        }
    }

    private MetaTransaction begin(boolean writable) {
        if (closed) {
            throw new UnavailableException("failed to access snapshotter: it is closed");
        }
        remover.noteActivity();
        return store.begin(writable);
    }

    private <T> CompletableFuture<T> submit(Function<MetaTransaction, T> change) {
        if (closed) {
            throw new UnavailableException("failed to access snapshotter: it is closed");
        }
        remover.noteActivity();
        return writer.submit(change);
    }

    private static void awaitUninterruptibly(ExecutorService executor) {
        boolean interrupted = false;
        while (!executor.isTerminated()) {
            try {
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireName(String verb, String name) {
        if (name.isEmpty()) {
            throw new InvalidArgumentException("failed to " + verb + ": key or name must not be empty");
        }
    }

    private static void createPrivateDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        if (!FileTrees.deleteOrWarn(path, LOG, "cleanup will retry")) {
            leftBehind = true;
        }
    }
}
