package dev.strata.snapshots;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A store of filesystem snapshots, with containerd's Snapshots semantics.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>{@code key}: the name of an active or view snapshot.</li>
 *   <li>{@code name}: the name of a committed snapshot.</li>
 *   <li>{@code parent}: the name of a committed snapshot that another one is based on; "" for none.</li>
 * </ul>
 * Keys and names share one space: an active snapshot cannot have the name of a committed one.
 * Keys are arbitrary non-empty strings (containerd sends {@code ns/42/sha256:...}); they are never used
 * as file names.
 *
 * <h2>Lifecycle</h2>
 * {@link #prepare} makes an active snapshot on a committed parent; the caller mounts what it returns,
 * changes files, unmounts, and {@link #commit}s it under a name, which removes the active key. That
 * name can then be the parent of further snapshots. {@link #view} makes a read-only snapshot of a
 * parent; it cannot be committed. {@link #remove} drops any snapshot without children. An
 * implementation may free disk space later, in {@link #cleanup}, but a removed key is free for reuse at
 * once.
 *
 * <h2>Failures</h2>
 * Every method reports failures with the {@link SnapshotException} subclasses named on it; an I/O
 * failure surfaces as {@link java.io.UncheckedIOException}. A failed call changes nothing.
 */
public interface Snapshotter extends AutoCloseable {

    /**
     * Returns what is known of the snapshot {@code key}, of any kind.
     *
     * @throws NotFoundException if there is no such snapshot
     */
    Info stat(String key);

    /**
     * Changes the mutable fields of the snapshot {@code info.name()}: only labels. With no field
     * paths, all labels are replaced by {@code info.labels()}. The path {@code labels} does the same;
     * {@code labels.<k>} sets or, when absent from {@code info.labels()}, deletes the one label.
     *
     * @return the snapshot as it is after the update
     * @throws NotFoundException        if there is no such snapshot
     * @throws InvalidArgumentException for another field path, or a label over the size limit
     */
    Info update(Info info, List<String> fieldPaths);

    /**
     * Returns the disk resources that the snapshot itself holds. For an active snapshot this is
     * computed now and may be expensive.
     *
     * @throws NotFoundException if there is no such snapshot
     */
    Usage usage(String key);

    /**
     * Returns the mounts of an active or view snapshot, the same that prepare or view returned.
     *
     * @throws NotFoundException           if there is no such snapshot
     * @throws FailedPreconditionException if the snapshot is committed
     * @throws DataLossException           if the files of the snapshot or of a parent in its chain are gone
     */
    List<Mount> mounts(String key);

    /**
     * Makes an active snapshot {@code key} on the committed {@code parent} ("" for none).
     *
     * @return the mounts that make its writable filesystem
     * @throws InvalidArgumentException if the key is empty, the parent is not committed, or a label is too big
     * @throws AlreadyExistsException   if the key is taken
     * @throws NotFoundException        if the parent does not exist
     * @throws DataLossException        if the files of the parent or of one in its chain are gone
     */
    List<Mount> prepare(String key, String parent, Map<String, String> labels);

    /**
     * Makes a read-only view snapshot {@code key} of the committed {@code parent} ("" for none).
     *
     * @return the mounts that make its read-only filesystem
     * @throws InvalidArgumentException if the key is empty, the parent is not committed, or a label is too big
     * @throws AlreadyExistsException   if the key is taken
     * @throws NotFoundException        if the parent does not exist
     * @throws DataLossException        if the files of the parent or of one in its chain are gone
     */
    List<Mount> view(String key, String parent, Map<String, String> labels);

    /**
     * Turns the active snapshot {@code key} into the committed snapshot {@code name}, with the same
     * parent. The active key is gone afterwards.
     *
     * @throws InvalidArgumentException    if the name is empty or a label is too big
     * @throws NotFoundException           if there is no snapshot {@code key}
     * @throws FailedPreconditionException if {@code key} is not active
     * @throws AlreadyExistsException      if {@code name} is taken
     */
    void commit(String name, String key, Map<String, String> labels);

    /**
     * Removes the snapshot {@code key} of any kind. Its key is free at once; its files may be
     * deleted later, by {@link #cleanup}.
     *
     * @throws NotFoundException           if there is no such snapshot
     * @throws FailedPreconditionException if other snapshots have it as parent
     */
    void remove(String key);

    /**
     * Calls {@code visitor} with every snapshot matching {@code filters}, in no defined order. Several
     * filter strings match a snapshot if any of them does; no filter matches all.
     *
     * @throws InvalidArgumentException if a filter does not parse
     */
    void walk(List<String> filters, Consumer<Info> visitor);

    /** Deletes the files of removed snapshots and anything else that no snapshot owns. */
    void cleanup();

    /** Releases the store; the snapshotter cannot be used afterwards. */
    @Override
    void close();
}
