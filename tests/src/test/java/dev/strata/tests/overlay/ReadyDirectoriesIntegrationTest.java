package dev.strata.tests.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.overlay.FileTrees;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.UnavailableException;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.DiskFilling;
import dev.strata.tests.support.Polling;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directories for active snapshots made ahead while the snapshotter is quiet: needs root. */
class ReadyDirectoriesIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int RACING_CLIENTS = 8;

    @TempDir
    Path dir;
    private Path root;
    private OverlaySnapshotter snapshotter;

    @BeforeEach
    void open() {
        root = dir.resolve("root");
        snapshotter = OverlaySnapshotter.open(root);
    }

    @AfterEach
    void close() {
        snapshotter.close();
    }

    private List<Path> ready() {
        try (Stream<Path> entries = Files.list(root.resolve("ready"))) {
            return entries.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> names(String directory) throws IOException {
        try (Stream<Path> entries = Files.list(root.resolve(directory))) {
            return entries.map(entry -> entry.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Set<String> difference(Set<String> from, Set<String> without) {
        return from.stream().filter(name -> !without.contains(name)).collect(Collectors.toSet());
    }

    private List<Path> awaitReady() {
        Polling.await("directories made ahead", PATIENCE, () -> ready().size() == 256, () -> "ready: " + ready().size());
        return ready();
    }

    private static Object inode(Path path) throws IOException {
        return Files.readAttributes(path, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
    }

    private static Set<Object> inodes(List<Path> paths) {
        return paths.stream().map(path -> {
            try {
                return inode(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.toSet());
    }

    @Test
    void aPrepareAfterAPauseTakesADirectoryMadeAheadWithTheTimesOfTheCreate() throws Exception {
        Set<Object> madeAhead = inodes(awaitReady());
        // the directories made ahead are older than this by far more than the kernel clock's coarseness
        Thread.sleep(200);
        Instant beforePrepare = Instant.now().minusMillis(50);

        Path upper = Path.of(snapshotter.prepare("active", "", Map.of()).get(0).source());

        assertTrue(madeAhead.contains(inode(upper.getParent())), "the snapshot's directory was one of those made ahead");
        assertEquals(root.resolve("snapshots"), upper.getParent().getParent());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(upper)));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(upper.resolveSibling("work"))));
        FileTime modified = Files.getLastModifiedTime(upper);
        assertFalse(modified.toInstant().isBefore(beforePrepare), "the upper directory has the create's time, not " + modified);
    }

    @Test
    void aChildTakesItsParentsOwnerInADirectoryMadeAhead() throws IOException {
        Path baseUpper = Path.of(snapshotter.prepare("base-active", "", Map.of()).get(0).source());
        Files.setAttribute(baseUpper, "unix:uid", 1234);
        Files.setAttribute(baseUpper, "unix:gid", 4321);
        snapshotter.commit("base", "base-active", Map.of());
        Set<Object> madeAhead = inodes(awaitReady());

        String upperOption = snapshotter.prepare("child", "base", Map.of()).get(0).options().stream()
                .filter(option -> option.startsWith("upperdir=")).findFirst().orElseThrow();
        Path childUpper = Path.of(upperOption.substring("upperdir=".length()));

        assertTrue(madeAhead.contains(inode(childUpper.getParent())), "the child's directory was one of those made ahead");
        assertEquals(1234, Files.getAttribute(childUpper, "unix:uid"));
        assertEquals(4321, Files.getAttribute(childUpper, "unix:gid"));
    }

    @Test
    void preparesThatFailGiveTheDirectoriesTheyTookBack() throws IOException {
        snapshotter.prepare("existing", "", Map.of());
        Set<Object> madeAhead = inodes(awaitReady());
        Set<String> readyBefore = names("ready");
        Set<String> snapshotsBefore = names("snapshots");

        for (int i = 0; i < 5; i++) {
            assertThrows(AlreadyExistsException.class, () -> snapshotter.prepare("existing", "", Map.of()));
            assertThrows(NotFoundException.class, () -> snapshotter.prepare("orphan", "missing", Map.of()));
            assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("child", "existing", Map.of()));
        }

        Set<String> readyAfter = names("ready");
        assertEquals(Set.of(), difference(readyBefore, readyAfter), "directories made ahead were deleted");
        assertEquals(Set.of(), difference(readyAfter, readyBefore), "directories were made anew");
        assertEquals(snapshotsBefore, names("snapshots"));
        Path upper = Path.of(snapshotter.prepare("next", "", Map.of()).get(0).source());
        assertTrue(madeAhead.contains(inode(upper.getParent())), "a later Prepare still takes one");
    }

    @Test
    void aDirectoryMadeAheadThatCannotBeUsedIsReplacedAndNoMoreAreMade() throws IOException {
        awaitReady();
        for (Path directory : ready()) {
            FileTrees.delete(directory);
        }

        Path upper = Path.of(snapshotter.prepare("active", "", Map.of()).get(0).source());
        Path next = Path.of(snapshotter.prepare("next", "", Map.of()).get(0).source());

        assertEquals(root.resolve("snapshots"), upper.getParent().getParent());
        assertTrue(Files.isDirectory(upper.resolveSibling("work")));
        assertTrue(Files.isDirectory(next));
        snapshotter.close();
        assertEquals(List.of(), ready(), "nothing more was made ahead");
        assertTrue(Files.exists(root.resolve("clean-shutdown")));
        snapshotter = OverlaySnapshotter.open(root);
        assertEquals(Kind.ACTIVE, snapshotter.stat("active").kind());
    }

    @Test
    void aPrepareAfterARefillFailedAsksForTheDirectoriesAgain() throws IOException {
        snapshotter.close();
        try (ScratchDirectory work = ScratchDirectory.create("strata-ready-")) {
            Path disk = work.directory("disk");
            Commands.run(PATIENCE, List.of("mount", "-t", "tmpfs", "-o", "size=64m,nr_inodes=4096", "tmpfs", disk.toString()))
                    .requireSuccess();
            root = disk.resolve("root");
            snapshotter = OverlaySnapshotter.open(root);
            try {
                awaitReady();
                Path filler = Files.createDirectory(disk.resolve("filler"));
                DiskFilling.fillInodes(filler);
                try (RefillFailures failures = RefillFailures.watch()) {
                    for (int i = 0; i < 256; i++) {
                        snapshotter.prepare("taken-" + i, "", Map.of());
                    }
                    // the refill at the pause that follows fails for want of an inode
                    Polling.await("a refill that fails", PATIENCE, () -> failures.count() > 0, () -> "ready: " + ready().size());
                }
                assertEquals(List.of(), ready());

                FileTrees.delete(filler);
                snapshotter.prepare("after", "", Map.of());

                assertEquals(256, awaitReady().size());
            } finally {
                snapshotter.close();
            }
        } finally {
            root = dir.resolve("root");
            snapshotter = OverlaySnapshotter.open(root);
        }
    }

    @Test
    void closeDeletesTheDirectoriesMadeAhead() {
        awaitReady();

        snapshotter.close();

        assertEquals(List.of(), ready());
        assertTrue(Files.exists(root.resolve("clean-shutdown")), "nothing was left behind");
        snapshotter = OverlaySnapshotter.open(root);
    }

    @Test
    void preparesRacingACloseAreKeptOrRefusedAndLeaveNoDirectoryBehind() throws Exception {
        awaitReady();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        CountDownLatch underWay = new CountDownLatch(RACING_CLIENTS * 4);
        ExecutorService clients = Executors.newFixedThreadPool(RACING_CLIENTS);
        try {
            for (int c = 0; c < RACING_CLIENTS; c++) {
                String client = "client-" + c;
                clients.submit(() -> prepareUntilClosed(client, acknowledged, unexpected, underWay));
            }
            assertTrue(underWay.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the clients' Prepares did not get under way");

            snapshotter.close();

            clients.shutdown();
            assertTrue(clients.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        } finally {
            clients.shutdownNow();
        }
        assertEquals(List.of(), unexpected, "a Prepare racing the close either succeeds or finds the snapshotter closed");
        assertEquals(List.of(), ready(), "close deletes the directories taken by Prepares it refused, with the others");
        Set<String> directoriesAfterClose = names("snapshots");
        snapshotter = OverlaySnapshotter.open(root);
        Map<String, String> live = new HashMap<>();
        snapshotter.walk(List.of(), info -> live.put(info.name(), directoryName(info.name())));
        assertTrue(live.keySet().containsAll(acknowledged), "every acknowledged Prepare is kept");
        assertEquals(Set.copyOf(live.values()), directoriesAfterClose, "snapshots/ holds exactly the live snapshots' directories");
    }

    private void prepareUntilClosed(String client, Set<String> acknowledged, List<Throwable> unexpected, CountDownLatch underWay) {
        for (int i = 0; ; i++) {
            String key = client + "/" + i;
            try {
                snapshotter.prepare(key, "", Map.of());
            } catch (UnavailableException closed) {
                return;
            } catch (RuntimeException e) {
                unexpected.add(e);
                return;
            }
            acknowledged.add(key);
            underWay.countDown();
        }
    }

    private String directoryName(String key) {
        return Path.of(snapshotter.mounts(key).get(0).source()).getParent().getFileName().toString();
    }

    @Test
    void aStartAfterACrashDeletesWhatAnEarlierInstanceMadeAhead() throws IOException {
        snapshotter.close();
        // a crash leaves no mark of a clean shutdown, and the directories made ahead
        Files.delete(root.resolve("clean-shutdown"));
        Path earlier = Files.createDirectories(root.resolve("ready").resolve("new-12345-6789").resolve("fs"));

        snapshotter = OverlaySnapshotter.open(root);

        Polling.await("the start-up sweep", PATIENCE, () -> !Files.exists(earlier.getParent()), () -> "left: " + earlier.getParent());
        assertEquals(256, awaitReady().size());
    }

    /** Counts the failures the pool reports when it cannot make a directory (at DEBUG, so the level is lowered meanwhile). */
    private static final class RefillFailures extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("dev.strata.overlay.ReadyDirectories");
        private final Level levelBefore = logger.getLevel();
        private final AtomicInteger failures = new AtomicInteger();

        static RefillFailures watch() {
            RefillFailures watcher = new RefillFailures();
            watcher.logger.setLevel(Level.FINE);
            watcher.logger.addHandler(watcher);
            return watcher;
        }

        int count() {
            return failures.get();
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == Level.FINE) {
                failures.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(levelBefore);
        }
    }
}
