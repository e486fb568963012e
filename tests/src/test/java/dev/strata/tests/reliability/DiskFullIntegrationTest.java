package dev.strata.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.ResourceExhaustedException;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.DiskFilling;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The root on a small tmpfs that the test fills: calls that need space fail with RESOURCE_EXHAUSTED, what was
 * committed before stays intact, also after a kill -9 and restart, and the daemon works again once space is
 * freed.
 */
class DiskFullIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aFullDiskIsResourceExhaustedAndHarmless() throws IOException {
        try (ScratchDirectory work = ScratchDirectory.create("strata-full-")) {
            Path disk = work.directory("disk");
            Commands.run(TIMEOUT, List.of("mount", "-t", "tmpfs", "-o", "size=16m,nr_inodes=2048", "tmpfs", disk.toString()))
                    .requireSuccess();
            try (SnapshotterDaemon daemon = SnapshotterDaemon.startOnRoot(disk.resolve("root"));
                 RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
                Path filler = Files.createDirectory(disk.resolve("filler"));
                snapshotter.prepare("base-active", "", Map.of());
                SnapshotFiles.write(snapshotter.mounts("base-active"), "data", "committed before the disk filled up");
                snapshotter.commit("base", "base-active", Map.of("k", "v"));
                snapshotter.prepare("active", "base", Map.of());
                List<Info> before = list(snapshotter);

                DiskFilling.fillBlocks(filler);
                // the metadata must grow for 400 KB of labels: LMDB's write fails with ENOSPC
                assertThrows(ResourceExhaustedException.class, () -> snapshotter.prepare("big", "base", bigLabels()));
                assertThrows(ResourceExhaustedException.class, () -> snapshotter.commit("big", "active", bigLabels()));
                DiskFilling.fillInodes(filler);
                // no inode is left for a new directory: a view without a parent makes its own (a Prepare
                // may still take one of the directories made ahead while the daemon was idle)
                assertThrows(ResourceExhaustedException.class, () -> snapshotter.view("new", "", Map.of()));
                assertEquals(before, list(snapshotter), "a failed call changed the snapshots");

                Commands.run(TIMEOUT, List.of("rm", "-rf", filler.toString())).requireSuccess();
                // a start cannot check the root without an inode: the restart comes after the space is freed
                daemon.crashAndRestart();
                try (RemoteSnapshotter restarted = RemoteSnapshotter.connect(daemon.socket())) {
                    assertEquals(before, list(restarted), "a failed call came back after a kill -9 and restart");
                    restarted.prepare("big", "base", bigLabels());
                    restarted.commit("big-committed", "big", bigLabels());
                    assertEquals(Kind.COMMITTED, restarted.stat("big-committed").kind());
                    assertEquals(Map.of("data", "committed before the disk filled up"),
                            SnapshotFiles.readThroughView(restarted, "base", work.resolve("view")));
                    assertEquals(Map.of("k", "v"), restarted.stat("base").labels());
                }
            }
        }
    }

    private static List<Info> list(RemoteSnapshotter snapshotter) {
        List<Info> infos = new ArrayList<>();
        snapshotter.walk(List.of(), infos::add);
        infos.sort((a, b) -> a.name().compareTo(b.name()));
        return infos;
    }

    private static Map<String, String> bigLabels() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            labels.put("label-" + i, "x".repeat(4000));
        }
        return labels;
    }
}
