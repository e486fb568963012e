package dev.strata.proxy;

import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Which thread runs each call. Stat and Mounts only read the metadata store and answer in
 * microseconds; Remove and Update only hand a change to the snapshotter's writer, which answers them
 * once it is durable. They run on the transport thread that received them, saving the hand-off to a
 * pool thread and back. Prepare and View make directories and Commit measures a directory tree before
 * handing over their change, and the rest may walk every snapshot or directory, so they run on the
 * server's pool, whose threads do not wait for the writer.
 */
final class CallExecutors implements ServerCallExecutorSupplier {
    private static final Set<String> ON_TRANSPORT_THREAD = Set.of(
            SnapshotsGrpc.getStatMethod().getFullMethodName(),
            SnapshotsGrpc.getMountsMethod().getFullMethodName(),
            SnapshotsGrpc.getRemoveMethod().getFullMethodName(),
            SnapshotsGrpc.getUpdateMethod().getFullMethodName());
    private static final Executor DIRECT = Runnable::run;

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        // null: the server's default executor
        return ON_TRANSPORT_THREAD.contains(call.getMethodDescriptor().getFullMethodName()) ? DIRECT : null;
    }
}
