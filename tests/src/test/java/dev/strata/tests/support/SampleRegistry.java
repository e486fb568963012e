package dev.strata.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * Debian's docker-registry on 127.0.0.1 serving a copy of the shared sample registry data, which
 * holds {@code library/busybox:test} (busybox-static, two layers). Stopped on close, its storage
 * left in the caller's directory.
 *
 * <p>The LLB samples pin their base image to 127.0.0.1:5000, so {@link #onSamplesPort} must use that
 * port; a machine-wide lock file makes concurrent test runs (other worktrees) take turns on it.
 */
public final class SampleRegistry implements AutoCloseable {
    /** The port the LLB samples' image references name. */
    public static final int SAMPLES_PORT = 5000;
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Path SAMPLES_PORT_LOCK = Path.of("/tmp/strata-sample-registry-5000.lock");
    private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

    private final ManagedProcess process;
    private final String host;
    private final FileLock portLock;

    private SampleRegistry(ManagedProcess process, String host, FileLock portLock) {
        this.process = process;
        this.host = host;
        this.portLock = portLock;
    }

    /** A registry on a free port, for tests that name the registry themselves. */
    public static SampleRegistry onFreePort(Path directory) {
        return start(directory, freePort(), null);
    }

    /** A registry on 127.0.0.1:5000, where the samples' definitions find their base image. */
    public static SampleRegistry onSamplesPort(Path directory) {
        FileLock lock = lockSamplesPort();
        try {
            if (accepts(SAMPLES_PORT)) {
                throw new IllegalStateException("failed to start registry: something else listens on 127.0.0.1:"
                        + SAMPLES_PORT + ", which the LLB samples need");
            }
            return start(directory, SAMPLES_PORT, lock);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /** host:port, the registry part of image references. */
    public String host() {
        return host;
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            release(portLock);
        }
    }

    private static SampleRegistry start(Path directory, int port, FileLock lock) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("failed to start registry: " + BINARY
                    + " missing (tests/bin/install-deps installs docker-registry)");
        }
        Path storage = directory.resolve("registry-data");
        Path config = directory.resolve("registry.yml");
        try {
            copyTree(SharedSamples.resolve("registry-data"), storage);
            Files.writeString(config, String.join("\n",
                    "version: 0.1",
                    "log:",
                    "  level: warn",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + storage,
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to prepare registry in " + directory + ": " + e.getMessage(), e);
        }
        ManagedProcess process = ManagedProcess.start("docker-registry", List.of(BINARY.toString(), "serve", config.toString()),
                directory, directory.resolve("registry.log"));
        SampleRegistry registry = new SampleRegistry(process, "127.0.0.1:" + port, lock);
        try {
            Polling.await("docker-registry on port " + port, Duration.ofSeconds(30), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("failed to start docker-registry: it exited\n" + process.logTail());
                }
                return accepts(port);
            }, process::logTail);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return registry;
    }

    private static FileLock lockSamplesPort() {
        try {
            FileChannel channel = FileChannel.open(SAMPLES_PORT_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock[] lock = new FileLock[1];
            try {
                Polling.await("the lock on 127.0.0.1:" + SAMPLES_PORT + " (" + SAMPLES_PORT_LOCK + ")", LOCK_WAIT, () -> {
                    try {
                        lock[0] = channel.tryLock();
                        return lock[0] != null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, () -> "another test run holds it");
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
            return lock[0];
        } catch (IOException e) {
            throw new UncheckedIOException("failed to lock " + SAMPLES_PORT_LOCK + ": " + e.getMessage(), e);
        }
    }

    private static void release(FileLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.channel().close();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to release " + SAMPLES_PORT_LOCK + ": " + e.getMessage(), e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to find a free port: " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
