package dev.strata.overlay;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.LabelUpdate;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.UnavailableException;
import dev.strata.snapshots.Usage;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.overlay.lmdb.LmdbDatabase;
import dev.strata.overlay.lmdb.LmdbEnvironment;
import dev.strata.overlay.lmdb.LmdbException;
import dev.strata.overlay.lmdb.LmdbTransaction;

/**
 * Snapshot metadata in an LMDB environment, with the operations of containerd's snapshots/storage.
 *
 * <p>Three databases: {@code snapshots} maps sha256(name) to the encoded {@link SnapshotRecord}
 * (names can be longer than LMDB's 511-byte key limit, so the full name lives in the value);
 * {@code children} holds one empty entry per (parent id, child id), both big-endian, so a prefix scan
 * finds the children of a parent; {@code meta} holds the id sequence, the {@link LogPosition}, the
 * first id whose files are unchecked and the marks of lost snapshots.
 * Every operation runs in a transaction that the caller opened with {@link #begin}.
 *
 * <p>Durability comes from a write-ahead {@link MetaLog}, not from LMDB: committing a write
 * transaction writes its changes as one log record and flushes it once, then commits in LMDB without
 * a flush. LMDB's file is flushed only when the store closes, and a marker file says so. A start
 * without that marker (the last instance was killed, or the machine lost power) restores the
 * latest {@link MetaCheckpoint} and replays the log after it.
 */
final class MetaStore implements AutoCloseable {
    /** LMDB's map is a sparse file: this is an upper bound on the database size, not an allocation. */
    static final long MAP_SIZE = 16L << 30;
    private static final ByteBuffer SEQUENCE_KEY = direct("sequence".getBytes(StandardCharsets.US_ASCII));
    private static final ByteBuffer LOG_POSITION_KEY = direct("log".getBytes(StandardCharsets.US_ASCII));
    /** The id after which snapshots may describe files that a power loss undid; see {@link #filesUncheckedAfter}. */
    private static final ByteBuffer UNCHECKED_KEY = direct("unchecked".getBytes(StandardCharsets.US_ASCII));
    /** Followed by a snapshot's id (big-endian), the key of its mark as lost; see {@link #markLost}. */
    private static final byte[] LOST_PREFIX = "lost".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
    /** Says that LMDB's file was flushed when the last instance closed, so it holds every change. */
    private static final String SYNCED_MARKER = "synced";
    static final int DATABASES = 3;
    static final String META_DATABASE = "meta";
    private static final int SNAPSHOTS = 0;
    private static final int CHILDREN = 1;
    private static final int META = 2;
    private static final System.Logger LOG = System.getLogger(MetaStore.class.getName());
    /** Chains kept: a few MiB at most, and far more layers than a host's images have. */
    private static final int CACHED_CHAINS = 10_000;

    private final Path directory;
    private final LmdbEnvironment env;
    /** The databases by the index that {@link ChangeRecord} logs them under. */
    private final List<LmdbDatabase> databases;
    private final LmdbDatabase snapshots;
    private final LmdbDatabase children;
    private final LmdbDatabase meta;
    private final MetaLog log;
    private final MetaCheckpoint checkpoint;
    /** Flushes the files the records describe, before a checkpoint or a clean close says the records are durable. */
    private final Flushable describedFiles;
    /** A committed snapshot's id and its ancestors' ids, nearest first; see {@link #chain}. */
    private final Cache<Long, List<Long>> chains = Caffeine.newBuilder().maximumSize(CACHED_CHAINS).build();

    private MetaStore(Path directory, LmdbEnvironment env, MetaLog log, Recovery recovery, Flushable describedFiles) {
        this.directory = directory;
        this.env = env;
        this.snapshots = env.openDatabase("snapshots", true);
        this.children = env.openDatabase("children", true);
        this.meta = env.openDatabase(META_DATABASE, true);
        this.databases = List.of(snapshots, children, meta);
        this.log = log;
        this.describedFiles = describedFiles;
        LogPosition stored;
        try (LmdbTransaction txn = env.beginRead()) {
            stored = logPosition(meta, txn);
        }
        this.checkpoint = switch (recovery) {
            case NONE -> {
                log.continueAt(stored);
                yield new MetaCheckpoint(env, directory, describedFiles, MetaCheckpoint.position(directory).segment());
            }
            case REPLAY -> {
                LogPosition end = replay(stored);
                log.continueAt(end);
                MetaCheckpoint restored = new MetaCheckpoint(env, directory, describedFiles, stored.segment());
                if (end.sequence() > stored.sequence()) {
                    // The replayed records may have come from the page cache of an instance killed before its
                    // fdatasync: make them durable before a new record (maybe in the other segment, maybe after
                    // a clean close) depends on them being found by the next replay.
                    makeDurable(restored);
                }
                yield restored;
            }
            case FIRST_CHECKPOINT -> {
                // a new store's databases were just created without a flush: make them durable before the copy
                env.sync();
                log.continueAt(stored);
                MetaCheckpoint first = new MetaCheckpoint(env, directory, describedFiles, MetaCheckpoint.NO_SEGMENT);
                first.take();
                yield first;
            }
        };
    }

