package dev.strata.tests.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.snapshots.grpc.UnixSocketChannels;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The strata-snapshotter process as an operator meets it: flags, config, socket, health, signals, failures. */
class DaemonIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ScratchDirectory work;

    @BeforeEach
    void createWork() {
        work = ScratchDirectory.create("strata-d-");
    }

    @AfterEach
    void removeWork() throws IOException {
        work.close();
    }

    @Test
    void servesSnapshotsAndHealthOnAPrivateSocket() throws Exception {
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start()) {
            assertEquals("rw-rw----", permissions(daemon.socket()));
            assertEquals("rwx------", permissions(daemon.root().resolve("metadata")));
            assertEquals("rwx------", permissions(daemon.root().resolve("snapshots")));
            assertEquals(ServingStatus.SERVING, health(daemon.socket(), ""));
            assertEquals(ServingStatus.SERVING, health(daemon.socket(), "containerd.services.snapshots.v1.Snapshots"));
            try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
                snapshotter.prepare("active", "", Map.of());
                assertEquals(Kind.ACTIVE, snapshotter.stat("active").kind());
            }
        }
    }

    @Test
    void sigtermExitsZeroAndRemovesTheSocket() {
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start()) {
            assertEquals(0, daemon.stop());
            assertFalse(Files.exists(daemon.socket()), "the socket outlived the daemon");
        }
    }

    @Test
    void aRestartKeepsEverything() {
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start()) {
            try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
                snapshotter.prepare("layer-1-active", "", Map.of());
                snapshotter.commit("layer-1", "layer-1-active", Map.of("k", "v"));
                snapshotter.prepare("container", "layer-1", Map.of());
            }
            assertEquals(0, daemon.restart());
            try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
                assertEquals(Kind.COMMITTED, snapshotter.stat("layer-1").kind());
                assertEquals(Map.of("k", "v"), snapshotter.stat("layer-1").labels());
                assertEquals("layer-1", snapshotter.stat("container").parent());
            }
        }
    }

    @Test
    void flagsOverrideTheConfigFile() throws IOException {
        Path config = Files.writeString(work.resolve("strata.toml"),
                "root = \"" + work.resolve("from-file") + "\"\naddress = \"" + work.resolve("unused.sock") + "\"\n");
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start(config)) {
            assertTrue(Files.isDirectory(daemon.root()), "flags must override the file's root");
            assertFalse(Files.exists(work.resolve("from-file")), "the file's root was used despite --root");
        }
    }

    @Test
    void aBadConfigFileIsAOneLineErrorAndExit2() throws IOException {
        Path config = Files.writeString(work.resolve("bad.toml"), "root = \"/tmp/x\"\nsocket_mode = 777\n");
        CommandResult result = daemon("--config", config.toString(), "--root", work.resolve("root").toString(),
                "--address", work.resolve("s.sock").toString());
        assertEquals(2, result.exitCode());
        assertOneLineNaming(result, config.toString());
    }

    @Test
    void missingSettingsAreNamedTogether() {
        CommandResult result = daemon();
        assertEquals(2, result.exitCode());
        assertOneLineNaming(result, "root");
        assertOneLineNaming(result, "address");
    }

    @Test
    void aSocketServedByAnotherDaemonIsRefused() {
        try (SnapshotterDaemon running = SnapshotterDaemon.start()) {
            CommandResult second = daemon("--root", work.resolve("root").toString(),
                    "--address", running.socket().toString());
            assertEquals(1, second.exitCode());
            assertOneLineNaming(second, "in use");
            try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(running.socket())) {
                List<String> names = new ArrayList<>();
                snapshotter.walk(List.of(), info -> names.add(info.name()));
                assertEquals(List.of(), names, "the first daemon must keep serving");
            }
        }
    }

    @Test
    void aSecondDaemonOnARootInUseIsRefusedNamingTheFirst() {
        Path root = work.resolve("shared-root");
        try (SnapshotterDaemon running = SnapshotterDaemon.startOnRoot(root)) {
            try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(running.socket())) {
                snapshotter.prepare("base-active", "", Map.of());
                snapshotter.commit("base", "base-active", Map.of());
            }

            CommandResult second = daemon("--root", root.toString(), "--address", work.resolve("second.sock").toString());

            assertEquals(1, second.exitCode());
            assertOneLineNaming(second, "in use by process " + running.pid());
            try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(running.socket())) {
                snapshotter.prepare("top", "base", Map.of());
            }
            assertEquals(0, running.restart());
            try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(running.socket())) {
                assertEquals(Kind.COMMITTED, snapshotter.stat("base").kind());
                assertEquals("base", snapshotter.stat("top").parent());
            }
        }
    }

    @Test
    void aRootThatIsNotADirectoryIsRefused() throws IOException {
        Path file = Files.writeString(work.resolve("not-a-directory"), "");
        CommandResult result = daemon("--root", file.toString(), "--address", work.resolve("s.sock").toString());
        assertEquals(1, result.exitCode());
        assertOneLineNaming(result, file.toString());
        assertFalse(Files.exists(work.resolve("s.sock")), "a daemon that failed to start left its socket");
    }

    @Test
    void aMissingLmdbLibraryIsAOneLineErrorNamingIt() {
        Path missing = work.resolve("no-such-liblmdb.so");
        Path socket = work.resolve("s.sock");
        // the launcher's own JVM options come first, so this one wins
        CommandResult result = Commands.run(TIMEOUT, List.of("env", "STRATA_JAVA_OPTS=-Dstrata.lmdb.library=" + missing,
                SnapshotterDaemon.executable().toString(), "--root", work.resolve("root").toString(), "--address", socket.toString()));
        assertEquals(1, result.exitCode());
        assertOneLineNaming(result, "failed to load LMDB from " + missing);
        assertOneLineNaming(result, "No such file or directory");
        assertFalse(Files.exists(socket), "a daemon that failed to start left its socket");
    }

    @Test
    void aRootWithoutDTypeIsRefused() throws IOException {
        Path image = work.resolve("no-dtype.img");
        Path mountPoint = work.directory("no-dtype");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(64L << 20);
        }
        // ext4 without the filetype feature returns DT_UNKNOWN for every entry, like xfs with ftype=0
        Commands.run(TIMEOUT, List.of("mkfs.ext4", "-q", "-F", "-O", "^filetype,^has_journal", image.toString()))
                .requireSuccess();
        Commands.run(TIMEOUT, List.of("mount", "-o", "loop", image.toString(), mountPoint.toString())).requireSuccess();
        try {
            Path root = mountPoint.resolve("root");
            CommandResult result = daemon("--root", root.toString(), "--address", work.resolve("s.sock").toString());
            assertEquals(1, result.exitCode());
            assertOneLineNaming(result, "d_type");
        } finally {
            Commands.run(TIMEOUT, List.of("umount", mountPoint.toString())).requireSuccess();
        }
    }

    @Test
    void aMissingRootIsCreatedPrivate() throws IOException {
        Path root = work.resolve("new-root");
        try (SnapshotterDaemon daemon = SnapshotterDaemon.startOnRoot(root)) {
            assertEquals("rwx------", permissions(root));
        }
    }

    @Test
    void aWorldWritableRootIsRefused() throws IOException {
        Path root = Files.setPosixFilePermissions(work.directory("open-root"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRootRefusedUntouched(root, root, "world-writable");
    }

    @Test
    void aSymlinkedRootIsRefused() throws IOException {
        Path target = work.directory("real-root");
        assertRootRefusedUntouched(Files.createSymbolicLink(work.resolve("root-link"), target), target, "symbolic link");
    }

    @Test
    void theSocketBelongsToTheConfiguredGroup() throws IOException {
        String group = "strata-it-" + ProcessHandle.current().pid();
        Commands.run(TIMEOUT, List.of("groupadd", "--system", group)).requireSuccess();
        try (SnapshotterDaemon daemon = SnapshotterDaemon.startOnRoot(work.resolve("root"), "--socket-group", group)) {
            assertEquals(group, Files.readAttributes(daemon.socket(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .group().getName());
            assertEquals("rw-rw----", permissions(daemon.socket()));
        } finally {
            Commands.run(TIMEOUT, List.of("groupdel", group)).requireSuccess();
        }
    }

    /** The daemon refuses {@code root} with one line naming {@code reason}, and writes nothing into {@code directory}. */
    private void assertRootRefusedUntouched(Path root, Path directory, String reason) throws IOException {
        CommandResult result = daemon("--root", root.toString(), "--address", work.resolve("s.sock").toString());
        assertEquals(1, result.exitCode());
        assertOneLineNaming(result, reason);
        try (Stream<Path> entries = Files.list(directory)) {
            assertEquals(List.of(), entries.toList(), "the daemon wrote into a root it refused");
        }
    }

    private CommandResult daemon(String... args) {
        List<String> command = new ArrayList<>(List.of(SnapshotterDaemon.executable().toString()));
        command.addAll(List.of(args));
        return Commands.run(TIMEOUT, command);
    }

    private static void assertOneLineNaming(CommandResult result, String text) {
        List<String> lines = result.stderr().strip().lines().toList();
        assertEquals(1, lines.size(), "expected one line on stderr, got:\n" + result.stderr());
        assertTrue(lines.get(0).startsWith("strata-snapshotter: ") && lines.get(0).contains(text),
                "expected a line naming '" + text + "', got: " + lines.get(0));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static ServingStatus health(Path socket, String service) throws InterruptedException {
        ManagedChannel channel = UnixSocketChannels.open(socket);
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
