package dev.strata.overlay;

import java.nio.file.Path;

/**
 * The snapshotter's state layout, containerd's: {@code <root>/metadata} (the LMDB environment) and
 * {@code <root>/snapshots/<id>/fs} and {@code .../work}. Directories are named by id, never by key.
 * {@code <root>/ready} holds directories for creates made ahead ({@link ReadyDirectories}), and
 * {@code <root>/lock} is held by the snapshotter that has the root open ({@link RootLock}).
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

    Path ready() {
        return root.resolve("ready");
    }

    Path lock() {
        return root.resolve("lock");
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
}