    /** What a start has to do before the database holds every acknowledged change. */
    private enum Recovery {
        /** The last instance closed cleanly: LMDB's file is complete and flushed. */
        NONE,
        /** The last instance did not close cleanly: restore the checkpoint and replay the log after it. */
        REPLAY,
        /**
         * There is no checkpoint yet: a new store, or one written by a version that flushed every LMDB
         * commit. LMDB's file is complete; a first checkpoint is taken before any change.
         */
        FIRST_CHECKPOINT
    }

    /** Opens or creates the environment in {@code directory}, for records that describe no files. */
    static MetaStore open(Path directory) {
        return open(directory, MetaLog.DEFAULT_SEGMENT_LIMIT, () -> { });
    }

    /**
     * Opens or creates the environment in {@code directory}. {@code describedFiles} flushes the files
     * that the records describe: it runs before a checkpoint replaces the last and before a clean close, so that
     * only the records replayed at the next start may describe files that a power loss undid.
     */
    static MetaStore open(Path directory, Flushable describedFiles) {
        return open(directory, MetaLog.DEFAULT_SEGMENT_LIMIT, describedFiles);
    }

    /** As {@link #open(Path, Flushable)}, switching log segments at {@code segmentLimit} bytes. */
    static MetaStore open(Path directory, long segmentLimit, Flushable describedFiles) {
        Recovery recovery;
        try {
            if (!Files.isDirectory(directory)) {
                // the metadata names every snapshot and label: only the daemon's user reads it
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            boolean synced = DurableMarker.consume(directory.resolve(SYNCED_MARKER));
            if (!MetaCheckpoint.exists(directory)) {
                recovery = Recovery.FIRST_CHECKPOINT;
                MetaLog.discard(directory);
            } else if (synced) {
                recovery = Recovery.NONE;
            } else {
                recovery = Recovery.REPLAY;
                MetaCheckpoint.restore(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open metadata directory " + directory + ": " + e.getMessage(), e);
        }
        // MDB_NOTLS: read transactions are not pinned to a thread slot, so many threads can read at once.
        // MDB_NOSYNC: the log makes commits durable (see the class comment).
        LmdbEnvironment env = LmdbEnvironment.open(directory, MAP_SIZE, DATABASES,
                LmdbEnvironment.Flag.MDB_NOTLS, LmdbEnvironment.Flag.MDB_NOSYNC);
        MetaLog log = null;
        try {
            log = MetaLog.open(directory, segmentLimit);
            return new MetaStore(directory, env, log, recovery, describedFiles);
        } catch (RuntimeException | Error e) {
            if (log != null) {
                log.close();
            }
            env.close();
            throw e;
        }
    }

    /**
     * Begins a transaction. Before a write transaction, moves the log to its other segment if the
     * current one is full, once a checkpoint covers the current one.
     */
    MetaTransaction begin(boolean writable) {
        try {
            if (!writable) {
                return new MetaTransaction(env.beginRead(), this, null);
            }
            if (log.full()) {
                checkpoint.awaitCovering(log.end().segment());
                log.switchSegment();
            }
            return new MetaTransaction(env.beginWrite(), this, null);
        } catch (LmdbEnvironment.ClosedException e) {
            // a call that passed the snapshotter's own check while it closed: retryable, not an internal error
            throw new UnavailableException("failed to access metadata: the snapshotter is closed", e);
        }
    }

    /** A write transaction inside {@code parent}: committing it hands its changes to the parent. */
    MetaTransaction beginNested(MetaTransaction parent) {
        return new MetaTransaction(env.beginNested(parent.txn()), this, parent);
    }

    /**
     * Makes the changes of the outermost write transaction {@code tx} durable: writes and flushes
     * them as one log record, then commits in LMDB with the log position after it. If the commit
     * fails, the record is retracted, so a replay never redoes a change that was reported failed.
     */
    void commitDurably(MetaTransaction tx) {
        if (tx.changes().isEmpty()) {
            return;
        }
        LogPosition after = log.write(tx.changes().toByteArray());
        try {
            put(tx.txn(), meta, LOG_POSITION_KEY.duplicate(), LmdbBuffers.current().logPosition(after));
            tx.commitInLmdb();
        } catch (RuntimeException | Error e) {
            log.retract();
            throw e;
        }
        log.advance(after);
        if (after.segment() != checkpoint.coveredSegment()) {
            checkpoint.start();
        }
    }

    /** Checkpoints the replayed database; if the copy fails (a full disk), flushes the log it was replayed from. */
    private void makeDurable(MetaCheckpoint restored) {
        try {
            restored.take();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to checkpoint replayed metadata; flushing its log instead", e);
            log.flush();
        }
    }

    /** The log position stored in {@code txn}'s database, the start for a store that has none. */
    static LogPosition logPosition(LmdbDatabase meta, LmdbTransaction txn) {
        ByteBuffer value = txn.get(meta, LOG_POSITION_KEY.duplicate());
        return value == null ? LogPosition.START : LogPosition.decode(value);
    }

    /** Redoes every logged change after {@code from} in one transaction and returns the log's end. */
    private LogPosition replay(LogPosition from) {
        try (LmdbTransaction txn = env.beginWrite()) {
            long checkpointedId = lastId(txn);
            LogPosition end = log.replay(from, payload -> ChangeRecord.replay(payload, (database, key, value) -> {
                if (value == null) {
                    txn.delete(databases.get(database), key);
                } else {
                    put(txn, databases.get(database), key, value);
                }
            }));
            put(txn, meta, LOG_POSITION_KEY.duplicate(), LmdbBuffers.current().logPosition(end));
            if (end.sequence() > from.sequence()) {
                ByteBuffer unchecked = txn.get(meta, UNCHECKED_KEY.duplicate());
                long uncheckedAfter = unchecked == null ? checkpointedId : Math.min(checkpointedId, unchecked.getLong(0));
                put(txn, meta, UNCHECKED_KEY.duplicate(), LmdbBuffers.current().longValue(uncheckedAfter));
            }
            txn.commit();
            if (end.sequence() > from.sequence()) {
                LOG.log(System.Logger.Level.INFO, "restored metadata from " + directory.resolve(MetaCheckpoint.FILE)
                        + " and " + (end.sequence() - from.sequence()) + " log records after it");
            }
            return end;
        }
    }

    Optional<SnapshotRecord> find(MetaTransaction tx, String name) {
        ByteBuffer value = tx.txn().get(snapshots, LmdbBuffers.current().nameKey(name));
        if (value == null) {
            return Optional.empty();
        }
        SnapshotRecord record = RecordCodec.decode(value.array());
        if (!record.name().equals(name)) {
            throw new IllegalStateException("failed to read snapshot " + quote(name) + ": sha256 collision with " + quote(record.name()));
        }
        return Optional.of(record);
    }

    SnapshotRecord get(MetaTransaction tx, String name) {
        return find(tx, name).orElseThrow(() -> new NotFoundException("failed to get snapshot " + quote(name) + ": not found"));
    }

    /** Adds an active or view snapshot; checks the parent first, then the key, as containerd does. */
    SnapshotLayers create(MetaTransaction tx, Kind kind, String key, String parent, Map<String, String> labels, Instant now) {
        if (kind == Kind.COMMITTED) {
            throw new InvalidArgumentException("failed to create snapshot " + quote(key) + ": only active or view snapshots can be created");
        }
        List<Long> parentIds = List.of();
        SnapshotRecord parentRecord = null;
        if (!parent.isEmpty()) {
            parentRecord = find(tx, parent).orElseThrow(() ->
                    new NotFoundException("failed to create snapshot " + quote(key) + ": parent " + quote(parent) + " not found"));
            if (parentRecord.kind() != Kind.COMMITTED) {
                throw new InvalidArgumentException("failed to create snapshot " + quote(key) + ": parent " + quote(parent) + " is not committed");
            }
            parentIds = chain(tx, parentRecord);
        }
        if (find(tx, key).isPresent()) {
            throw new AlreadyExistsException("failed to create snapshot " + quote(key) + ": already exists");
        }
        long id = nextId(tx);
        put(tx, new SnapshotRecord(key, id, kind, parent, labels, now, now, Usage.ZERO));
        if (parentRecord != null) {
            put(tx, CHILDREN, LmdbBuffers.current().childKey(parentRecord.id(), id), EMPTY.duplicate());
        }
        return new SnapshotLayers(id, kind, parentIds);
    }

    /** The layers of an active or view snapshot, for its mounts. */
    SnapshotLayers layers(MetaTransaction tx, String key) {
        SnapshotRecord record = get(tx, key);
        if (record.kind() == Kind.COMMITTED) {
            throw new FailedPreconditionException("failed to get mounts of " + quote(key) + ": snapshot is committed, not active or view");
        }
        List<Long> parentIds = record.parent().isEmpty() ? List.of() : chain(tx, get(tx, record.parent()));
        return new SnapshotLayers(record.id(), record.kind(), parentIds);
    }

    /**
     * Turns the active {@code key} into the committed {@code name}, keeping id and parent; the new
     * snapshot has only {@code labels} and is created now.
     */
    SnapshotRecord commitActive(MetaTransaction tx, String key, String name, Usage usage, Map<String, String> labels, Instant now) {
        SnapshotRecord active = get(tx, key);
        if (find(tx, name).isPresent()) {
            throw new AlreadyExistsException("failed to commit snapshot " + quote(name) + ": already exists");
        }
        if (active.kind() != Kind.ACTIVE) {
            throw new FailedPreconditionException("failed to commit snapshot " + quote(key) + ": it is " + active.kind().displayName() + ", not active");
        }
        SnapshotRecord committed = new SnapshotRecord(name, active.id(), Kind.COMMITTED, active.parent(), labels, now, now, usage);
        delete(tx, SNAPSHOTS, LmdbBuffers.current().nameKey(key));
        put(tx, committed);
        return committed;
    }

    /** Removes a snapshot without children and returns what it was. */
    SnapshotRecord remove(MetaTransaction tx, String key) {
        SnapshotRecord record = get(tx, key);
        if (hasChildren(tx, record.id())) {
            throw new FailedPreconditionException("failed to remove snapshot " + quote(key) + ": it has children");
        }
        if (!record.parent().isEmpty()) {
            long parentId = get(tx, record.parent()).id();
            delete(tx, CHILDREN, LmdbBuffers.current().childKey(parentId, record.id()));
        }
        delete(tx, SNAPSHOTS, LmdbBuffers.current().nameKey(key));
        return record;
    }

    /** Replaces labels as {@link LabelUpdate} decides; no other field changes. */
    SnapshotRecord update(MetaTransaction tx, Info info, List<String> fieldPaths, Instant now) {
        SnapshotRecord current = get(tx, info.name());
        Map<String, String> labels = LabelUpdate.apply(current.labels(), info.labels(), fieldPaths);
        SnapshotRecord updated = current.withLabels(labels, now);
        put(tx, updated);
        return updated;
    }

    void forEach(MetaTransaction tx, Consumer<SnapshotRecord> visitor) {
        tx.txn().scan(snapshots, null, (key, value) -> {
            visitor.accept(RecordCodec.decode(value.array()));
            return true;
        });
    }

    /** The snapshots with ids above {@code id}, decoding only their records. */
    void forEachCreatedAfter(MetaTransaction tx, long id, Consumer<SnapshotRecord> visitor) {
        tx.txn().scan(snapshots, null, (key, value) -> {
            if (RecordCodec.id(value) > id) {
                visitor.accept(RecordCodec.decode(value.array()));
            }
            return true;
        });
    }

    /** The id of every snapshot, without decoding the records. */
    void forEachId(MetaTransaction tx, LongConsumer visitor) {
        tx.txn().scan(snapshots, null, (key, value) -> {
            visitor.accept(RecordCodec.id(value));
            return true;
        });
    }

    /**
     * Waits for a running checkpoint, flushes LMDB's file and closes; the marker that says the file
     * is complete is written only after the flush succeeded.
     */
    @Override
    public void close() {
        checkpoint.close();
        boolean synced = false;
        try {
            describedFiles.flush();
            env.sync();
            synced = true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to flush metadata; the next start replays its log", e);
        }
        env.close();
        log.close();
        if (synced) {
            try {
                DurableMarker.record(directory.resolve(SYNCED_MARKER));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "failed to mark metadata as flushed; the next start replays its log", e);
            }
        }
    }

    /**
     * The ids of {@code nearest} and its ancestors, nearest first. A committed snapshot's chain never
     * changes (a parent with children cannot be removed), so it is cached by id; without the cache a
     * Mounts on 10 layers read 10 records (14 µs against 2 µs for one). Only read transactions fill
     * the cache: they see committed ids alone, which are never handed out again, while an id taken in a
     * write transaction that rolls back is taken again by the next create, with another chain.
     */
    private List<Long> chain(MetaTransaction tx, SnapshotRecord nearest) {
        List<Long> cached = chains.getIfPresent(nearest.id());
        if (cached != null) {
            return cached;
        }
        List<Long> ids = readChain(tx, nearest);
        if (tx.readOnly()) {
            chains.put(nearest.id(), ids);
        }
        return ids;
    }

    private List<Long> readChain(MetaTransaction tx, SnapshotRecord nearest) {
        List<Long> ids = new ArrayList<>();
        SnapshotRecord current = nearest;
        while (true) {
            ids.add(current.id());
            if (current.parent().isEmpty()) {
                return List.copyOf(ids);
            }
            String parentName = current.parent();
            current = find(tx, parentName).orElseThrow(() ->
                    new NotFoundException("failed to read parent chain: parent " + quote(parentName) + " not found"));
        }
    }

    private boolean hasChildren(MetaTransaction tx, long parentId) {
        boolean[] found = {false};
        tx.txn().scan(children, LmdbBuffers.current().childKey(parentId, 0), (key, value) -> {
            found[0] = key.getLong(0) == parentId;
            return false;
        });
        return found[0];
    }

    /**
     * The id after which snapshots may describe files that a power loss undid: a replay sets it to the
     * last id of the checkpoint it started from (or keeps a lower one), since only the files of
     * snapshots created by replayed records may not have been flushed. It stays set until
     * {@link #markFilesChecked}, across further unclean stops. {@link Long#MAX_VALUE} when not set.
     */
    long filesUncheckedAfter(MetaTransaction tx) {
        ByteBuffer value = tx.txn().get(meta, UNCHECKED_KEY.duplicate());
        return value == null ? Long.MAX_VALUE : value.getLong(0);
    }

    /** Says that the files of every snapshot are there: {@link #filesUncheckedAfter} is no longer set. */
    void markFilesChecked(MetaTransaction tx) {
        delete(tx, META, UNCHECKED_KEY.duplicate());
    }

    /**
     * Marks snapshot {@code id} as lost: its files are gone and cannot be made again. The mark stays,
     * across restarts, until {@link #clearLost}.
     */
    void markLost(MetaTransaction tx, long id) {
        put(tx, META, lostKey(id), EMPTY.duplicate());
    }

    void clearLost(MetaTransaction tx, long id) {
        delete(tx, META, lostKey(id));
    }

    /** The ids of the snapshots marked lost. */
    Set<Long> lostIds(MetaTransaction tx) {
        Set<Long> ids = new HashSet<>();
        tx.txn().scan(meta, direct(LOST_PREFIX), (key, value) -> {
            if (key.remaining() != LOST_PREFIX.length + Long.BYTES
                    || !key.slice(key.position(), LOST_PREFIX.length).equals(ByteBuffer.wrap(LOST_PREFIX))) {
                return false;
            }
            ids.add(key.getLong(key.position() + LOST_PREFIX.length));
            return true;
        });
        return ids;
    }

    private static ByteBuffer lostKey(long id) {
        return ByteBuffer.allocateDirect(LOST_PREFIX.length + Long.BYTES).put(LOST_PREFIX).putLong(id).flip();
    }

    /** The highest id ever committed, 0 if none: every id a create takes from now on is higher. */
    long lastId(MetaTransaction tx) {
        return lastId(tx.txn());
    }

    private long lastId(LmdbTransaction txn) {
        ByteBuffer current = txn.get(meta, SEQUENCE_KEY.duplicate());
        return current == null ? 0 : current.getLong(0);
    }

    private long nextId(MetaTransaction tx) {
        long next = lastId(tx) + 1;
        put(tx, META, SEQUENCE_KEY.duplicate(), LmdbBuffers.current().longValue(next));
        return next;
    }

    private void put(MetaTransaction tx, SnapshotRecord record) {
        LmdbBuffers buffers = LmdbBuffers.current();
        put(tx, SNAPSHOTS, buffers.nameKey(record.name()), buffers.value(RecordCodec.encode(record)));
    }

    /** Puts into database {@code database} and records the change for the log. */
    private void put(MetaTransaction tx, int database, ByteBuffer key, ByteBuffer value) {
        put(tx.txn(), databases.get(database), key, value);
        tx.changes().put(database, key, value);
    }

    private void delete(MetaTransaction tx, int database, ByteBuffer key) {
        tx.txn().delete(databases.get(database), key);
        tx.changes().delete(database, key);
    }

    private static void put(LmdbTransaction txn, LmdbDatabase dbi, ByteBuffer key, ByteBuffer value) {
        try {
            txn.put(dbi, key, value);
        } catch (LmdbException e) {
            throw OutOfSpace.orLmdbFailure("failed to write metadata", e);
        }
    }

    private static ByteBuffer direct(byte[] data) {
        return ByteBuffer.allocateDirect(data.length).put(data).flip();
    }

    static String quote(String name) {
        return "\"" + name + "\"";
    }
}
