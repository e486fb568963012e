package dev.strata.snapshots;

/**
 * The files of the snapshot, or of a parent in its chain, are gone (a power loss undid them): the
 * snapshot and those built on it must be removed and made again.
 */
public final class DataLossException extends SnapshotException {
    public DataLossException(String message) {
        super(message);
    }

    public DataLossException(String message, Throwable cause) {
        super(message, cause);
    }
}
