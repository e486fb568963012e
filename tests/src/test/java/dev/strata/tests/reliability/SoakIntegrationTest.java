package dev.strata.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.tests.support.SnapshotterDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 8 clients through the socket for a minute, each repeating a container's life (prepare, write, commit, view,
 * stat, list, usage, update, remove). What the daemon holds when the load pauses must not grow: open file
 * descriptors and live heap at the end stay near what they were after the warm-up.
 */
class SoakIntegrationTest {
    private static final int CLIENTS = 8;
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("strata.soak.seconds", 50));
    private static final int FD_SLACK = 16;
    private static final long HEAP_SLACK_BYTES = 32L << 20;

    @Test
    void heapAndDescriptorsStayFlat() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start();
             RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
            int cycles = load(snapshotter, pool, WARM_UP);
            int fdsAfterWarmUp = DaemonResources.openFileDescriptors(daemon.pid());
            long heapAfterWarmUp = DaemonResources.liveHeapBytes(daemon.pid());
            cycles += load(snapshotter, pool, SOAK);
            int fdsAtEnd = DaemonResources.openFileDescriptors(daemon.pid());
            long heapAtEnd = DaemonResources.liveHeapBytes(daemon.pid());
            System.out.printf("soak: %d cycles; fds %d -> %d; live heap %d KB -> %d KB%n",
                    cycles, fdsAfterWarmUp, fdsAtEnd, heapAfterWarmUp >> 10, heapAtEnd >> 10);

            assertTrue(fdsAtEnd <= fdsAfterWarmUp + FD_SLACK,
                    "open descriptors grew from " + fdsAfterWarmUp + " to " + fdsAtEnd);
            assertTrue(heapAtEnd <= heapAfterWarmUp + HEAP_SLACK_BYTES,
                    "live heap grew from " + heapAfterWarmUp + " to " + heapAtEnd + " bytes");
            List<String> left = new ArrayList<>();
            snapshotter.walk(List.of(), info -> left.add(info.name()));
            assertEquals(List.of(), left, "every cycle removes what it made");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs every client for {@code duration}; returns the cycles completed. */
    private static int load(RemoteSnapshotter snapshotter, ExecutorService pool, Duration duration) throws Exception {
        Instant end = Instant.now().plus(duration);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            String prefix = "client-" + client + "/";
            clients.add(pool.submit(() -> {
                int cycles = 0;
                while (Instant.now().isBefore(end)) {
                    cycle(snapshotter, prefix + cycles);
                    cycles++;
                }
                return cycles;
            }));
        }
        int total = 0;
        for (Future<Integer> client : clients) {
            total += client.get();
        }
        return total;
    }

    private static void cycle(RemoteSnapshotter snapshotter, String prefix) {
        String active = prefix + "/active";
        String layer = prefix + "/layer";
        String view = prefix + "/view";
        try {
            SnapshotFiles.write(snapshotter.prepare(active, "", Map.of("stage", "build")), "file", prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write into " + active + ": " + e.getMessage(), e);
        }
        snapshotter.usage(active);
        snapshotter.commit(layer, active, Map.of("stage", "layer"));
        snapshotter.view(view, layer, Map.of());
        snapshotter.mounts(view);
        snapshotter.update(new Info(layer, "", Kind.COMMITTED, Map.of("gc", "keep"), Instant.EPOCH, Instant.EPOCH),
                List.of("labels.gc"));
        snapshotter.walk(List.of("labels.stage==layer"), info -> { });
        assertEquals(Kind.COMMITTED, snapshotter.stat(layer).kind());
        snapshotter.remove(view);
        snapshotter.remove(layer);
    }
}
