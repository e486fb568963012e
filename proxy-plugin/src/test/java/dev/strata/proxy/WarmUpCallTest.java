package dev.strata.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpCallTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void theServerAnswersAHealthCheckAndTheCallReturns() throws Exception {
        Path socket = dir.resolve("grpc.sock");
        List<String> handled = new CopyOnWriteArrayList<>();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(loop).workerEventLoopGroup(loop)
                .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), recordingTo(handled)))
                .build().start();
        try {
            WarmUpCall.run(socket, TIMEOUT);
        } finally {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("grpc.health.v1.Health/Check"), handled);
    }

    @Test
    void aServerThatNeverAnswersFailsTheCallAtTheTimeout() throws IOException {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));

            IOException failure = assertThrows(IOException.class, () -> WarmUpCall.run(socket, Duration.ofMillis(200)));

            assertTrue(failure.getMessage().startsWith("warm-up call over " + socket + " failed: no answer in time"), failure.getMessage());
        }
    }

    @Test
    void aServerThatHangsUpFailsTheCall() throws IOException {
        Path socket = dir.resolve("closing.sock");
        try (ServerSocketChannel closing = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            closing.bind(UnixDomainSocketAddress.of(socket));
            Thread hangUp = new Thread(() -> {
                try (SocketChannel accepted = closing.accept()) {
                    // closed at once
                } catch (IOException ignored) {
                    // the test fails on its own if the call does not end
                }
            });
            hangUp.start();

            IOException failure = assertThrows(IOException.class, () -> WarmUpCall.run(socket, TIMEOUT));

            // closed, or reset since our request was left unread
            assertTrue(failure.getMessage().startsWith("warm-up call over " + socket + " failed: "), failure.getMessage());
        }
    }

    private static ServerInterceptor recordingTo(List<String> handled) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                handled.add(call.getMethodDescriptor().getFullMethodName());
                return next.startCall(call, headers);
            }
        };
    }
}
