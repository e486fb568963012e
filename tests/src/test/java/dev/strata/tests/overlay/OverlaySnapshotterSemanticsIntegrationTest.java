package dev.strata.tests.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.UnavailableException;
import dev.strata.snapshots.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** containerd's errors and metadata semantics of OverlaySnapshotter; opening it needs root (the overlay check mounts). */
class OverlaySnapshotterSemanticsIntegrationTest {
    @TempDir
    Path dir;
    private OverlaySnapshotter snapshotter;

    @BeforeEach
    void open() {
        snapshotter = OverlaySnapshotter.open(dir.resolve("root"));
    }

    @AfterEach
    void close() {
        snapshotter.close();
    }

    private void committed(String name, String parent) {
        snapshotter.prepare(name + "-active", parent, Map.of());
        snapshotter.commit(name, name + "-active", Map.of());
    }

    private List<String> snapshotDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(dir.resolve("root").resolve("snapshots"))) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> names(String... filters) {
        List<String> names = new ArrayList<>();
        snapshotter.walk(List.of(filters), info -> names.add(info.name()));
        return names.stream().sorted().toList();
    }

    @Test
    void createRejectsBadRequestsAndLeavesNoDirectoryBehind() throws IOException {
        committed("base", "");
        snapshotter.prepare("active", "", Map.of());
        List<String> before = snapshotDirectories();

        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("", "", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.view("", "", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("k", "", Map.of("k", "v".repeat(4096))));
        assertThrows(AlreadyExistsException.class, () -> snapshotter.prepare("active", "", Map.of()));
        assertThrows(AlreadyExistsException.class, () -> snapshotter.view("base", "", Map.of()));
        assertThrows(NotFoundException.class, () -> snapshotter.prepare("k", "missing", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("k", "active", Map.of()));

        assertEquals(before, snapshotDirectories());
        assertThrows(NotFoundException.class, () -> snapshotter.stat("k"));
    }

    @Test
    void openRefusesARootWhereOverlayCannotMount() throws IOException {
        Mounter mounter = new Mounter();
        Path overlayRoot = dir.resolve("overlay-root");
        List<String> options = new ArrayList<>();
        for (String name : List.of("lower", "upper", "work", "merged")) {
            Files.createDirectories(overlayRoot.resolve(name));
        }
        options.add("lowerdir=" + overlayRoot.resolve("lower"));
        options.add("upperdir=" + overlayRoot.resolve("upper"));
        options.add("workdir=" + overlayRoot.resolve("work"));
        Path merged = overlayRoot.resolve("merged");
        try {
            mounter.mount(List.of(Mount.of("overlay", "overlay", options)), merged);
            assertThrows(IllegalStateException.class, () -> OverlaySnapshotter.open(merged.resolve("root")));
        } finally {
            mounter.unmount(merged);
        }
    }

    @Test
    void snapshotRootIsWorldReadable() throws IOException {
        Path upper = Path.of(snapshotter.prepare("k", "", Map.of()).get(0).source());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(upper)));
    }

    @Test
    void labelsAtTheLimitAreAccepted() {
        snapshotter.prepare("k", "", Map.of("k", "v".repeat(4095)));
        assertEquals(4095, snapshotter.stat("k").labels().get("k").length());
    }

    @Test
    void commitErrors() {
        committed("base", "");
        snapshotter.prepare("active", "base", Map.of());
        snapshotter.view("view", "base", Map.of());

        assertThrows(InvalidArgumentException.class, () -> snapshotter.commit("", "active", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.commit("n", "active", Map.of("k", "v".repeat(4096))));
        assertThrows(NotFoundException.class, () -> snapshotter.commit("n", "missing", Map.of()));
        assertThrows(AlreadyExistsException.class, () -> snapshotter.commit("base", "active", Map.of()));
        assertThrows(FailedPreconditionException.class, () -> snapshotter.commit("n", "view", Map.of()));

        snapshotter.commit("n", "active", Map.of("x", "y"));
        Info info = snapshotter.stat("n");
        assertEquals(Kind.COMMITTED, info.kind());
        assertEquals("base", info.parent());
        assertEquals(Map.of("x", "y"), info.labels());
        assertThrows(NotFoundException.class, () -> snapshotter.stat("active"));
    }

    @Test
    void removeAndMountsErrors() {
        committed("base", "");
        snapshotter.prepare("child", "base", Map.of());

        assertThrows(FailedPreconditionException.class, () -> snapshotter.remove("base"));
        assertThrows(NotFoundException.class, () -> snapshotter.remove("missing"));
        assertThrows(FailedPreconditionException.class, () -> snapshotter.mounts("base"));
        assertThrows(NotFoundException.class, () -> snapshotter.mounts("missing"));
        assertThrows(NotFoundException.class, () -> snapshotter.stat("missing"));
        assertThrows(NotFoundException.class, () -> snapshotter.usage("missing"));

        snapshotter.remove("child");
        snapshotter.remove("base");
        assertEquals(List.of(), names());
    }

    @Test
    void updateChangesOnlyLabels() {
        snapshotter.prepare("k", "", Map.of("keep", "1", "drop", "2"));
        Instant created = snapshotter.stat("k").created();
        Info request = new Info("k", "ignored", Kind.COMMITTED, Map.of("add", "3"), Instant.EPOCH, Instant.EPOCH);

        Info updated = snapshotter.update(request, List.of("labels.add", "labels.drop"));
        assertEquals(Map.of("keep", "1", "add", "3"), updated.labels());
        assertEquals(Kind.ACTIVE, updated.kind());
        assertEquals("", updated.parent());
        assertEquals(created, updated.created());
        assertEquals(updated, snapshotter.stat("k"));

        assertEquals(Map.of("add", "3"), snapshotter.update(request, List.of()).labels());
        assertThrows(InvalidArgumentException.class, () -> snapshotter.update(request, List.of("parent")));
        Info missing = new Info("missing", "", Kind.ACTIVE, Map.of(), Instant.EPOCH, Instant.EPOCH);
        assertThrows(NotFoundException.class, () -> snapshotter.update(missing, List.of()));
    }

    @Test
    void walkFilters() {
        committed("base", "");
        snapshotter.prepare("active", "base", Map.of("role", "worker"));
        snapshotter.view("view", "base", Map.of());

        assertEquals(List.of("active", "base", "view"), names());
        assertEquals(List.of("base"), names("kind==committed"));
        assertEquals(List.of("active", "view"), names("parent==base"));
        assertEquals(List.of("active"), names("labels.role==worker"));
        assertEquals(List.of("active", "base"), names("kind==committed", "kind==active"));
        assertThrows(InvalidArgumentException.class, () -> names("name~=("));
    }

    @Test
    void viewAndCommittedUsageAreStoredNotWalked() throws IOException {
        snapshotter.view("view", "", Map.of());
        assertEquals(Usage.ZERO, snapshotter.usage("view"));

        snapshotter.prepare("active", "", Map.of());
        Usage empty = snapshotter.usage("active");
        assertEquals(1, empty.inodes(), "only the root directory");
        snapshotter.commit("committed", "active", Map.of());
        assertEquals(empty, snapshotter.usage("committed"));
    }

    @Test
    void closedSnapshotterIsUnavailableAndClosesTwice() {
        snapshotter.close();
        snapshotter.close();
        assertThrows(UnavailableException.class, () -> snapshotter.stat("k"));
        assertThrows(UnavailableException.class, () -> snapshotter.prepare("k", "", Map.of()));
        snapshotter = OverlaySnapshotter.open(dir.resolve("root"));
        assertTrue(names().isEmpty());
    }

    @Test
    void concurrentPreparesGetDistinctDirectories() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Mount>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String key = "key-" + i;
                results.add(pool.submit(() -> snapshotter.prepare(key, "", Map.of())));
            }
            Set<String> sources = new HashSet<>();
            for (Future<List<Mount>> result : results) {
                sources.add(result.get().get(0).source());
            }
            assertEquals(threads, sources.size());
            assertEquals(threads, names().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
