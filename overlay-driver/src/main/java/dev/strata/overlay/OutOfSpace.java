package dev.strata.overlay;

import dev.strata.snapshots.ResourceExhaustedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.lmdbjava.LmdbNativeException;

/** Turns a full disk (ENOSPC) or an exceeded quota (EDQUOT) into {@link ResourceExhaustedException}. */
final class OutOfSpace {
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;

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

    /** The exception to raise for an LMDB failure: resource exhausted when the disk is full, else {@code failure}. */
    static RuntimeException orLmdbFailure(String message, LmdbNativeException failure) {
        if (failure.getResultCode() == ENOSPC || failure.getResultCode() == EDQUOT) {
            return new ResourceExhaustedException(message + ": disk full: " + failure.getMessage(), failure);
        }
        return failure;
    }
}
