package dev.strata.overlay;

import dev.strata.snapshots.Kind;
import java.util.List;

/**
 * What the mounts of an active or view snapshot are computed from, like containerd's storage.Snapshot.
 *
 * @param id        the snapshot's directory id
 * @param kind      active or view
 * @param parentIds the ids of its parent chain, nearest parent first
 */
record SnapshotLayers(long id, Kind kind, List<Long> parentIds) {
    SnapshotLayers {
        parentIds = List.copyOf(parentIds);
    }
}
