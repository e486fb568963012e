package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The snapshotter's state layout, containerd's: {@code <root>/metadata} (the LMDB environment) and
 * {@code <root>/snapshots/<id>/fs} and {@code .../work}. Directories are named by id, never by key.
 */
record StateDirectory(Path root) {
    StateDirectory {
        root = root.toAbsolutePath().normalize();
    }

    Path metadata() {
        return root.resolve("metadata");
    }

    Path snapshots() {
        return root.resolve("snapshots");
    }

    Path snapshot(long id) {
        return snapshots().resolve(Long.toString(id));
    }

    Path upper(long id) {
        return snapshot(id).resolve("fs");
    }

    Path work(long id) {
        return snapshot(id).resolve("work");
    }

    /** Deletes {@code path} and everything below it, without following symbolic links. */
    static void deleteTree(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to delete " + path + ": " + e.getMessage(), e);
        }
    }
}
