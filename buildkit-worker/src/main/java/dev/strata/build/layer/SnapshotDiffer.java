package dev.strata.build.layer;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * The layer a snapshot adds to its parent: an active snapshot's upper directory, or for a
 * committed one, its own directory found through a short-lived view.
 */
public final class SnapshotDiffer {
    private final Snapshotter snapshots;
    private final LayerDiffer differ;

    public SnapshotDiffer(Snapshotter snapshots, LayerDiffer differ) {
        this.snapshots = snapshots;
        this.differ = differ;
    }

    /** Writes the diff of snapshot {@code key} (active, or committed by that name) against its parent. */
    public LayerBlob diff(String key, DiffOptions options) throws IOException {
        Info info = snapshots.stat(key);
        if (info.kind() == Kind.ACTIVE) {
            return differ.write(SnapshotDirectories.ofActive(snapshots.mounts(key)).upper(), options);
        }
        String view = "diff-" + UUID.randomUUID() + " " + key;
        try {
            return differ.write(SnapshotDirectories.ofView(snapshots.view(view, key, Map.of())).upper(), options);
        } finally {
            snapshots.remove(view);
        }
    }
}
