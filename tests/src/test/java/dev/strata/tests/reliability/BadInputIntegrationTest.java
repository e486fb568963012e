package dev.strata.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.SnapshotException;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.tests.support.SnapshotterDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad requests over the daemon's socket: each gets its gRPC code (exception class) and changes nothing. One
 * daemon serves every case; each case leaves the snapshots as it found them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIntegrationTest {
    private static final String TOO_LONG = "v".repeat(4096);
    /** What the driver puts in mount options; the directories in the path options are checked separately. */
    private static final Pattern MOUNT_OPTION = Pattern.compile("ro|rw|rbind|index=off|userxattr|(lowerdir|upperdir|workdir)=[^,]+");
    private static final Pattern SNAPSHOT_PATH = Pattern.compile("snapshots(/\\d+(/(fs|work))?)?");
    /** Directories made ahead for creates: temporary names, never keys. */
    private static final Pattern READY_PATH = Pattern.compile("ready(/new-[0-9a-f]+-\\d+(/(fs|work))?)?");

    private SnapshotterDaemon daemon;
    private RemoteSnapshotter snapshotter;

    @BeforeAll
    void startWithAChain() {
        daemon = SnapshotterDaemon.start();
        snapshotter = RemoteSnapshotter.connect(daemon.socket());
        snapshotter.prepare("base-active", "", Map.of());
        snapshotter.commit("base", "base-active", Map.of("k", "v"));
        snapshotter.prepare("active", "base", Map.of());
    }

    @AfterAll
    void stop() {
        snapshotter.close();
        daemon.close();
    }

    @Test
    void emptyKeysAndNamesAreInvalidArguments() {
        refused(InvalidArgumentException.class, () -> snapshotter.prepare("", "", Map.of()));
        refused(InvalidArgumentException.class, () -> snapshotter.view("", "base", Map.of()));
        refused(InvalidArgumentException.class, () -> snapshotter.commit("", "active", Map.of()));
        refused(InvalidArgumentException.class, () -> snapshotter.update(info("", Map.of("a", "b")), List.of()));
    }

    @Test
    void aLabelOver4096BytesIsAnInvalidArgument() {
        Map<String, String> tooLong = Map.of("k", TOO_LONG);
        refused(InvalidArgumentException.class, () -> snapshotter.prepare("new", "", tooLong));
        refused(InvalidArgumentException.class, () -> snapshotter.view("new", "base", tooLong));
        refused(InvalidArgumentException.class, () -> snapshotter.commit("new", "active", tooLong));
        refused(InvalidArgumentException.class, () -> snapshotter.update(info("base", tooLong), List.of("labels.k")));
    }

    @Test
    void malformedFiltersAndUnknownFieldPathsAreInvalidArguments() {
        refused(InvalidArgumentException.class, () -> snapshotter.walk(List.of("name=="), info -> { }));
        refused(InvalidArgumentException.class, () -> snapshotter.walk(List.of("labels.\"k"), info -> { }));
        refused(InvalidArgumentException.class, () -> snapshotter.update(info("base", Map.of()), List.of("parent")));
        refused(InvalidArgumentException.class, () -> snapshotter.update(info("base", Map.of()), List.of("kind")));
    }

    @Test
    void lifecycleViolationsGetContainerdsCodes() {
        refused(NotFoundException.class, () -> snapshotter.prepare("new", "missing", Map.of()));
        refused(InvalidArgumentException.class, () -> snapshotter.prepare("new", "active", Map.of()));
        refused(FailedPreconditionException.class, () -> snapshotter.commit("new", "base", Map.of()));
        refused(FailedPreconditionException.class, () -> snapshotter.remove("base"));
        refused(AlreadyExistsException.class, () -> snapshotter.prepare("active", "", Map.of()));
        refused(AlreadyExistsException.class, () -> snapshotter.commit("base", "active", Map.of()));
        refused(NotFoundException.class, () -> snapshotter.remove("missing"));
    }

    @Test
    void hostileKeysAreJustKeysAndNeverPaths() throws IOException {
        List<String> hostile = List.of("../../etc/x", "/etc/passwd", "/", "..", "line\nbreak", "nul\0byte",
                "k".repeat(3072), "ключ/スナップ/😀", "x,upperdir=/etc,lowerdir=/", "snapshots/1/fs");
        Map<String, String> hostileLabels = Map.of("../../etc/x", "lowerdir=/etc", "upperdir", "/,workdir=/tmp");
        for (String key : hostile) {
            List<Mount> mounts = snapshotter.prepare(key, "base", hostileLabels);
            assertOnlySnapshotDirectories(mounts);
            assertEquals(Kind.ACTIVE, snapshotter.stat(key).kind(), key);
            snapshotter.commit("committed:" + key, key, hostileLabels);
            assertOnlySnapshotDirectories(snapshotter.view(key, "committed:" + key, hostileLabels));
        }
        List<String> listed = new ArrayList<>();
        snapshotter.walk(List.of(), info -> listed.add(info.name()));
        assertTrue(listed.containsAll(hostile), "listed: " + listed);
        assertStateLayoutOnly();
        for (String key : hostile) {
            snapshotter.remove(key);
            snapshotter.remove("committed:" + key);
        }
        assertStateLayoutOnly();
        assertEquals(Kind.COMMITTED, snapshotter.stat("base").kind());
    }

    private void refused(Class<? extends SnapshotException> expected, Executable call) {
        List<String> before = state();
        assertThrows(expected, call);
        assertEquals(before, state(), "a refused call changed the snapshots");
    }

    /** Every snapshot with its kind, parent and labels, in key order. */
    private List<String> state() {
        List<Info> infos = new ArrayList<>();
        snapshotter.walk(List.of(), infos::add);
        return infos.stream().sorted(Comparator.comparing(Info::name))
                .map(info -> info.name() + " " + info.kind() + " " + info.parent() + " " + info.labels() + " " + info.updated())
                .toList();
    }

    private void assertOnlySnapshotDirectories(List<Mount> mounts) {
        Path snapshots = daemon.root().resolve("snapshots");
        for (Path directory : SnapshotFiles.directoriesNamed(mounts)) {
            assertTrue(SNAPSHOT_PATH.matcher(daemon.root().relativize(directory).toString()).matches(),
                    "a mount names " + directory + ", not a snapshot directory under " + snapshots);
        }
        for (Mount mount : mounts) {
            for (String option : mount.options()) {
                assertTrue(MOUNT_OPTION.matcher(option).matches(), "a key or label reached a mount option: " + option);
            }
        }
    }

    /**
     * Nothing under the root but the metadata, snapshots/<id>/{fs,work}, the directories made ahead
     * for creates and the root's lock: no key became a path.
     */
    private void assertStateLayoutOnly() throws IOException {
        Path root = daemon.root();
        assertOnlyPaths(root, "snapshots", SNAPSHOT_PATH);
        assertOnlyPaths(root, "ready", READY_PATH);
        try (Stream<Path> top = Files.list(root)) {
            assertEquals(List.of("lock", "metadata", "ready", "snapshots"), top.map(path -> path.getFileName().toString()).sorted().toList());
        }
    }

    private static void assertOnlyPaths(Path root, String directory, Pattern allowed) throws IOException {
        try (Stream<Path> paths = Files.walk(root.resolve(directory), 2)) {
            for (Path path : paths.toList()) {
                assertTrue(allowed.matcher(root.relativize(path).toString()).matches(), "unexpected path " + path);
            }
        }
    }

    private static Info info(String name, Map<String, String> labels) {
        return new Info(name, "", Kind.COMMITTED, labels, Instant.EPOCH, Instant.EPOCH);
    }
}
