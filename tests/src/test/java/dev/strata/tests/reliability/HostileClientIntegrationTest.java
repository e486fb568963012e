package dev.strata.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.snapshots.grpc.UnixSocketChannels;
import dev.strata.snapshots.wire.v1.ListSnapshotsRequest;
import dev.strata.snapshots.wire.v1.ListSnapshotsResponse;
import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import dev.strata.tests.support.Polling;
import dev.strata.tests.support.SnapshotterDaemon;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Clients that misbehave on the socket: garbage bytes, List calls dropped mid-stream, a thousand connections
 * at once. The daemon keeps serving everyone else and lets go of what they held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientIntegrationTest {
    private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_SETTINGS_FRAME = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    private static final int SNAPSHOTS = 400;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Descriptors the daemon may open on its own between two counts: log, LMDB, epoll, a connection or two. */
    private static final int FD_SLACK = 16;

    private SnapshotterDaemon daemon;
    private RemoteSnapshotter snapshotter;

    @BeforeAll
    void startWithManySnapshots() throws Exception {
        daemon = SnapshotterDaemon.start();
        snapshotter = RemoteSnapshotter.connect(daemon.socket());
        // labels of 3 KB make each 100-snapshot List batch larger than gRPC's flow-control window
        Map<String, String> labels = Map.of("padding", "p".repeat(3000));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < SNAPSHOTS; i++) {
                String key = "snapshot-" + i;
                created.add(pool.submit(() -> snapshotter.prepare(key, "", labels)));
            }
            for (Future<?> each : created) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    void stop() {
        snapshotter.close();
        daemon.close();
    }

    @Test
    void garbageOnTheSocketIsDroppedAndOthersAreServed() throws IOException {
        int baseline = DaemonResources.openFileDescriptors(daemon.pid());
        byte[] random = new byte[1 << 20];
        new Random(42).nextBytes(random);
        List<byte[]> garbage = List.of(random, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                concat(HTTP2_PREFACE, random), concat(HTTP2_PREFACE, EMPTY_SETTINGS_FRAME, new byte[] {(byte) 0xff, 0, 0, 1}),
                new byte[0]);
        for (byte[] bytes : garbage) {
            try (SocketChannel channel = connect()) {
                try {
                    channel.write(ByteBuffer.wrap(bytes));
                    channel.shutdownOutput();
                } catch (IOException e) {
                    // the daemon may hang up before reading it all: that is a fine answer to garbage
                }
            }
            assertServes();
        }
        assertDescriptorsBackTo(baseline);
    }

    @Test
    void listCallsDroppedMidStreamLeaveTheDaemonServing() throws Exception {
        int baseline = DaemonResources.openFileDescriptors(daemon.pid());
        for (int i = 0; i < 20; i++) {
            ManagedChannel channel = UnixSocketChannels.open(daemon.socket());
            Iterator<ListSnapshotsResponse> responses = SnapshotsGrpc.newBlockingStub(channel)
                    .list(ListSnapshotsRequest.getDefaultInstance());
            assertEquals(100, responses.next().getInfoCount(), "the first batch");
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        assertServes();
        assertDescriptorsBackTo(baseline);
    }

    @Test
    void aThousandConnectionsAtOnceDoNotStopTheDaemon() throws IOException {
        int baseline = DaemonResources.openFileDescriptors(daemon.pid());
        List<SocketChannel> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                SocketChannel channel = connect();
                connections.add(channel);
                channel.write(ByteBuffer.wrap(concat(HTTP2_PREFACE, EMPTY_SETTINGS_FRAME)));
            }
            assertServes();
        } finally {
            for (SocketChannel channel : connections) {
                channel.close();
            }
        }
        assertServes();
        assertDescriptorsBackTo(baseline);
    }

    private void assertServes() {
        assertEquals(Kind.ACTIVE, snapshotter.stat("snapshot-0").kind());
        int[] listed = {0};
        snapshotter.walk(List.of(), info -> listed[0]++);
        assertEquals(SNAPSHOTS, listed[0]);
    }

    private void assertDescriptorsBackTo(int baseline) {
        long pid = daemon.pid();
        boolean released = Polling.holdsWithin(SETTLE, () -> DaemonResources.openFileDescriptors(pid) <= baseline + FD_SLACK);
        assertTrue(released, "the daemon holds " + DaemonResources.openFileDescriptors(pid) + " descriptors, "
                + baseline + " before the hostile clients");
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(daemon.socket()));
        return channel;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
