package dev.strata.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.Usage;
import dev.strata.snapshots.grpc.UnixSocketChannels;
import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import dev.strata.snapshots.wire.v1.StatSnapshotRequest;
import dev.strata.snapshots.wire.v1.UsageRequest;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallExecutorsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void statIsAnsweredOnTheTransportThreadWhileAUsageIsBusyOnThePool() throws Exception {
        Map<String, String> threads = new ConcurrentHashMap<>();
        CountDownLatch measuring = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Snapshotter snapshotter = (Snapshotter) Proxy.newProxyInstance(Snapshotter.class.getClassLoader(), new Class<?>[] {Snapshotter.class},
                (proxy, method, args) -> {
                    threads.put(method.getName(), Thread.currentThread().getName());
                    return switch (method.getName()) {
                        case "usage" -> {
                            measuring.countDown();
                            release.await();
                            yield Usage.ZERO;
                        }
                        case "stat" -> new Info((String) args[0], "", Kind.COMMITTED, Map.of(), NOW, NOW);
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
        DaemonConfig config = new DaemonConfig(dir.resolve("root"), dir.resolve("snapshotter.sock"), Optional.empty());
        Daemon daemon = Daemon.serve(config, snapshotter);
        var channel = UnixSocketChannels.open(config.address());
        try {
            ListenableFuture<?> usage = SnapshotsGrpc.newFutureStub(channel)
                    .usage(UsageRequest.newBuilder().setKey("busy").build());
            measuring.await();

            // the deadline only ends the test if the Stat waits for the Usage's thread
            String answered = SnapshotsGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .stat(StatSnapshotRequest.newBuilder().setKey("layer").build()).getInfo().getName();
            assertEquals("layer", answered);
            release.countDown();
            usage.get();
            assertTrue(threads.get("usage").startsWith("grpc-default-executor"), threads.get("usage"));
            // a hand-off to the pool and back would cost the Stat two thread wake-ups
            assertFalse(threads.get("stat").startsWith("grpc-default-executor"), threads.get("stat"));
        } finally {
            release.countDown();
            channel.shutdownNow();
            daemon.stop();
        }
    }
}
