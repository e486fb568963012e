package dev.strata.snapshots;

/** The snapshotter cannot serve now: it is shutting down or cannot be reached. */
public final class UnavailableException extends SnapshotException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
