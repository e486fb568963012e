package dev.strata.snapshots.grpc;

/**
 * A remote snapshotter failed in a way that none of the {@link dev.strata.snapshots.SnapshotException} classes
 * describes (gRPC Unknown, Internal, Canceled, DeadlineExceeded...); the message is the remote one.
 */
public final class RemoteCallException extends RuntimeException {
    private final String code;

    RemoteCallException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The gRPC status code's name, e.g. "UNKNOWN" or "DEADLINE_EXCEEDED". */
    public String code() {
        return code;
    }
}
