package dev.strata.proxy;

import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.grpc.SnapshotsService;
import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The running daemon: an OverlaySnapshotter served as containerd's Snapshots service, plus the gRPC
 * health service, on a Unix socket. Shutting down lets calls in flight finish, then closes the store.
 */
final class Daemon {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(30);

    private final DaemonConfig config;
    private final Snapshotter snapshotter;
    private final HealthStatusManager health;
    private final Server server;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final CallExecutors callExecutors = new CallExecutors();

    private Daemon(DaemonConfig config, Snapshotter snapshotter) {
        this.config = config;
        this.snapshotter = snapshotter;
        this.health = new HealthStatusManager();
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        this.workerGroup = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
        this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(SocketListener.bindingPath(config.address()).toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(bossGroup)
                .workerEventLoopGroup(workerGroup)
                // gRPC asks for TCP keepalive, which a Unix socket does not have; null drops the option
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .directExecutor()
                .callExecutor(callExecutors)
                .addService(new SnapshotsService(snapshotter))
                .addService(health.getHealthService())
                .build();
    }

    /** Opens the store under the root and starts serving on the socket. */
    static Daemon start(DaemonConfig config) throws IOException {
        RootDirectory.prepare(config.root());
        SocketListener.prepare(config.address());
        return serve(config, OverlaySnapshotter.open(config.root()));
    }

    /** Starts serving {@code snapshotter} on the socket, whose path must be free; stopping the daemon closes it. */
    static Daemon serve(DaemonConfig config, Snapshotter snapshotter) throws IOException {
        Daemon daemon = new Daemon(config, snapshotter);
        try {
            daemon.server.start();
            daemon.health.setStatus("", ServingStatus.SERVING);
            WarmUpCall.run(SocketListener.bindingPath(config.address()), WARM_UP_TIMEOUT);
            SocketListener.publish(config.address(), config.socketGroup());
        } catch (IOException | RuntimeException e) {
            daemon.server.shutdownNow();
            daemon.closeResources();
            throw e;
        }
        daemon.health.setStatus(SnapshotsGrpc.SERVICE_NAME, ServingStatus.SERVING);
        LOG.info(() -> "serving snapshotter on " + config.address() + " with root " + config.root());
        return daemon;
    }

    /**
     * Stops taking new calls, lets calls in flight finish (cancelling those still running after the
     * drain timeout), then closes the store and removes the socket.
     */
    void stop() throws InterruptedException {
        LOG.info("shutting down: finishing calls in flight");
        health.enterTerminalState();
        server.shutdown();
        if (!server.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warning("calls still running after " + DRAIN_TIMEOUT.toSeconds() + "s: cancelling them");
            server.shutdownNow();
            server.awaitTermination();
        }
        closeResources();
        LOG.info("stopped");
    }

    private void closeResources() {
        bossGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        callExecutors.close();
        snapshotter.close();
        try {
            Files.deleteIfExists(config.address());
            Files.deleteIfExists(SocketListener.bindingPath(config.address()));
        } catch (IOException e) {
            LOG.warning("failed to remove socket " + config.address() + ": " + e.getMessage());
        }
    }
}
