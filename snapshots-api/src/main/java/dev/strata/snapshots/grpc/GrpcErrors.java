package dev.strata.snapshots.grpc;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.DataLossException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.NotImplementedException;
import dev.strata.snapshots.ResourceExhaustedException;
import dev.strata.snapshots.SnapshotException;
import dev.strata.snapshots.UnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one place where snapshot exceptions become gRPC statuses and back, with containerd's errdefs codes. The
 * message travels as the status description, unchanged.
 */
public final class GrpcErrors {
    private GrpcErrors() {
    }

    /** The status that reports {@code failure} to a gRPC client; a status exception is passed on as it is. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        return codeOf(failure).toStatus().withDescription(message).withCause(failure).asRuntimeException();
    }

    private static Status.Code codeOf(Throwable failure) {
        if (failure instanceof NotFoundException) {
            return Status.Code.NOT_FOUND;
        } else if (failure instanceof AlreadyExistsException) {
            return Status.Code.ALREADY_EXISTS;
        } else if (failure instanceof FailedPreconditionException) {
            return Status.Code.FAILED_PRECONDITION;
        } else if (failure instanceof InvalidArgumentException) {
            return Status.Code.INVALID_ARGUMENT;
        } else if (failure instanceof UnavailableException) {
            return Status.Code.UNAVAILABLE;
        } else if (failure instanceof NotImplementedException) {
            return Status.Code.UNIMPLEMENTED;
        } else if (failure instanceof ResourceExhaustedException) {
            return Status.Code.RESOURCE_EXHAUSTED;
        } else if (failure instanceof DataLossException) {
            return Status.Code.DATA_LOSS;
        }
        return Status.Code.UNKNOWN;
    }

    /**
     * The exception that a failed call to a remote snapshotter raises: a {@link SnapshotException} for the codes
     * that have one, else a {@link RemoteCallException}.
     */
    public static RuntimeException fromStatus(StatusRuntimeException failure) {
        Status status = failure.getStatus();
        String message = status.getDescription() != null ? status.getDescription() : status.getCode().name();
        return switch (status.getCode()) {
            case NOT_FOUND -> new NotFoundException(message, failure);
            case ALREADY_EXISTS -> new AlreadyExistsException(message, failure);
            case FAILED_PRECONDITION -> new FailedPreconditionException(message, failure);
            case INVALID_ARGUMENT -> new InvalidArgumentException(message, failure);
            case UNAVAILABLE -> new UnavailableException(message, failure);
            case UNIMPLEMENTED -> new NotImplementedException(message, failure);
            case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(message, failure);
            case DATA_LOSS -> new DataLossException(message, failure);
            default -> new RemoteCallException(status.getCode().name(), message, failure);
        };
    }
}
