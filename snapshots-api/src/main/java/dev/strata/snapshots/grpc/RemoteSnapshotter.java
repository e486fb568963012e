package dev.strata.snapshots.grpc;

import com.google.protobuf.FieldMask;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.Usage;
import dev.strata.snapshots.wire.v1.CleanupRequest;
import dev.strata.snapshots.wire.v1.CommitSnapshotRequest;
import dev.strata.snapshots.wire.v1.ListSnapshotsRequest;
import dev.strata.snapshots.wire.v1.ListSnapshotsResponse;
import dev.strata.snapshots.wire.v1.MountsRequest;
import dev.strata.snapshots.wire.v1.PrepareSnapshotRequest;
import dev.strata.snapshots.wire.v1.RemoveSnapshotRequest;
import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import dev.strata.snapshots.wire.v1.StatSnapshotRequest;
import dev.strata.snapshots.wire.v1.UpdateSnapshotRequest;
import dev.strata.snapshots.wire.v1.UsageRequest;
import dev.strata.snapshots.wire.v1.ViewSnapshotRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link Snapshotter} that calls a containerd Snapshots gRPC service: ours, containerd's, or any proxy
 * snapshotter's. It sends no {@code snapshotter} name and no namespace; failures arrive through
 * {@link GrpcErrors}. The snapshotter owns its channel and shuts it down on {@link #close()}.
 */
public final class RemoteSnapshotter implements Snapshotter {
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    private final ManagedChannel channel;
    private final SnapshotsGrpc.SnapshotsBlockingStub stub;

    public RemoteSnapshotter(ManagedChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.stub = SnapshotsGrpc.newBlockingStub(channel);
    }

    /** Dials the snapshotter listening on the Unix socket {@code socket}; the connection is made at the first call. */
    public static RemoteSnapshotter connect(Path socket) {
        return new RemoteSnapshotter(UnixSocketChannels.open(socket));
    }

    @Override
    public Info stat(String key) {
        return call(() -> WireConverter.fromWire(stub.stat(StatSnapshotRequest.newBuilder().setKey(key).build()).getInfo()));
    }

    @Override
    public Info update(Info info, List<String> fieldPaths) {
        UpdateSnapshotRequest request = UpdateSnapshotRequest.newBuilder()
                .setInfo(WireConverter.toWire(info))
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(fieldPaths))
                .build();
        return call(() -> WireConverter.fromWire(stub.update(request).getInfo()));
    }

    @Override
    public Usage usage(String key) {
        return call(() -> WireConverter.fromWire(stub.usage(UsageRequest.newBuilder().setKey(key).build())));
    }

    @Override
    public List<Mount> mounts(String key) {
        return call(() -> WireConverter.fromWire(stub.mounts(MountsRequest.newBuilder().setKey(key).build()).getMountsList()));
    }

    @Override
    public List<Mount> prepare(String key, String parent, Map<String, String> labels) {
        PrepareSnapshotRequest request = PrepareSnapshotRequest.newBuilder()
                .setKey(key).setParent(parent).putAllLabels(labels).build();
        return call(() -> WireConverter.fromWire(stub.prepare(request).getMountsList()));
    }

    @Override
    public List<Mount> view(String key, String parent, Map<String, String> labels) {
        ViewSnapshotRequest request = ViewSnapshotRequest.newBuilder()
                .setKey(key).setParent(parent).putAllLabels(labels).build();
        return call(() -> WireConverter.fromWire(stub.view(request).getMountsList()));
    }

    @Override
    public void commit(String name, String key, Map<String, String> labels) {
        CommitSnapshotRequest request = CommitSnapshotRequest.newBuilder()
                .setName(name).setKey(key).putAllLabels(labels).build();
        call(() -> stub.commit(request));
    }

    @Override
    public void remove(String key) {
        call(() -> stub.remove(RemoveSnapshotRequest.newBuilder().setKey(key).build()));
    }

    /** Streams the snapshots; if {@code visitor} throws, the List call is cancelled and the exception passes on. */
    @Override
    public void walk(List<String> filters, Consumer<Info> visitor) {
        ListSnapshotsRequest request = ListSnapshotsRequest.newBuilder().addAllFilters(filters).build();
        try (Context.CancellableContext listing = Context.current().withCancellation()) {
            listing.run(() -> {
                Iterator<ListSnapshotsResponse> responses = call(() -> stub.list(request));
                while (call(responses::hasNext)) {
                    call(responses::next).getInfoList().forEach(info -> visitor.accept(WireConverter.fromWire(info)));
                }
            });
        }
    }

    @Override
    public void cleanup() {
        call(() -> stub.cleanup(CleanupRequest.getDefaultInstance()));
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }
}
