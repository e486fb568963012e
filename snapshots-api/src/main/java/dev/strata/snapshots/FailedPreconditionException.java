package dev.strata.snapshots;

/** The snapshot is in a state that does not allow the operation: not active, or has children. */
public final class FailedPreconditionException extends SnapshotException {
    public FailedPreconditionException(String message) {
        super(message);
    }

    public FailedPreconditionException(String message, Throwable cause) {
        super(message, cause);
    }
}
