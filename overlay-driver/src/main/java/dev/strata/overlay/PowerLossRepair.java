package dev.strata.overlay;

import dev.strata.snapshots.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Gives back the directories that a power loss took from snapshots created by replayed records (see
 * {@link MetaStore#filesUncheckedAfter}). Journaling file systems commit in order, so a directory that
 * a power loss undid held nothing that was ever flushed: an active snapshot or a view without a parent
 * gets the empty directories its create made. A committed snapshot held a layer's files, which
 * cannot be made again: it is lost, and so is any snapshot whose repair fails.
 */
final class PowerLossRepair {
    private static final System.Logger LOG = System.getLogger(PowerLossRepair.class.getName());
    private static final String REMEDY = "remove it and the snapshots built on it, then unpack their images again";

    private final StateDirectory state;
    private final SnapshotDirectories directories;
    /** Set when a temporary directory of a failed repair could not be deleted. */
    private boolean leftBehind;

    PowerLossRepair(StateDirectory state, SnapshotDirectories directories) {
        this.state = state;
        this.directories = directories;
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
                    + ") in a power loss; Mounts, Prepare and View on it fail with DATA_LOSS: " + REMEDY);
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
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "failed to restore the directories of " + snapshot + " that a power loss took: "
                    + e.getMessage() + "; Mounts and creates on it fail with DATA_LOSS: " + REMEDY);
            deleteQuietly(temporary);
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

    /** Whether a temporary directory of a failed repair is left for a later sweep. */
    boolean leftBehind() {
        return leftBehind;
    }

    private void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            FileTrees.delete(temporary);
        } catch (UncheckedIOException e) {
            leftBehind = true;
            LOG.log(System.Logger.Level.WARNING, "failed to remove directory " + temporary + ", the next start will: " + e.getMessage());
        }
    }
}
