package dev.strata.snapshots;

/** The disk or another resource is full; nothing was changed. */
public final class ResourceExhaustedException extends SnapshotException {
    public ResourceExhaustedException(String message) {
        super(message);
    }

    public ResourceExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
