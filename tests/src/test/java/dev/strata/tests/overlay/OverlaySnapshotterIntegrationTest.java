package dev.strata.tests.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.overlay.FileTrees;
import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.overlay.RootInUseException;
import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.DataLossException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Usage;
import dev.strata.tests.support.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OverlaySnapshotter on real overlayfs: needs root. Every mount is undone in a finally block. */
class OverlaySnapshotterIntegrationTest {
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int CHARACTER_DEVICE = 0020000;

    @TempDir
    Path dir;
    private Path root;
    private OverlaySnapshotter snapshotter;
    private final Mounter mounter = new Mounter();

    @BeforeEach
    void open() {
        root = dir.resolve("root");
        snapshotter = OverlaySnapshotter.open(root);
    }

    @AfterEach
    void close() {
        snapshotter.close();
    }

    /** Mounts, runs {@code body} on the mount point, and unmounts whatever happens. */
    private void withMount(List<Mount> mounts, String name, MountBody body) throws IOException {
        Path target = Files.createDirectories(dir.resolve("mnt").resolve(name));
        try {
            mounter.mount(mounts, target);
            body.run(target);
        } finally {
            mounter.unmount(target);
        }
    }

    private interface MountBody {
        void run(Path target) throws IOException;
    }

    private static String option(Mount mount, String name) {
        return mount.options().stream().filter(o -> o.startsWith(name + "=")).findFirst()
                .map(o -> o.substring(name.length() + 1)).orElseThrow();
    }

    private void commitLayer(String name, String parent, String file, String content) throws IOException {
        String key = name + "-active";
        withMount(snapshotter.prepare(key, parent, Map.of()), key, target -> Files.writeString(target.resolve(file), content));
        snapshotter.commit(name, key, Map.of());
    }

