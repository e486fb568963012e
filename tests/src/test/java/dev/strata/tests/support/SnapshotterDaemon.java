package dev.strata.tests.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The snapshotter daemon under test, run as {@code <daemon> --root DIR --address SOCKET [--config FILE]}
 * from the repository root. The executable is the system property {@code strata.daemon}, by default
 * {@code bin/strata-snapshotter} of the repository. The daemon's root and socket live in a scratch
 * directory it owns, so a restart finds the same state.
 */
public final class SnapshotterDaemon implements AutoCloseable {

    public static final String DAEMON_PROPERTY = "strata.daemon";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final ScratchDirectory scratch;
    private final List<String> options;
    private final Path root;
    private final Path socket;
    private ManagedProcess process;

    private SnapshotterDaemon(ScratchDirectory scratch, Optional<Path> root, List<String> options) {
        this.scratch = scratch;
        this.options = options;
        this.root = root.orElseGet(() -> scratch.directory("root"));
        this.socket = scratch.resolve("s.sock");
    }

    public static SnapshotterDaemon start() {
        return start(Optional.empty(), List.of());
    }

    public static SnapshotterDaemon start(Path configFile) {
        return start(Optional.empty(), List.of("--config", configFile.toString()));
    }

    /** Starts the daemon on a root the caller owns (and removes), with further command-line options. */
    public static SnapshotterDaemon startOnRoot(Path root, String... options) {
        return start(Optional.of(root), List.of(options));
    }

    private static SnapshotterDaemon start(Optional<Path> root, List<String> options) {
        SnapshotterDaemon daemon = new SnapshotterDaemon(ScratchDirectory.create("strata-s-"), root, options);
        try {
            daemon.launch();
            return daemon;
        } catch (RuntimeException e) {
            try {
                daemon.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The daemon executable: {@code -Dstrata.daemon}, or the repository's launcher. */
    public static Path executable() {
        String configured = System.getProperty(DAEMON_PROPERTY);
        return configured != null && !configured.isBlank()
                ? Path.of(configured).toAbsolutePath()
                : Modules.repositoryRoot().resolve("bin").resolve("strata-snapshotter");
    }

    public Path socket() {
        return socket;
    }

    public Path root() {
        return root;
    }

    /** Stops the daemon (SIGTERM, bounded wait, kill) and returns its exit code. */
    public int stop() {
        if (process == null) {
            throw new IllegalStateException("failed to stop snapshotter daemon: not running");
        }
        int exitCode = process.stop(STOP_GRACE);
        process = null;
        return exitCode;
    }

    /** The process id of the running daemon's JVM. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("failed to get the pid of snapshotter daemon: not running");
        }
        return process.pid();
    }

    /** Kills the daemon with SIGKILL, as a crash would, and starts it again on the same root and socket. */
    public void crashAndRestart() {
        if (process == null) {
            throw new IllegalStateException("failed to kill snapshotter daemon: not running");
        }
        process.kill(STOP_GRACE);
        process = null;
        launch();
    }

    /** Stops the daemon and starts it again on the same root and socket; returns the stopped run's exit code. */
    public int restart() {
        int exitCode = stop();
        launch();
        return exitCode;
    }

    @Override
    public void close() {
        Cleanup.runAll("snapshotter daemon at " + socket,
                () -> {
                    if (process != null) {
                        process.close();
                    }
                },
                scratch::close);
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(executable().toString(),
                "--root", root.toString(), "--address", socket.toString()));
        command.addAll(options);
        process = ManagedProcess.start("snapshotter daemon", command, Modules.repositoryRoot(),
                TestLogs.newFile("snapshotter"));
        process.awaitUnixSocket(socket, START_TIMEOUT);
    }
}
