package dev.strata.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A test that fails with a container still running must not leak it, its shim or its rootfs mount. */
class ContainerdCleanupIntegrationTest {

    private static final String NAMESPACE = "cleanup";

    @Test
    void closeKillsRunningContainersAndRemovesTheirMounts() throws Exception {
        Path containerdDirectory;
        ProcessHandle container;
        try (ScratchDirectory work = ScratchDirectory.create("strata-t-");
             SnapshotterDaemon daemon = SnapshotterDaemon.start();
             Containerd containerd = Containerd.start("strata", daemon.socket())) {
            containerdDirectory = containerd.directory();
            String image = "docker.io/strata/cleanup:1";
            Path archive = BusyboxTestImage.writeArchive(image, work.resolve("image.tar"));
            containerd.ctr(NAMESPACE, "images", "import", "--snapshotter", "strata", archive.toString()).requireSuccess();
            containerd.ctr(NAMESPACE, "run", "-d", "--snapshotter", "strata", image, "left-running", "sleep", "600")
                    .requireSuccess();
            container = ProcessHandle.of(taskPid(containerd.ctr(NAMESPACE, "tasks", "ls").requireSuccess()))
                    .orElseThrow(() -> new AssertionError("the container process is not running"));
            assertTrue(!Mounts.under(containerdDirectory).isEmpty(), "the container's rootfs is mounted");
        }

        Polling.await("the container process to be killed", Duration.ofSeconds(30),
                () -> !Processes.isRunning(container), () -> "still running: " + container);
        assertEquals(List.of(), Mounts.under(containerdDirectory));
        assertFalse(Files.exists(containerdDirectory));
    }

    /** {@code ctr tasks ls}: TASK PID STATUS, one task. */
    private static long taskPid(String table) {
        List<String> rows = table.lines().skip(1).filter(line -> !line.isBlank()).toList();
        assertEquals(1, rows.size(), () -> "tasks: " + table);
        return Long.parseLong(rows.get(0).trim().split("\\s+")[1]);
    }
}
