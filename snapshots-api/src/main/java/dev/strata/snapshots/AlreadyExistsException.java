package dev.strata.snapshots;

/** The key or name is taken. */
public final class AlreadyExistsException extends SnapshotException {
    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
