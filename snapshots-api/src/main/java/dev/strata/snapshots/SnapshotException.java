package dev.strata.snapshots;

/**
 * A failure of a snapshot operation that a caller can act on. Each subclass is one class of
 * failure and maps to one gRPC status code; messages read "failed to &lt;verb&gt; ...: &lt;cause&gt;".
 */
public abstract sealed class SnapshotException extends RuntimeException
        permits NotFoundException, AlreadyExistsException, FailedPreconditionException,
                InvalidArgumentException, UnavailableException, NotImplementedException,
                ResourceExhaustedException, DataLossException {

    protected SnapshotException(String message) {
        super(message);
    }

    protected SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
