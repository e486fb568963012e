package dev.strata.overlay;

import dev.strata.snapshots.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Gives back the directories that a power loss took from snapshots created by replayed records (see
 * {@link MetaStore#filesUncheckedAfter}). Journaling file systems commit in order, so a directory that
 * a power loss undid held nothing that was ever flushed: an active snapshot or a view without a parent
 * gets the empty directories its create made. A committed snapshot held a layer's files, which
 * cannot be made again: it is lost, and so is any snapshot whose repair fails.
 */
final class PowerLossRepair {
    private static final System.Logger LOG = System.getLogger(PowerLossRepair.class.getName());

    private final StateDirectory state;
    private final SnapshotDirectories directories;
    /** Deletes the temporary directory of a failed repair, or leaves it for a later sweep. */
    private final Consumer<Path> deleteTemporary;

    PowerLossRepair(StateDirectory state, SnapshotDirectories directories, Consumer<Path> deleteTemporary) {
        this.state = state;
        this.directories = directories;
        this.deleteTemporary = deleteTemporary;
    }

    /** Whether the directories that the snapshot's mounts name are there: one or two stats. */
    boolean isIntact(SnapshotRecord record) {
        return state.upper(record.id()).toFile().exists()
                && (record.kind() != Kind.ACTIVE || state.work(record.id()).toFile().exists());
    }

    /**
     * Makes the missing directories of a snapshot that is not {@link #isIntact}, owned like the upper
     * directory of {@code parentId} (null for none) if that is there. Returns false, after logging an
     * error that names the snapshot, if it is lost: committed, or its repair failed. The directories
     * made in {@code snapshots/} itself are durable only after {@link #flush}.
     */
    boolean restore(SnapshotRecord record, Long parentId) {
        String snapshot = "snapshot " + MetaStore.quote(record.name());
        if (record.kind() == Kind.COMMITTED) {
            LOG.log(System.Logger.Level.ERROR, "committed " + snapshot + " lost its files (" + state.upper(record.id())
                    + ") in a power loss; Prepare and View on it, and Mounts and Commit of the snapshots on it, fail with DATA_LOSS: "
                    + "remove it and the snapshots built on it, then unpack their images again");
            return false;
        }
        Path directory = state.snapshot(record.id());
        Path temporary = null;
        try {
            boolean upperMade;
            if (directory.toFile().exists()) {
                upperMade = directories.makeMissing(directory, record.kind());
            } else {
                temporary = directories.makeTemporary(record.kind());
                upperMade = true;
            }
            Path made = temporary != null ? temporary : directory;
            if (upperMade && parentId != null && state.upper(parentId).toFile().exists()) {
                directories.takeOwnerOfParent(made, parentId);
            }
            if (temporary != null) {
                directories.place(temporary, record.id());
            } else {
                DurableMarker.syncDirectory(directory);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failed to restore the directories of " + snapshot + " that a power loss took: "
                    + e.getMessage() + "; its Mounts and Commit fail with DATA_LOSS until it is removed");
            if (temporary != null) {
                deleteTemporary.accept(temporary);
            }
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, snapshot + " lost directories in " + directory
                + " in a power loss before anything in them was flushed; restored them empty");
        return true;
    }

    /** Makes the directories that {@link #restore} placed in {@code snapshots/} durable. */
    void flush() throws IOException {
        DurableMarker.syncDirectory(state.snapshots());
    }
}
