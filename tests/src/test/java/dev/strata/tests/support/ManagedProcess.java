package dev.strata.tests.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A long-running daemon started by a test, its output appended to a log file. Stopping sends
 * SIGTERM to the whole process tree (a launcher script may not exec its JVM), waits a bounded
 * time, then kills whatever is left.
 */
public final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ManagedProcess start(String name, List<String> command, Path workingDirectory, Path log) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ManagedProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    /** Waits until something accepts connections on {@code socket}; fails early if the process exits. */
    public void awaitUnixSocket(Path socket, Duration timeout) {
        Polling.await(name + " listening on " + socket, timeout, () -> {
            if (accepts(socket)) {
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

    /** SIGKILL to the tree, as a crash would end it; returns once the kernel has finished the processes. */
    public void kill(Duration timeout) {
        Processes.kill(tree(), timeout);
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

    private static boolean accepts(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
