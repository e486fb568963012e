package dev.strata.proxy;

import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Which thread runs each call. Stat and Mounts only read the metadata store and answer in
 * microseconds; Remove and Update only hand a change to the snapshotter's writer, which answers them
 * once it is durable, and Prepare, View and Commit hand theirs to the writer or, with the making of
 * their directories or the measuring of their upper directory, to the snapshotter's own pool. They
 * run on the transport thread that received them. The rest (List, Usage, Cleanup) may walk every
 * snapshot or a whole directory tree on the caller's thread, so they run on this supplier's pool.
 *
 * <p>The server must use the direct executor: gRPC looks the method up, and asks this supplier, on the
 * server's executor, so a pool there would put even the transport-thread calls on a pool thread and
 * answer them with a hand-off back.
 */
final class CallExecutors implements ServerCallExecutorSupplier, AutoCloseable {
    private static final Set<String> ON_TRANSPORT_THREAD = Set.of(
            SnapshotsGrpc.getStatMethod().getFullMethodName(),
            SnapshotsGrpc.getMountsMethod().getFullMethodName(),
            SnapshotsGrpc.getPrepareMethod().getFullMethodName(),
            SnapshotsGrpc.getViewMethod().getFullMethodName(),
            SnapshotsGrpc.getCommitMethod().getFullMethodName(),
            SnapshotsGrpc.getRemoveMethod().getFullMethodName(),
            SnapshotsGrpc.getUpdateMethod().getFullMethodName());

    private final ExecutorService pool = Executors.newCachedThreadPool(new DefaultThreadFactory("grpc-default-executor", true));

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        // null: stay on the server's direct executor, the transport thread
        return ON_TRANSPORT_THREAD.contains(call.getMethodDescriptor().getFullMethodName()) ? null : pool;
    }

    /** Stops the pool's idle threads; call once the server has terminated. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
