package dev.strata.tests.support;

import dev.strata.overlay.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh directory under /tmp that is unmounted and deleted on close.
 *
 * <p>It lives directly under /tmp rather than java.io.tmpdir so that Unix sockets inside it stay
 * well below the 107-byte sun_path limit wherever the build runs.
 */
public final class ScratchDirectory implements AutoCloseable {

    private static final Path BASE = Path.of("/tmp");

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(BASE, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create scratch directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Creates (if needed) and returns a subdirectory. */
    public Path directory(String name) {
        try {
            return Files.createDirectories(path.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create directory " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Mounts.unmountAll(path);
        FileTrees.delete(path);
    }
}
