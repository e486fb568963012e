package dev.strata.snapshots;

/** The operation is not supported by this snapshotter. */
public final class NotImplementedException extends SnapshotException {
    public NotImplementedException(String message) {
        super(message);
    }

    public NotImplementedException(String message, Throwable cause) {
        super(message, cause);
    }
}
