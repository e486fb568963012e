package dev.strata.snapshots;

/** The request itself is wrong: an empty key, a bad filter, an unknown field path, a label over the limit, a parent that is not committed. */
public final class InvalidArgumentException extends SnapshotException {
    public InvalidArgumentException(String message) {
        super(message);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
