package dev.strata.tests.overlay;

import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.testing.SnapshotterContract;
import java.nio.file.Path;

/** The shared Snapshotter contract, against the overlay driver on a real filesystem. */
class OverlaySnapshotterContractIntegrationTest extends SnapshotterContract {
    @Override
    protected Snapshotter newSnapshotter(Path root) {
        return OverlaySnapshotter.open(root);
    }
}
