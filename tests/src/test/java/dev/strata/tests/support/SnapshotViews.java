package dev.strata.tests.support;

import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Looks into committed snapshots through read-only views that are removed whatever happens. */
public final class SnapshotViews {

    /** What to do with the mounted view's root. */
    public interface Body {
        void run(Path root) throws IOException;
    }

    private SnapshotViews() {
    }

    /** Mounts a view of the committed snapshot {@code name} on {@code target}, runs {@code body}, unmounts and removes the view. */
    public static void inspect(Snapshotter snapshotter, Mounter mounter, String name, Path target, Body body)
            throws IOException {
        String key = "inspect-" + name;
        Files.createDirectories(target);
        try {
            mounter.mount(snapshotter.view(key, name, Map.of()), target);
            body.run(target);
        } finally {
            mounter.unmount(target);
            snapshotter.remove(key);
        }
    }
}
