package dev.strata.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A test that fails with a container still running must not leak it, its shim, its rootfs mount,
 * runc's state or the namespace's cgroups, whether containerd is still up or has died.
 */
class ContainerdCleanupIntegrationTest {

    private String namespace;
    private ScratchDirectory work;
    private SnapshotterDaemon daemon;

    @BeforeEach
    void startSnapshotter() {
        namespace = "cleanup-" + UUID.randomUUID().toString().substring(0, 8);
        work = ScratchDirectory.create("strata-t-");
        daemon = SnapshotterDaemon.start();
    }

    @AfterEach
    void stopSnapshotter() throws Exception {
        ScratchDirectory workToDelete = work;
        SnapshotterDaemon daemonToStop = daemon;
        try (workToDelete; daemonToStop) {
            // only the closing matters
        }
    }

    @Test
    void closeRemovesARunningContainer() {
        Containerd containerd = Containerd.start("strata", daemon.socket());
        LeftRunning leftRunning;
        try {
            leftRunning = startContainer(containerd);
        } finally {
            containerd.close();
        }

        assertNothingLeft(containerd, leftRunning);
    }

    @Test
    void closeRemovesARunningContainerAfterContainerdDied() {
        Containerd containerd = Containerd.start("strata", daemon.socket());
        LeftRunning leftRunning;
        try {
            leftRunning = startContainer(containerd);
            Processes.kill(containerdProcess(containerd), Duration.ofSeconds(30));
        } finally {
            containerd.close();
        }

        assertNothingLeft(containerd, leftRunning);
    }

    private record LeftRunning(ProcessHandle process) {
    }

    private LeftRunning startContainer(Containerd containerd) {
        String image = "docker.io/strata/cleanup:1";
        Path archive = BusyboxTestImage.writeArchive(image, work.resolve("image.tar"));
        containerd.ctr(namespace, "images", "import", "--snapshotter", "strata", archive.toString()).requireSuccess();
        containerd.ctr(namespace, "run", "-d", "--snapshotter", "strata", image, "left-running", "sleep", "600")
                .requireSuccess();
        long pid = taskPid(containerd.ctr(namespace, "tasks", "ls").requireSuccess());
        return new LeftRunning(ProcessHandle.of(pid)
                .orElseThrow(() -> new AssertionError("the container process is not running")));
    }

    private void assertNothingLeft(Containerd containerd, LeftRunning leftRunning) {
        Polling.await("the container process to be killed", Duration.ofSeconds(30),
                () -> !Processes.isRunning(leftRunning.process()), () -> "still running: " + leftRunning);
        assertEquals(List.of(), mountsUnder(containerd.directory()));
        assertFalse(Files.exists(containerd.directory()), "containerd's directory is deleted");
        assertFalse(Files.exists(Path.of("/run/containerd/runc", namespace)), "runc's state is deleted");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory", namespace)), "the namespace cgroup is deleted");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup", namespace)), "the namespace cgroup is deleted");
    }

    private static List<Path> mountsUnder(Path directory) {
        try {
            return Mounts.under(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ProcessHandle> containerdProcess(Containerd containerd) {
        String config = containerd.directory().resolve("config.toml").toString();
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> Arrays.asList(args).contains(config)).orElse(false))
                .toList();
        assertEquals(1, found.size(), () -> "containerd processes with config " + config + ": " + found);
        return found;
    }

    /** {@code ctr tasks ls}: TASK PID STATUS, one task. */
    private static long taskPid(String table) {
        List<String> rows = table.lines().skip(1).filter(line -> !line.isBlank()).toList();
        assertEquals(1, rows.size(), () -> "tasks: " + table);
        return Long.parseLong(rows.get(0).trim().split("\\s+")[1]);
    }
}
