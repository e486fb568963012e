package dev.strata.snapshots.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.UnavailableException;
import dev.strata.snapshots.testing.InMemorySnapshotter;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteSnapshotterSocketTest {
    @TempDir
    Path dir;

    @Test
    void connectDialsAUnixSocket() throws Exception {
        Path socket = dir.resolve("strata.sock");
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .addService(new SnapshotsService(new InMemorySnapshotter()))
                .build()
                .start();
        try (RemoteSnapshotter remote = RemoteSnapshotter.connect(socket)) {
            remote.prepare("default/1/sha256:abc", "", Map.of("l", "1"));

            assertEquals(Kind.ACTIVE, remote.stat("default/1/sha256:abc").kind());
            assertEquals(List.of("default/1/sha256:abc"), names(remote));
        } finally {
            server.shutdownNow().awaitTermination();
            boss.shutdownGracefully().sync();
            workers.shutdownGracefully().sync();
        }
    }

    @Test
    void aMissingSocketIsUnavailable() {
        try (RemoteSnapshotter remote = RemoteSnapshotter.connect(dir.resolve("nobody-listens.sock"))) {
            assertThrows(UnavailableException.class, () -> remote.stat("a"));
        }
    }

    @Test
    void aClosedSnapshotterIsUnavailable() {
        RemoteSnapshotter remote = RemoteSnapshotter.connect(dir.resolve("nobody-listens.sock"));
        remote.close();

        assertThrows(UnavailableException.class, () -> remote.stat("a"));
    }

    private static List<String> names(RemoteSnapshotter remote) {
        List<String> names = new ArrayList<>();
        remote.walk(List.of(), info -> names.add(info.name()));
        return names;
    }
}
