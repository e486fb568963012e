package dev.strata.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.UnavailableException;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.tests.support.Polling;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kill -9 at random moments under 8 concurrent clients: whatever the daemon acknowledged survives, nothing
 * half-made is visible after the restart, and the daemon sweeps the leftovers by itself.
 */
class CrashRecoveryIntegrationTest {
    private static final int ROUNDS = 10;
    private static final int CLIENTS = 8;

    @Test
    void acknowledgedWorkSurvivesKillNine() throws Exception {
        long seed = Long.getLong("strata.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        List<ChainClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new ChainClient(i, random.nextLong()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (ScratchDirectory work = ScratchDirectory.create("strata-crash-");
             SnapshotterDaemon daemon = SnapshotterDaemon.start()) {
            for (int round = 0; round < ROUNDS; round++) {
                String context = "round " + round + " (seed " + seed + ", -Dstrata.crash.seed to repeat)";
                runUntilKilled(daemon, clients, pool, 100 + random.nextInt(700), context);
                try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
                    assertRecoveredByItself(daemon.root(), snapshotter, context);
                    for (ChainClient client : clients) {
                        client.settle(snapshotter);
                    }
                    Map<String, Info> listed = new HashMap<>();
                    snapshotter.walk(List.of(), info -> listed.put(info.name(), info));
                    for (ChainClient client : clients) {
                        client.verify(snapshotter, listed, work.resolve("view"));
                    }
                    assertNoHalfMadeSnapshot(snapshotter);
                    snapshotter.cleanup();
                    assertRecoveredByItself(daemon.root(), snapshotter, context);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runUntilKilled(SnapshotterDaemon daemon, List<ChainClient> clients, ExecutorService pool,
                                       long millisBeforeKill, String context) throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        List<Future<Optional<RuntimeException>>> running = new ArrayList<>();
        try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
            for (ChainClient client : clients) {
                running.add(pool.submit(() -> client.run(snapshotter, stopping::get)));
            }
            Thread.sleep(millisBeforeKill);
            stopping.set(true);
            daemon.crashAndRestart();
            for (Future<Optional<RuntimeException>> client : running) {
                Optional<RuntimeException> failure = client.get();
                failure.ifPresent(e -> assertInstanceOf(UnavailableException.class, e,
                        context + ": a client failed for another reason than the crash: " + e));
            }
        }
    }

    /**
     * The directories under snapshots/ are exactly those of the snapshots, each its own: no temporary,
     * orphaned or removed snapshot's directory is left, and none is missing.
     */
    private static void assertRecoveredByItself(Path root, RemoteSnapshotter snapshotter, String context) {
        Map<String, String> directoryNames = SnapshotDirectoryNames.of(snapshotter);
        Set<String> expected = new HashSet<>(directoryNames.values());
        assertEquals(directoryNames.size(), expected.size(), context + ": snapshots share a directory: " + directoryNames);
        // removed snapshots' directories and a crash's leftovers go once calls pause
        Polling.await(context + ": the snapshots' directories and no others", Duration.ofSeconds(30),
                () -> new HashSet<>(directories(root)).equals(expected),
                () -> "snapshot directories " + directories(root) + " for snapshots " + directoryNames);
    }

    private static List<String> directories(Path root) {
        try (Stream<Path> entries = Files.list(root.resolve("snapshots"))) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list " + root.resolve("snapshots") + ": " + e.getMessage(), e);
        }
    }

    private static void assertNoHalfMadeSnapshot(RemoteSnapshotter snapshotter) {
        List<Info> infos = new ArrayList<>();
        snapshotter.walk(List.of(), infos::add);
        for (Info info : infos) {
            if (info.kind() != Kind.COMMITTED) {
                for (Path directory : SnapshotFiles.directoriesNamed(snapshotter.mounts(info.name()))) {
                    assertTrue(Files.isDirectory(directory), info.name() + " names a missing directory " + directory);
                }
            } else if (!info.parent().isEmpty()) {
                assertEquals(Kind.COMMITTED, snapshotter.stat(info.parent()).kind(), "parent of " + info.name());
            }
        }
    }
}
