package dev.strata.overlay;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.LabelUpdate;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.ResourceExhaustedException;
import dev.strata.snapshots.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbNativeException;

/**
 * Snapshot metadata in an LMDB environment, with the operations of containerd's snapshots/storage.
 *
 * <p>Three databases: {@code snapshots} maps sha256(name) to the encoded {@link SnapshotRecord}
 * (names can be longer than LMDB's 511-byte key limit, so the full name lives in the value);
 * {@code children} holds one empty entry per (parent id, child id), both big-endian, so a prefix scan
 * finds the children of a parent; {@code meta} holds the id sequence. Every operation runs in a
 * transaction that the caller opened with {@link #begin}.
 */
final class MetaStore implements AutoCloseable {
    /** LMDB's map is a sparse file: this is an upper bound on the database size, not an allocation. */
    private static final long MAP_SIZE = 16L << 30;
    private static final ByteBuffer SEQUENCE_KEY = direct("sequence".getBytes(StandardCharsets.US_ASCII));
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> snapshots;
    private final Dbi<ByteBuffer> children;
    private final Dbi<ByteBuffer> meta;

    private MetaStore(Env<ByteBuffer> env) {
        this.env = env;
        this.snapshots = env.openDbi("snapshots", DbiFlags.MDB_CREATE);
        this.children = env.openDbi("children", DbiFlags.MDB_CREATE);
        this.meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
    }

    /** Opens or creates the environment in {@code directory}. */
    static MetaStore open(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                // the metadata names every snapshot and label: only the daemon's user reads it
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create metadata directory " + directory + ": " + e.getMessage(), e);
        }
        // MDB_NOTLS: read transactions are not pinned to a thread slot, so many threads can read at once.
        Env<ByteBuffer> env = Env.create().setMapSize(MAP_SIZE).setMaxDbs(3).open(directory.toFile(), EnvFlags.MDB_NOTLS);
        return new MetaStore(env);
    }

    MetaTransaction begin(boolean writable) {
        return new MetaTransaction(writable ? env.txnWrite() : env.txnRead());
    }

    /** A write transaction inside {@code parent}: committing it hands its changes to the parent, without a sync. */
    MetaTransaction beginNested(MetaTransaction parent) {
        return new MetaTransaction(env.txn(parent.txn()));
    }

    Optional<SnapshotRecord> find(MetaTransaction tx, String name) {
        ByteBuffer value = snapshots.get(tx.txn(), LmdbBuffers.current().nameKey(name));
        if (value == null) {
            return Optional.empty();
        }
        SnapshotRecord record = RecordCodec.decode(bytes(value));
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
            put(tx, children, LmdbBuffers.current().childKey(parentRecord.id(), id), EMPTY.duplicate());
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
        snapshots.delete(tx.txn(), LmdbBuffers.current().nameKey(key));
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
            children.delete(tx.txn(), LmdbBuffers.current().childKey(parentId, record.id()));
        }
        snapshots.delete(tx.txn(), LmdbBuffers.current().nameKey(key));
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
        try (CursorIterable<ByteBuffer> entries = snapshots.iterate(tx.txn())) {
            for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
                visitor.accept(RecordCodec.decode(bytes(entry.val())));
            }
        }
    }

    /** The id of every snapshot, without decoding the records. */
    void forEachId(MetaTransaction tx, LongConsumer visitor) {
        try (CursorIterable<ByteBuffer> entries = snapshots.iterate(tx.txn())) {
            for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
                visitor.accept(RecordCodec.id(entry.val()));
            }
        }
    }

    @Override
    public void close() {
        env.close();
    }

    private List<Long> chain(MetaTransaction tx, SnapshotRecord nearest) {
        List<Long> ids = new ArrayList<>();
        SnapshotRecord current = nearest;
        while (true) {
            ids.add(current.id());
            if (current.parent().isEmpty()) {
                return ids;
            }
            String parentName = current.parent();
            current = find(tx, parentName).orElseThrow(() ->
                    new NotFoundException("failed to read parent chain: parent " + quote(parentName) + " not found"));
        }
    }

    private boolean hasChildren(MetaTransaction tx, long parentId) {
        try (CursorIterable<ByteBuffer> entries = children.iterate(tx.txn(), KeyRange.atLeast(LmdbBuffers.current().childKey(parentId, 0)))) {
            Iterator<CursorIterable.KeyVal<ByteBuffer>> it = entries.iterator();
            return it.hasNext() && it.next().key().getLong(0) == parentId;
        }
    }

    /** The highest id ever committed, 0 if none: every id a create takes from now on is higher. */
    long lastId(MetaTransaction tx) {
        ByteBuffer current = meta.get(tx.txn(), SEQUENCE_KEY.duplicate());
        return current == null ? 0 : current.getLong(0);
    }

    private long nextId(MetaTransaction tx) {
        long next = lastId(tx) + 1;
        put(tx, meta, SEQUENCE_KEY.duplicate(), LmdbBuffers.current().longValue(next));
        return next;
    }

    private void put(MetaTransaction tx, SnapshotRecord record) {
        LmdbBuffers buffers = LmdbBuffers.current();
        put(tx, snapshots, buffers.nameKey(record.name()), buffers.value(RecordCodec.encode(record)));
    }

    private static void put(MetaTransaction tx, Dbi<ByteBuffer> dbi, ByteBuffer key, ByteBuffer value) {
        try {
            dbi.put(tx.txn(), key, value);
        } catch (Env.MapFullException e) {
            throw new ResourceExhaustedException("failed to write metadata: database is full", e);
        } catch (LmdbNativeException e) {
            throw OutOfSpace.orLmdbFailure("failed to write metadata", e);
        }
    }

    private static ByteBuffer direct(byte[] data) {
        return ByteBuffer.allocateDirect(data.length).put(data).flip();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] data = new byte[buffer.remaining()];
        buffer.duplicate().get(data);
        return data;
    }

    static String quote(String name) {
        return "\"" + name + "\"";
    }
}
