package dev.strata.tests.build.image;

import dev.strata.tests.support.ManagedProcess;
import dev.strata.tests.support.Modules;
import dev.strata.tests.support.Polling;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * Debian's docker-registry on 127.0.0.1 and a free port, serving a copy of the shared sample
 * registry data that holds library/busybox:test: shared/llb-samples/registry-data in the
 * repository root's parent, or in the nearest directory above it (a worktree). Stopped on close.
 */
public final class LocalRegistry implements AutoCloseable {
    private static final Path SAMPLE_DATA = Path.of("shared", "llb-samples", "registry-data");
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final ManagedProcess process;
    private final String host;

    private LocalRegistry(ManagedProcess process, String host) {
        this.process = process;
        this.host = host;
    }

    /** Starts the registry with its storage, config and log in {@code directory}. */
    public static LocalRegistry start(Path directory) throws IOException {
        Path sampleData = sampleData();
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("failed to start registry: " + BINARY + " missing (tests/bin/install-deps installs docker-registry)");
        }
        Path storage = directory.resolve("registry-data");
        copyTree(sampleData, storage);
        int port = freePort();
        Path config = Files.writeString(directory.resolve("registry.yml"), String.join("\n",
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
        ManagedProcess process = ManagedProcess.start("docker-registry", List.of(BINARY.toString(), "serve", config.toString()),
                directory, directory.resolve("registry.log"));
        LocalRegistry registry = new LocalRegistry(process, "127.0.0.1:" + port);
        try {
            Polling.await("docker-registry on port " + port, Duration.ofSeconds(30), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("failed to start docker-registry: it exited\n" + process.logTail());
                }
                return accepts(port);
            }, process::logTail);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** host:port, the registry part of image references. */
    public String host() {
        return host;
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path sampleData() {
        for (Path above = Modules.repositoryRoot().getParent(); above != null; above = above.getParent()) {
            if (Files.isDirectory(above.resolve(SAMPLE_DATA))) {
                return above.resolve(SAMPLE_DATA);
            }
        }
        throw new IllegalStateException("failed to start registry: no " + SAMPLE_DATA + " beside "
                + Modules.repositoryRoot() + " or above it");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
