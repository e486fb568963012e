package dev.strata.snapshots.grpc;

import com.google.protobuf.Empty;
import dev.strata.snapshots.AsyncSnapshotter;
import dev.strata.snapshots.Completions;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.wire.v1.CleanupRequest;
import dev.strata.snapshots.wire.v1.CommitSnapshotRequest;
import dev.strata.snapshots.wire.v1.ListSnapshotsRequest;
import dev.strata.snapshots.wire.v1.ListSnapshotsResponse;
import dev.strata.snapshots.wire.v1.MountsRequest;
import dev.strata.snapshots.wire.v1.MountsResponse;
import dev.strata.snapshots.wire.v1.PrepareSnapshotRequest;
import dev.strata.snapshots.wire.v1.PrepareSnapshotResponse;
import dev.strata.snapshots.wire.v1.RemoveSnapshotRequest;
import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import dev.strata.snapshots.wire.v1.StatSnapshotRequest;
import dev.strata.snapshots.wire.v1.StatSnapshotResponse;
import dev.strata.snapshots.wire.v1.UpdateSnapshotRequest;
import dev.strata.snapshots.wire.v1.UpdateSnapshotResponse;
import dev.strata.snapshots.wire.v1.UsageRequest;
import dev.strata.snapshots.wire.v1.UsageResponse;
import dev.strata.snapshots.wire.v1.ViewSnapshotRequest;
import dev.strata.snapshots.wire.v1.ViewSnapshotResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * containerd's Snapshots gRPC service in front of a {@link Snapshotter}, as containerd's
 * contrib/snapshotservice serves one. It needs no namespace header and ignores the {@code snapshotter} field of
 * requests; failures reach the client through {@link GrpcErrors}. The changing calls go through the
 * snapshotter's {@link AsyncSnapshotter} side if it has one and are answered when their futures complete,
 * on whichever thread completes them, so that no thread of the server waits for a change to be durable.
 */
public final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {
    /** Infos per List response, as containerd sends them. */
    static final int LIST_BATCH_SIZE = 100;

    private final Snapshotter snapshotter;
    private final AsyncSnapshotter changes;

    public SnapshotsService(Snapshotter snapshotter) {
        this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter");
        this.changes = AsyncSnapshotter.of(snapshotter);
    }

    @Override
    public void prepare(PrepareSnapshotRequest request, StreamObserver<PrepareSnapshotResponse> responses) {
        respondLater(responses, () -> changes.prepareAsync(request.getKey(), request.getParent(), request.getLabelsMap())
                .thenApply(mounts -> PrepareSnapshotResponse.newBuilder().addAllMounts(WireConverter.toWire(mounts)).build()));
    }

    @Override
    public void view(ViewSnapshotRequest request, StreamObserver<ViewSnapshotResponse> responses) {
        respondLater(responses, () -> changes.viewAsync(request.getKey(), request.getParent(), request.getLabelsMap())
                .thenApply(mounts -> ViewSnapshotResponse.newBuilder().addAllMounts(WireConverter.toWire(mounts)).build()));
    }

    @Override
    public void mounts(MountsRequest request, StreamObserver<MountsResponse> responses) {
        respond(responses, () -> MountsResponse.newBuilder()
                .addAllMounts(WireConverter.toWire(snapshotter.mounts(request.getKey())))
                .build());
    }

    @Override
    public void commit(CommitSnapshotRequest request, StreamObserver<Empty> responses) {
        respondLater(responses, () -> changes.commitAsync(request.getName(), request.getKey(), request.getLabelsMap())
                .thenApply(done -> Empty.getDefaultInstance()));
    }

    @Override
    public void remove(RemoveSnapshotRequest request, StreamObserver<Empty> responses) {
        respondLater(responses, () -> changes.removeAsync(request.getKey()).thenApply(done -> Empty.getDefaultInstance()));
    }

    @Override
    public void stat(StatSnapshotRequest request, StreamObserver<StatSnapshotResponse> responses) {
        respond(responses, () -> StatSnapshotResponse.newBuilder()
                .setInfo(WireConverter.toWire(snapshotter.stat(request.getKey())))
                .build());
    }

    @Override
    public void update(UpdateSnapshotRequest request, StreamObserver<UpdateSnapshotResponse> responses) {
        respondLater(responses, () -> changes.updateAsync(WireConverter.fromWire(request.getInfo()), request.getUpdateMask().getPathsList())
                .thenApply(updated -> UpdateSnapshotResponse.newBuilder().setInfo(WireConverter.toWire(updated)).build()));
    }

    @Override
    public void usage(UsageRequest request, StreamObserver<UsageResponse> responses) {
        respond(responses, () -> WireConverter.toWire(snapshotter.usage(request.getKey())));
    }

    @Override
    public void cleanup(CleanupRequest request, StreamObserver<Empty> responses) {
        respond(responses, () -> {
            snapshotter.cleanup();
            return Empty.getDefaultInstance();
        });
    }

    /** Streams the matching snapshots in batches; stops walking as soon as it sees that the client has gone. */
    @Override
    public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> responses) {
        ServerCallStreamObserver<ListSnapshotsResponse> call = (ServerCallStreamObserver<ListSnapshotsResponse>) responses;
        // with a handler, onNext after a cancel drops the message instead of throwing; the walk stops at the next snapshot
        call.setOnCancelHandler(() -> { });
        List<dev.strata.snapshots.wire.v1.Info> batch = new ArrayList<>(LIST_BATCH_SIZE);
        try {
            snapshotter.walk(request.getFiltersList(), info -> {
                if (call.isCancelled()) {
                    throw new ClientGone();
                }
                batch.add(WireConverter.toWire(info));
                if (batch.size() == LIST_BATCH_SIZE) {
                    call.onNext(ListSnapshotsResponse.newBuilder().addAllInfo(batch).build());
                    batch.clear();
                }
            });
        } catch (ClientGone e) {
            return;
        } catch (RuntimeException e) {
            call.onError(GrpcErrors.toStatus(e));
            return;
        }
        if (!batch.isEmpty()) {
            call.onNext(ListSnapshotsResponse.newBuilder().addAllInfo(batch).build());
        }
        call.onCompleted();
    }

    /** Ends a walk whose client cancelled the List call; nobody is left to tell. */
    private static final class ClientGone extends RuntimeException {
        ClientGone() {
            super("client cancelled the List call", null, false, false);
        }
    }

    private static <T> void respond(StreamObserver<T> responses, Supplier<T> call) {
        respondLater(responses, () -> CompletableFuture.completedFuture(call.get()));
    }

    /** Answers when the call's future completes; a call that throws instead is answered with its failure at once. */
    private static <T> void respondLater(StreamObserver<T> responses, Supplier<CompletableFuture<T>> call) {
        AsyncSnapshotter.failingFast(call).whenComplete((response, failure) -> {
            if (failure != null) {
                responses.onError(GrpcErrors.toStatus(Completions.cause(failure)));
            } else {
                responses.onNext(response);
                responses.onCompleted();
            }
        });
    }
}
