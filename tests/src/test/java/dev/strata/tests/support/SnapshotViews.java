package dev.strata.tests.support;

import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Looks into a committed snapshot through a temporary view. */
public final class SnapshotViews {
    /** What to do with the view's mounted root. */
    @FunctionalInterface
    public interface Body {
        void run(Path root) throws IOException;
    }

    private SnapshotViews() {
    }

    /** Mounts a view of {@code name} on the existing {@code target}, runs {@code body}, and removes the view whatever happens. */
    public static void inspect(Snapshotter snapshotter, Mounter mounter, String name, Path target, Body body) throws IOException {
        String key = "inspect-" + name;
        try {
            mounter.mount(snapshotter.view(key, name, Map.of()), target);
            body.run(target);
        } finally {
            mounter.unmount(target);
            snapshotter.remove(key);
        }
    }
}
