package dev.strata.tests.support;

import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@link FileTreeListing} of a committed snapshot, read through a view that is unmounted and removed afterwards. */
public final class SnapshotListing {

    private SnapshotListing() {
    }

    /** Mounts a view of committed {@code name} on a fresh directory under {@code mountRoot} and lists it. */
    public static List<String> of(Snapshotter snapshotter, String name, Path mountRoot) throws IOException {
        String view = "listing-" + UUID.randomUUID();
        Mounter mounter = new Mounter();
        Path target = Files.createDirectories(mountRoot.resolve(view));
        try {
            mounter.mount(snapshotter.view(view, name, Map.of()), target);
            try {
                return FileTreeListing.of(target);
            } finally {
                mounter.unmount(target);
            }
        } finally {
            snapshotter.remove(view);
            Files.delete(target);
        }
    }
}