    @Test
    void childSeesParentFilesAndRecordsDeletionsAsWhiteouts() throws IOException {
        List<Mount> baseMounts = snapshotter.prepare("base-active", "", Map.of());
        assertEquals(List.of(Mount.of("bind", baseMounts.get(0).source(), List.of("rw", "rbind"))), baseMounts);
        withMount(baseMounts, "base", target -> {
            Files.writeString(target.resolve("kept"), "parent");
            Files.writeString(target.resolve("deleted"), "gone soon");
        });
        snapshotter.commit("base", "base-active", Map.of());

        List<Mount> childMounts = snapshotter.prepare("child", "base", Map.of());
        Mount overlay = childMounts.get(0);
        assertEquals("overlay", overlay.type());
        Path upper = Path.of(option(overlay, "upperdir"));
        withMount(childMounts, "child", target -> {
            assertEquals("parent", Files.readString(target.resolve("kept")));
            Files.delete(target.resolve("deleted"));
            Files.writeString(target.resolve("added"), "child");
        });
        assertTrue(Files.exists(upper.resolve("added")));
        assertFalse(Files.isRegularFile(upper.resolve("deleted"), LinkOption.NOFOLLOW_LINKS));
        Path whiteout = upper.resolve("deleted");
        assertEquals(CHARACTER_DEVICE, (int) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS) & FILE_TYPE_MASK,
                "a deletion is an overlay whiteout: a character device");
        assertEquals(0L, (long) Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS), "with device number 0/0");
        snapshotter.commit("child-committed", "child", Map.of());

        withMount(snapshotter.view("top-view", "child-committed", Map.of()), "top-view", target -> {
            assertEquals("parent", Files.readString(target.resolve("kept")));
            assertEquals("child", Files.readString(target.resolve("added")));
            assertFalse(Files.exists(target.resolve("deleted")));
        });
    }

    @Test
    void viewsAreReadOnlyBindsUntilTheyHaveSeveralParents() throws IOException {
        List<Mount> empty = snapshotter.view("empty-view", "", Map.of());
        assertEquals(List.of("ro", "rbind"), empty.get(0).options());
        withMount(empty, "empty", target ->
                assertThrows(IOException.class, () -> Files.writeString(target.resolve("x"), "x")));

        commitLayer("one", "", "f", "one");
        List<Mount> oneParent = snapshotter.view("one-view", "one", Map.of());
        assertEquals("bind", oneParent.get(0).type());
        assertEquals(List.of("ro", "rbind"), oneParent.get(0).options());
        withMount(oneParent, "one", target -> {
            assertEquals("one", Files.readString(target.resolve("f")));
            assertThrows(IOException.class, () -> Files.writeString(target.resolve("f"), "changed"));
        });

        commitLayer("two", "one", "g", "two");
        List<Mount> twoParents = snapshotter.view("two-view", "two", Map.of());
        assertEquals("overlay", twoParents.get(0).type());
        assertTrue(twoParents.get(0).options().stream().noneMatch(o -> o.startsWith("upperdir=")));
        assertEquals(twoParents, snapshotter.mounts("two-view"));
        assertThrows(FailedPreconditionException.class, () -> snapshotter.mounts("two"));
        withMount(twoParents, "two", target -> {
            assertEquals("one", Files.readString(target.resolve("f")));
            assertEquals("two", Files.readString(target.resolve("g")));
        });
    }

    @Test
    void mountsOneHundredThirtyStackedLayers() throws IOException {
        int layers = 130;
        String parent = "";
        for (int i = 0; i < layers; i++) {
            String name = "layer-" + i;
            commitLayer(name, parent, "file-" + i, Integer.toString(i));
            parent = name;
        }
        List<Mount> top = snapshotter.prepare("top", parent, Map.of());
        assertTrue(option(top.get(0), "lowerdir").length() > 4096, "the lowerdir option alone exceeds a page");
        withMount(top, "top", target -> {
            for (int i = 0; i < layers; i++) {
                assertEquals(Integer.toString(i), Files.readString(target.resolve("file-" + i)));
            }
            Files.writeString(target.resolve("file-0"), "overwritten");
        });
        withMount(snapshotter.view("top-view", parent, Map.of()), "top-view", target ->
                assertEquals(Integer.toString(layers - 1), Files.readString(target.resolve("file-" + (layers - 1)))));
    }

    @Test
    void usageCountsAllocatedBlocksAndHardLinkedInodesOnce() throws IOException {
        int size = 1 << 20;
        withMount(snapshotter.prepare("active", "", Map.of()), "active", target -> {
            Path file = Files.write(target.resolve("data"), new byte[size]);
            Files.createLink(target.resolve("link"), file);
        });

        Usage active = snapshotter.usage("active");
        assertEquals(2, active.inodes(), "the root directory and one file with two names");
        assertTrue(active.size() >= size && active.size() < 2L * size, "the file's blocks are counted once: " + active.size());

        snapshotter.commit("committed", "active", Map.of());
        assertEquals(active, snapshotter.usage("committed"));
    }

    @Test
    void commitStoresTheUsageOfSmallAndLargeUpperDirectoriesAlike() throws IOException {
        // a lone commit's writer measures a few inodes itself and hands many to another thread
        for (int files : List.of(3, 200)) {
            Path upper = Path.of(snapshotter.prepare("layer-" + files + "-active", "", Map.of()).get(0).source());
            Path directory = Files.createDirectories(upper.resolve("d"));
            for (int i = 0; i < files; i++) {
                Files.writeString(directory.resolve("f" + i), "x");
            }
            Usage measured = snapshotter.usage("layer-" + files + "-active");
            assertEquals(files + 2, measured.inodes(), "the root, the directory and the files");

            snapshotter.commit("layer-" + files, "layer-" + files + "-active", Map.of());

            assertEquals(measured, snapshotter.usage("layer-" + files));
        }
    }

    @Test
    void childUpperDirectoryTakesTheOwnerOfTheParentRoot() throws IOException {
        withMount(snapshotter.prepare("base-active", "", Map.of()), "base", target -> {
            Files.setAttribute(target, "unix:uid", 1234);
            Files.setAttribute(target, "unix:gid", 4321);
        });
        snapshotter.commit("base", "base-active", Map.of());

        Path upper = Path.of(option(snapshotter.prepare("child", "base", Map.of()).get(0), "upperdir"));
        assertEquals(1234, Files.getAttribute(upper, "unix:uid"));
        assertEquals(4321, Files.getAttribute(upper, "unix:gid"));
    }

    @Test
    void openDeletesUncommittedIdsAtOnceAndEarlierLeftoversSoon() throws IOException {
        Path live = Path.of(snapshotter.prepare("live", "", Map.of()).get(0).source()).getParent();
        Path snapshots = live.getParent();
        long liveId = Long.parseLong(live.getFileName().toString());
        snapshotter.close();
        // a crash leaves no mark of a clean shutdown, and leaves creates renamed into place but never
        // committed, a removed snapshot's directory, a temporary directory
        Files.delete(root.resolve("clean-shutdown"));
        Path uncommitted = Files.createDirectories(snapshots.resolve(Long.toString(liveId + 1)).resolve("fs"));
        // views of a parent in the same batch took ids without making directories: gaps
        Path afterGap = Files.createDirectories(snapshots.resolve(Long.toString(liveId + 40)).resolve("fs"));
        Path removed = Files.createDirectories(snapshots.resolve("0").resolve("fs"));
        Path temporary = Files.createDirectories(snapshots.resolve("new-12345").resolve("work"));

        snapshotter = OverlaySnapshotter.open(root);

        assertFalse(Files.exists(uncommitted.getParent()), "an id the next create takes is free before open returns");
        assertFalse(Files.exists(afterGap.getParent()), "an id after a gap is free before open returns");
        Path created = Path.of(snapshotter.prepare("next", "", Map.of()).get(0).source()).getParent();
        assertEquals(snapshots.resolve(Long.toString(liveId + 1)), created);
        Polling.await("the start-up sweep", Duration.ofSeconds(30),
                () -> !Files.exists(removed.getParent()) && !Files.exists(temporary.getParent()),
                () -> "left: " + removed.getParent() + ", " + temporary.getParent());
        assertTrue(Files.isDirectory(live));
        assertTrue(Files.isDirectory(created));
    }

    /**
     * Closes, then leaves the root as a power loss after the last flush of the log would: neither a clean
     * shutdown nor a flushed database recorded, so that the next start replays the log.
     */
    private void closeAsAPowerLossWould() throws IOException {
        snapshotter.close();
        Files.delete(root.resolve("clean-shutdown"));
        Files.delete(root.resolve("metadata").resolve("synced"));
    }

    /** The directory of an active snapshot, from its mounts. */
    private Path directoryOf(String key) {
        Mount mount = snapshotter.mounts(key).get(0);
        return Path.of(mount.type().equals("bind") ? mount.source() : option(mount, "upperdir")).getParent();
    }

    /** The directory of a committed snapshot, from the mounts of a view of it. */
    private Path directoryOfCommitted(String name) {
        Path directory = Path.of(snapshotter.view("probe", name, Map.of()).get(0).source()).getParent();
        snapshotter.remove("probe");
        return directory;
    }

    private Object ownerOfNewFiles() throws IOException {
        return Files.getAttribute(root.resolve("snapshots"), "unix:uid");
    }

    @Test
    void aStartAfterAPowerLossThatLostCreatesRenamesGivesActiveSnapshotsAndViewsBackEmptyDirectories() throws IOException {
        Path baseUpper = Path.of(snapshotter.prepare("base-active", "", Map.of()).get(0).source());
        Files.writeString(baseUpper.resolve("f"), "base");
        Files.setAttribute(baseUpper, "unix:uid", 1234);
        Files.setAttribute(baseUpper, "unix:gid", 4321);
        snapshotter.commit("base", "base-active", Map.of());
        snapshotter.prepare("child", "base", Map.of());
        Path child = directoryOf("child");
        Path view = Path.of(snapshotter.view("empty-view", "", Map.of()).get(0).source()).getParent();
        snapshotter.view("base-view", "base", Map.of());
        List<String> directoriesBefore = snapshotDirectoryNames();
        closeAsAPowerLossWould();
        // the log's records were flushed, the renames of the temporary directories to the ids were not
        Path childTemporary = Files.move(child, child.resolveSibling("new-1-lost"));
        Path viewTemporary = Files.move(view, view.resolveSibling("new-2-lost"));

        snapshotter = OverlaySnapshotter.open(root);

        assertEquals(List.of(), directoryNames(child.resolve("fs")));
        assertEquals(1234, Files.getAttribute(child.resolve("fs"), "unix:uid"), "the upper directory takes its parent's owner again");
        assertEquals(4321, Files.getAttribute(child.resolve("fs"), "unix:gid"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(child.resolve("fs"))));
        withMount(snapshotter.mounts("child"), "child", target -> {
            assertEquals("base", Files.readString(target.resolve("f")));
            Files.writeString(target.resolve("g"), "child");
        });
        snapshotter.commit("child-committed", "child", Map.of());
        withMount(snapshotter.view("child-view", "child-committed", Map.of()), "child-view",
                target -> assertEquals("child", Files.readString(target.resolve("g"))));
        withMount(snapshotter.mounts("empty-view"), "empty-view", target -> assertEquals(List.of(), directoryNames(target)));
        withMount(snapshotter.mounts("base-view"), "base-view", target -> assertEquals("base", Files.readString(target.resolve("f"))));
        Polling.await("the start-up sweep of the temporary directories", Duration.ofSeconds(30),
                () -> !Files.exists(childTemporary) && !Files.exists(viewTemporary),
                () -> "left: " + childTemporary + ", " + viewTemporary);
        assertEquals(directoriesBefore, snapshotDirectoryNames(), "the views of parents got no directories");
    }

    /** The names of the snapshots' directories, without temporary ones. */
    private List<String> snapshotDirectoryNames() throws IOException {
        return directoryNames(root.resolve("snapshots")).stream().filter(name -> name.chars().allMatch(Character::isDigit)).toList();
    }
    @Test
    void aCommittedSnapshotWhoseFilesAPowerLossTookIsLostUntilRemoved() throws IOException {
        commitLayer("base", "", "f", "base");
        Path base = directoryOfCommitted("base");
        Usage baseUsage = snapshotter.usage("base");
        commitLayer("other", "", "f", "other");
        snapshotter.prepare("on-base", "base", Map.of());
        Path onBase = directoryOf("on-base");
        snapshotter.view("base-view", "base", Map.of());
        closeAsAPowerLossWould();
        FileTrees.delete(base);
        FileTrees.delete(onBase);

        snapshotter = OverlaySnapshotter.open(root);

        assertFalse(Files.exists(base), "a layer's files cannot be made again");
        assertEquals(ownerOfNewFiles(), Files.getAttribute(onBase.resolve("fs"), "unix:uid"),
                "the child's upper directory is owned as without a parent, since the parent's is gone");
        assertLost();
        withMount(snapshotter.prepare("on-other", "other", Map.of()), "on-other",
                target -> assertEquals("other", Files.readString(target.resolve("f"))));
        snapshotter.close();
        snapshotter = OverlaySnapshotter.open(root);
        assertLost();
        assertEquals(baseUsage, snapshotter.usage("base"));
        List<String> listed = new ArrayList<>();
        snapshotter.walk(List.of(), info -> listed.add(info.name()));
        assertTrue(listed.contains("base"), listed.toString());

        assertThrows(FailedPreconditionException.class, () -> snapshotter.remove("base"));
        snapshotter.remove("base-view");
        snapshotter.remove("on-base");
        snapshotter.remove("base");
        assertThrows(NotFoundException.class, () -> snapshotter.stat("base"));
        commitLayer("base", "", "f", "unpacked again");
        withMount(snapshotter.view("base-view", "base", Map.of()), "base-view",
                target -> assertEquals("unpacked again", Files.readString(target.resolve("f"))));
        snapshotter.close();
        assertTrue(Files.exists(root.resolve("clean-shutdown")), "removing the lost snapshot left nothing behind");
    }

    /** Creates on "base", mounts and commits of the snapshots on it fail as data loss; what only reads metadata works. */
    private void assertLost() {
        assertThrows(DataLossException.class, () -> snapshotter.prepare("new", "base", Map.of()));
        assertThrows(DataLossException.class, () -> snapshotter.view("new", "base", Map.of()));
        assertThrows(NotFoundException.class, () -> snapshotter.stat("new"), "a failed create adds nothing");
        assertThrows(DataLossException.class, () -> snapshotter.mounts("on-base"));
        assertThrows(DataLossException.class, () -> snapshotter.mounts("base-view"));
        assertThrows(DataLossException.class, () -> snapshotter.commit("on-base-layer", "on-base", Map.of()));
        assertEquals(Kind.ACTIVE, snapshotter.stat("on-base").kind(), "a failed commit leaves the snapshot active");
        assertEquals(Kind.COMMITTED, snapshotter.stat("base").kind());
        assertEquals(1, snapshotter.usage("on-base").inodes(), "the child's own upper directory is measured");
    }

    @Test
    void aSnapshotMissingItsUpperOrWorkDirectoryGetsThemBackUnlessCommitted() throws IOException {
        Path baseUpper = Path.of(snapshotter.prepare("base-active", "", Map.of()).get(0).source());
        Files.writeString(baseUpper.resolve("f"), "base");
        Files.setAttribute(baseUpper, "unix:uid", 1234);
        snapshotter.commit("base", "base-active", Map.of());
        snapshotter.prepare("without-upper", "base", Map.of());
        Path withoutUpper = directoryOf("without-upper");
        snapshotter.prepare("without-work", "", Map.of());
        Path withoutWork = directoryOf("without-work");
        commitLayer("committed-without-upper", "", "f", "gone");
        Path committedWithoutUpper = directoryOfCommitted("committed-without-upper");
        closeAsAPowerLossWould();
        Files.delete(withoutUpper.resolve("fs"));
        Files.delete(withoutWork.resolve("work"));
        FileTrees.delete(committedWithoutUpper.resolve("fs"));

        snapshotter = OverlaySnapshotter.open(root);

        assertEquals(1234, Files.getAttribute(withoutUpper.resolve("fs"), "unix:uid"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(withoutUpper.resolve("fs"))));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(withoutWork.resolve("work"))));
        withMount(snapshotter.mounts("without-upper"), "without-upper", target -> {
            assertEquals("base", Files.readString(target.resolve("f")));
            Files.writeString(target.resolve("g"), "written");
        });
        assertThrows(DataLossException.class, () -> snapshotter.view("view", "committed-without-upper", Map.of()));
        snapshotter.remove("committed-without-upper");
    }

    @Test
    void aStartThatRepairedTheSnapshotsDoesNotLeaveThemToTheNextUncleanStart() throws IOException {
        snapshotter.prepare("a", "", Map.of());
        Path a = directoryOf("a");
        closeAsAPowerLossWould();
        FileTrees.delete(a);
        snapshotter = OverlaySnapshotter.open(root);
        assertTrue(Files.isDirectory(a.resolve("fs")));

        // the repaired directories were flushed: deleting them now is no loss the next start must repair
        closeAsAPowerLossWould();
        FileTrees.delete(a);
        snapshotter = OverlaySnapshotter.open(root);

        assertFalse(Files.exists(a), "the replay after the repair leaves unchecked only the snapshots created since");
    }

    @Test
    void aSecondOpenOfAnOpenRootIsRefusedAndTheFirstKeepsItsSnapshots() {
        snapshotter.prepare("a-active", "", Map.of());
        snapshotter.commit("a", "a-active", Map.of());
        snapshotter.prepare("b", "a", Map.of());

        RootInUseException refused = assertThrows(RootInUseException.class, () -> OverlaySnapshotter.open(root));

        assertEquals(root, refused.root());
        snapshotter.commit("b-committed", "b", Map.of());
        snapshotter.close();
        snapshotter = OverlaySnapshotter.open(root);
        assertEquals(Kind.COMMITTED, snapshotter.stat("a").kind());
        assertEquals("a", snapshotter.stat("b-committed").parent());
    }

    @Test
    void aFailedOpenLeavesNothingRunningAndTheNextOpenServes() throws IOException {
        snapshotter.prepare("kept", "", Map.of());
        snapshotter.close();
        long threadsBefore = strataThreads();
        // the marker of a clean shutdown cannot be consumed: open fails after the store is open
        Files.delete(root.resolve("clean-shutdown"));
        Files.createDirectories(root.resolve("clean-shutdown").resolve("blocker"));

        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> OverlaySnapshotter.open(root));

        assertTrue(failure.getMessage().contains("clean-shutdown"), failure.getMessage());
        assertEquals(threadsBefore, strataThreads(), "a failed open stops the writer and remover it started");
        assertEquals(List.of(), openFilesUnder(root), "a failed open closes the metadata store");
        FileTrees.delete(root.resolve("clean-shutdown"));
        snapshotter = OverlaySnapshotter.open(root);
        assertEquals(Kind.ACTIVE, snapshotter.stat("kept").kind());
        snapshotter.prepare("after", "", Map.of());
    }

    @Test
    void aRepairThatFailsLeavesTheSnapshotLostAndTheStartServes() throws IOException {
        snapshotter.prepare("unrepairable", "", Map.of());
        Path unrepairable = directoryOf("unrepairable");
        snapshotter.prepare("kept", "", Map.of());
        closeAsAPowerLossWould();
        // no fs/ or work/ can be made in it
        FileTrees.delete(unrepairable);
        Files.writeString(unrepairable, "not a directory");

        snapshotter = OverlaySnapshotter.open(root);

        assertThrows(DataLossException.class, () -> snapshotter.mounts("unrepairable"));
        assertThrows(DataLossException.class, () -> snapshotter.commit("unrepairable-layer", "unrepairable", Map.of()),
                "a layer committed from it would hold nothing of what was written to it");
        assertThrows(NotFoundException.class, () -> snapshotter.stat("unrepairable-layer"));
        assertEquals(Usage.ZERO, snapshotter.usage("unrepairable"));
        withMount(snapshotter.mounts("kept"), "kept", target -> assertEquals(List.of(), directoryNames(target)));
        snapshotter.close();
        snapshotter = OverlaySnapshotter.open(root);
        assertThrows(DataLossException.class, () -> snapshotter.mounts("unrepairable"));
        snapshotter.remove("unrepairable");
        assertThrows(NotFoundException.class, () -> snapshotter.mounts("unrepairable"));
    }

    /** The files under {@code directory} that this process holds open. */
    private static List<Path> openFilesUnder(Path directory) throws IOException {
        List<Path> open = new ArrayList<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    Path target = Files.readSymbolicLink(descriptor);
                    if (target.startsWith(directory)) {
                        open.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself
                }
            }
        }
        return open;
    }

    @Test
    void aViewOfAParentHasNoDirectoryAndShowsTheParentsFiles() throws IOException {
        commitLayer("base", "", "f", "base");
        commitLayer("top", "base", "g", "top");
        Path snapshots = root.resolve("snapshots");
        List<String> before = directoryNames(snapshots);

        List<Mount> ofOne = snapshotter.view("view-of-base", "base", Map.of());
        List<Mount> ofTwo = snapshotter.view("view-of-top", "top", Map.of());

        assertEquals(before, directoryNames(snapshots), "views of a parent make no directory");
        withMount(ofOne, "view-of-base", target -> assertEquals("base", Files.readString(target.resolve("f"))));
        withMount(ofTwo, "view-of-top", target -> {
            assertEquals("base", Files.readString(target.resolve("f")));
            assertEquals("top", Files.readString(target.resolve("g")));
        });
        assertEquals(Usage.ZERO, snapshotter.usage("view-of-top"));
        assertThrows(FailedPreconditionException.class, () -> snapshotter.commit("committed-view", "view-of-top", Map.of()));
    }

    @Test
    void removingAViewOfAParentLeavesTheOtherSnapshotsIntact() throws IOException {
        commitLayer("base", "", "f", "base");
        List<Mount> active = snapshotter.prepare("active", "base", Map.of());
        snapshotter.view("view", "base", Map.of());
        List<String> before = directoryNames(root.resolve("snapshots"));

        snapshotter.remove("view");
        snapshotter.cleanup();
        snapshotter.close();
        snapshotter = OverlaySnapshotter.open(root);

        assertEquals(before, directoryNames(root.resolve("snapshots")));
        assertThrows(NotFoundException.class, () -> snapshotter.stat("view"));
        withMount(snapshotter.view("view", "base", Map.of()), "view", target -> assertEquals("base", Files.readString(target.resolve("f"))));
        withMount(active, "active", target -> assertEquals("base", Files.readString(target.resolve("f"))));
    }

    @Test
    void removingAViewThatAnEarlierVersionGaveADirectoryDeletesIt() throws IOException {
        commitLayer("base", "", "f", "base");
        List<String> before = directoryNames(root.resolve("snapshots"));
        snapshotter.view("view", "base", Map.of());
        // the view took the next id; earlier versions made snapshots/<id>/fs for it
        String viewId = Long.toString(Long.parseLong(before.get(before.size() - 1)) + 1);
        Files.createDirectories(root.resolve("snapshots").resolve(viewId).resolve("fs"));

        snapshotter.remove("view");
        snapshotter.close();
        snapshotter = OverlaySnapshotter.open(root);

        assertEquals(before, directoryNames(root.resolve("snapshots")));
    }

    @Test
    void concurrentCreatesGetTheirDirectoriesAndTheLosersOfAKeyLeaveNone() throws Exception {
        List<String> before = directoryNames(root.resolve("snapshots"));
        // handed in at once, most of them while the writer commits others: their directories are made in parallel
        List<CompletableFuture<List<Mount>>> distinct = new ArrayList<>();
        List<CompletableFuture<List<Mount>>> sameKey = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            distinct.add(snapshotter.prepareAsync("distinct-" + i, "", Map.of()));
            sameKey.add(snapshotter.prepareAsync("contested", "", Map.of()));
        }

        for (CompletableFuture<List<Mount>> created : distinct) {
            Path upper = Path.of(created.get().get(0).source());
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(upper)));
            assertTrue(Files.isDirectory(upper.resolveSibling("work")));
        }
        int winners = 0;
        for (CompletableFuture<List<Mount>> attempt : sameKey) {
            try {
                attempt.get();
                winners++;
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof AlreadyExistsException, e.getCause().toString());
            }
        }
        assertEquals(1, winners);
        List<String> after = new ArrayList<>(directoryNames(root.resolve("snapshots")));
        after.removeAll(before);
        assertEquals(33, after.size(), "one directory per snapshot, no temporary ones: " + after);
        assertTrue(after.stream().allMatch(name -> name.chars().allMatch(Character::isDigit)), after.toString());
    }

    private static List<String> directoryNames(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void closeDeletesRemovedDirectoriesAndReopenKeepsTheLiveOnes() throws IOException {
        Path live = Path.of(snapshotter.prepare("live", "", Map.of()).get(0).source()).getParent();
        for (int i = 0; i < 5; i++) {
            snapshotter.prepare("removed-" + i, "", Map.of());
            snapshotter.remove("removed-" + i);
        }
        snapshotter.close();

        try (Stream<Path> entries = Files.list(live.getParent())) {
            assertEquals(List.of(live), entries.toList(), "close leaves only the directories of snapshots");
        }
        snapshotter = OverlaySnapshotter.open(root);
        assertEquals(Kind.ACTIVE, snapshotter.stat("live").kind());
        assertTrue(Files.isDirectory(live));
    }

    @Test
    void aFailedCreateLeavesNoDirectory() throws IOException {
        Path live = Path.of(snapshotter.prepare("live", "", Map.of()).get(0).source()).getParent();

        assertThrows(AlreadyExistsException.class, () -> snapshotter.prepare("live", "", Map.of()));
        assertThrows(NotFoundException.class, () -> snapshotter.view("view", "missing", Map.of()));

        try (Stream<Path> entries = Files.list(live.getParent())) {
            assertEquals(List.of(live), entries.toList());
        }
    }

    @Test
    void removedKeyIsReusableAtOnce() throws IOException {
        Path first = Path.of(snapshotter.prepare("key", "", Map.of()).get(0).source());
        snapshotter.remove("key");
        assertThrows(NotFoundException.class, () -> snapshotter.stat("key"));

        Path second = Path.of(snapshotter.prepare("key", "", Map.of()).get(0).source());
        assertFalse(first.equals(second), "a new snapshot gets a new directory");
        assertTrue(Files.isDirectory(second));
        Polling.await("the removed snapshot's directory to be deleted", Duration.ofSeconds(30), () -> !Files.exists(first), () -> "");
        assertTrue(Files.isDirectory(second));
    }

    @Test
    void cleanupRemovesOnlyDirectoriesThatNoSnapshotOwns() throws IOException {
        Path live = Path.of(snapshotter.prepare("live", "", Map.of()).get(0).source()).getParent();
        Path snapshots = live.getParent();
        Path orphanId = Files.createDirectories(snapshots.resolve("999999").resolve("fs"));
        Path orphanTemp = Files.createDirectories(snapshots.resolve("new-12345").resolve("work"));
        Files.writeString(orphanId.resolve("file"), "orphan");

        snapshotter.cleanup();

        assertTrue(Files.isDirectory(live));
        assertFalse(Files.exists(orphanId.getParent()));
        assertFalse(Files.exists(orphanTemp.getParent()));
    }

    @Test
    void cleanupDuringCreatesSparesTheirDirectories() throws Exception {
        ExecutorService creators = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                String prefix = "client-" + client + "/";
                creates.add(creators.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        snapshotter.prepare(prefix + i, "", Map.of());
                    }
                }));
            }
            while (!creates.stream().allMatch(Future::isDone)) {
                snapshotter.cleanup();
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            creators.shutdownNow();
        }
        assertEquals(400, directoryNames(root.resolve("snapshots")).size());
    }

    @Test
    void reopenKeepsSnapshotsAndHandsOutFreshIds() throws IOException {
        commitLayer("base", "", "f", "base");
        List<Mount> active = snapshotter.prepare("active", "base", Map.of("label", "value"));
        snapshotter.close();

        snapshotter = OverlaySnapshotter.open(root);
        Info info = snapshotter.stat("active");
        assertEquals("base", info.parent());
        assertEquals(Kind.ACTIVE, info.kind());
        assertEquals(Map.of("label", "value"), info.labels());
        assertEquals(active, snapshotter.mounts("active"));
        List<String> names = new ArrayList<>();
        snapshotter.walk(List.of(), i -> names.add(i.name()));
        assertEquals(List.of("active", "base"), names.stream().sorted().toList());

        List<Mount> fresh = snapshotter.prepare("fresh", "base", Map.of());
        assertFalse(option(fresh.get(0), "upperdir").equals(option(active.get(0), "upperdir")));
        withMount(fresh, "fresh", target -> assertEquals("base", Files.readString(target.resolve("f"))));
    }

    private static long strataThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("strata-")).count();
    }
}
