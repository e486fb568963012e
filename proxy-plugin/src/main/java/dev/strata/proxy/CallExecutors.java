package dev.strata.proxy;

import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Which thread runs each call. Stat and Mounts only read the metadata store and answer in
 * microseconds, so they run on the transport thread that received them, saving two thread hand-offs;
 * every other call may wait for a sync or walk a directory, and runs on the server's pool.
 */
final class CallExecutors implements ServerCallExecutorSupplier {
    private static final Set<String> ON_TRANSPORT_THREAD = Set.of(
            SnapshotsGrpc.getStatMethod().getFullMethodName(),
            SnapshotsGrpc.getMountsMethod().getFullMethodName());
    private static final Executor DIRECT = Runnable::run;

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        // null: the server's default executor
        return ON_TRANSPORT_THREAD.contains(call.getMethodDescriptor().getFullMethodName()) ? DIRECT : null;
    }
}
