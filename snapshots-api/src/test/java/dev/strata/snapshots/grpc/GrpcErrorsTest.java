package dev.strata.snapshots.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.DataLossException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.NotImplementedException;
import dev.strata.snapshots.ResourceExhaustedException;
import dev.strata.snapshots.UnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class GrpcErrorsTest {

    static Stream<Arguments> classes() {
        return Stream.of(
                row(NotFoundException::new, Status.Code.NOT_FOUND),
                row(AlreadyExistsException::new, Status.Code.ALREADY_EXISTS),
                row(FailedPreconditionException::new, Status.Code.FAILED_PRECONDITION),
                row(InvalidArgumentException::new, Status.Code.INVALID_ARGUMENT),
                row(UnavailableException::new, Status.Code.UNAVAILABLE),
                row(NotImplementedException::new, Status.Code.UNIMPLEMENTED),
                row(ResourceExhaustedException::new, Status.Code.RESOURCE_EXHAUSTED),
                row(DataLossException::new, Status.Code.DATA_LOSS));
    }

    private static Arguments row(Function<String, RuntimeException> exception, Status.Code code) {
        return Arguments.of(exception.apply("failed to do it: because"), code);
    }

    @ParameterizedTest
    @MethodSource("classes")
    void eachExceptionClassHasItsCode(RuntimeException exception, Status.Code code) {
        StatusRuntimeException status = GrpcErrors.toStatus(exception);

        assertEquals(code, status.getStatus().getCode());
        assertEquals(exception.getMessage(), status.getStatus().getDescription());
    }

    @ParameterizedTest
    @MethodSource("classes")
    void eachCodeComesBackAsItsExceptionClass(RuntimeException exception, Status.Code code) {
        RuntimeException back = GrpcErrors.fromStatus(GrpcErrors.toStatus(exception));

        assertEquals(exception.getClass(), back.getClass());
        assertEquals(exception.getMessage(), back.getMessage());
    }

    @Test
    void anyOtherExceptionIsUnknownWithItsMessage() {
        StatusRuntimeException status = GrpcErrors.toStatus(new UncheckedIOException("failed to read: disk on fire", new java.io.IOException()));

        assertEquals(Status.Code.UNKNOWN, status.getStatus().getCode());
        assertEquals("failed to read: disk on fire", status.getStatus().getDescription());
    }

    @Test
    void anExceptionWithoutMessageIsDescribedByItsClass() {
        StatusRuntimeException status = GrpcErrors.toStatus(new IllegalStateException());

        assertEquals(Status.Code.UNKNOWN, status.getStatus().getCode());
        assertEquals("java.lang.IllegalStateException", status.getStatus().getDescription());
    }

    @Test
    void aStatusExceptionPassesThroughUnchanged() {
        StatusRuntimeException cancelled = Status.CANCELLED.withDescription("gone").asRuntimeException();

        assertSame(cancelled, GrpcErrors.toStatus(cancelled));
    }

    @Test
    void unknownComesBackAsARemoteCallExceptionWithTheMessage() {
        RuntimeException back = GrpcErrors.fromStatus(GrpcErrors.toStatus(new IllegalStateException("failed to walk: boom")));

        RemoteCallException remote = assertInstanceOf(RemoteCallException.class, back);
        assertEquals("UNKNOWN", remote.code());
        assertEquals("failed to walk: boom", remote.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNKNOWN", "CANCELLED", "DEADLINE_EXCEEDED", "INTERNAL", "PERMISSION_DENIED", "ABORTED"})
    void codesWithoutAnExceptionClassComeBackAsRemoteCallExceptions(Status.Code code) {
        RuntimeException back = GrpcErrors.fromStatus(code.toStatus().asRuntimeException());

        assertEquals(code.name(), assertInstanceOf(RemoteCallException.class, back).code());
    }
}
