package dev.strata.tests.support;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.wire.v1.Info;
import dev.strata.snapshots.wire.v1.ListSnapshotsRequest;
import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a snapshotter socket directly, bypassing containerd, to see what the snapshotter itself
 * holds: containerd's own listings come from its metadata, not from the snapshotter.
 */
public final class SnapshotterSocketClient implements AutoCloseable {

    private static final long DEADLINE_SECONDS = 30;

    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;

    private SnapshotterSocketClient(EventLoopGroup eventLoop, ManagedChannel channel) {
        this.eventLoop = eventLoop;
        this.channel = channel;
    }

    public static SnapshotterSocketClient connect(Path socket) {
        EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                .usePlaintext()
                .build();
        return new SnapshotterSocketClient(eventLoop, channel);
    }

    /** Every snapshot the snapshotter holds, across all containerd namespaces. */
    public List<ListedSnapshot> list() {
        List<ListedSnapshot> snapshots = new ArrayList<>();
        SnapshotsGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .list(ListSnapshotsRequest.getDefaultInstance())
                .forEachRemaining(response -> response.getInfoList().forEach(info -> snapshots.add(toListed(info))));
        return snapshots;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS);
        eventLoop.shutdownGracefully(0, DEADLINE_SECONDS, TimeUnit.SECONDS).await(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private static ListedSnapshot toListed(Info info) {
        Kind kind = Kind.parse(info.getKind().name())
                .orElseThrow(() -> new IllegalStateException("failed to list snapshots: unknown kind of " + info.getName()));
        return new ListedSnapshot(info.getName(), info.getParent(), kind);
    }
}
