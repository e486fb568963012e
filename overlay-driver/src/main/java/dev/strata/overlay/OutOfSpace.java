package dev.strata.overlay;

import dev.strata.snapshots.ResourceExhaustedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import dev.strata.overlay.lmdb.LmdbException;

/** Turns a full disk (ENOSPC) or an exceeded quota (EDQUOT) into {@link ResourceExhaustedException}. */
final class OutOfSpace {
    private OutOfSpace() {
    }

    /** The exception to raise for {@code failure}: resource exhausted when the disk is full, else unchecked I/O. */
    static RuntimeException orIoFailure(String message, IOException failure) {
        // Java reports errno only through strerror text in the exception's reason.
        if (failure instanceof FileSystemException fs && fs.getReason() != null
                && (fs.getReason().contains("No space left") || fs.getReason().contains("quota exceeded"))) {
            return new ResourceExhaustedException(message + ": disk full: " + fs.getReason(), failure);
        }
        return new UncheckedIOException(message + ": " + failure.getMessage(), failure);
    }

    /**
     * The exception to raise for an LMDB failure: resource exhausted when the disk or the database's
     * map is full, else {@code failure}.
     */
    static RuntimeException orLmdbFailure(String message, LmdbException failure) {
        if (failure.diskFull()) {
            return new ResourceExhaustedException(message + ": disk full: " + failure.getMessage(), failure);
        }
        if (failure.mapFull()) {
            return new ResourceExhaustedException(message + ": database is full", failure);
        }
        return failure;
    }
}
