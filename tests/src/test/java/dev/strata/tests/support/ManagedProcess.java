package dev.strata.tests.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * A long-running daemon started by a test, its output appended to a log file. Stopping sends
 * SIGTERM to the whole process tree (a launcher script may not exec its JVM), waits a bounded
 * time, then kills whatever is left.
 */
public final class ManagedProcess implements AutoCloseable {

    /**
     * How far a file's timestamps may lag the clock: the kernel stamps files from a clock that advances
     * once per tick (at most 10 ms), so a file made just after {@link Instant#now()} may read as older.
     */
    private static final Duration FILE_CLOCK_LAG = Duration.ofMillis(20);

    private final String name;
    private final Process process;
    private final Path log;
    private final Instant started;

    private ManagedProcess(String name, Process process, Path log, Instant started) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.started = started;
    }

    public static ManagedProcess start(String name, List<String> command, Path workingDirectory, Path log) {
        try {
            Instant started = Instant.now();
            Process process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ManagedProcess(name, process, log, started);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits until a socket made at {@code socket} since this process started accepts connections; fails
     * early if the process exits. A socket file from before the start is never taken for readiness, even
     * if it accepts: it may belong to a predecessor that is still dying (its listener lives until its
     * last thread has exited), and a client that connects after that would be refused.
     */
    public void awaitUnixSocket(Path socket, Duration timeout) {
        Polling.await(name + " listening on " + socket, timeout, () -> {
            if (madeSinceStart(socket) && accepts(socket)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("failed to start " + name + ": exited with code "
                        + process.exitValue() + " before listening on " + socket + "\n" + logTail());
            }
            return false;
        }, this::logTail);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail() {
        return "--- last lines of " + log + " ---\n" + TestLogs.tail(log, 40);
    }

    /** SIGTERM to the tree, bounded wait, then SIGKILL. Returns the exit code of the main process. */
    public int stop(Duration grace) {
        Processes.terminate(tree(), grace);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("failed to stop " + name + ": interrupted", e);
        }
    }

    /**
     * SIGKILL to the tree, as a crash would end it; returns once the kernel has finished the processes,
     * and throws if they still run after {@code timeout} (a thread stuck in a disk sync, say).
     */
    public void kill(Duration timeout) {
        if (!Processes.kill(tree(), timeout)) {
            throw new IllegalStateException("failed to kill " + name + ": still running " + timeout.toSeconds()
                    + " s after SIGKILL");
        }
    }

    /** The process id of the running daemon: the launcher's, which execs its JVM. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }

    /** The process first, then its descendants, listed now: signals reach the parent before it can see a child die. */
    private List<ProcessHandle> tree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    /** The file's status change time (set when it is made and when it is renamed into place) is from after the start. */
    private boolean madeSinceStart(Path socket) {
        try {
            FileTime changed = (FileTime) Files.getAttribute(socket, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            return !changed.toInstant().isBefore(started.minus(FILE_CLOCK_LAG));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
