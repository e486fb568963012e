package dev.strata.snapshots;

/** The snapshot, or its parent, does not exist. */
public final class NotFoundException extends SnapshotException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
