package dev.strata.snapshots.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;

/**
 * gRPC channels to Unix sockets. All of them share one event loop of daemon threads, so a channel
 * owns nothing but itself and shutting it down is all the cleanup a caller does.
 */
public final class UnixSocketChannels {
    private static final class SharedEventLoop {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("strata-unix-client", true), EpollIoHandler.newFactory());
    }

    private UnixSocketChannels() {
    }

    /** A plaintext channel to the gRPC server on {@code socket}; it connects at the first call. */
    public static ManagedChannel open(Path socket) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(SharedEventLoop.GROUP)
                .channelType(EpollDomainSocketChannel.class)
                // gRPC asks for TCP keepalive, which a Unix socket does not have; null drops the option
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .overrideAuthority("localhost")
                .usePlaintext()
                .build();
    }
}
