package dev.strata.snapshots.testing;

import dev.strata.snapshots.Snapshotter;
import java.nio.file.Path;

class InMemorySnapshotterTest extends SnapshotterContract {
    @Override
    protected Snapshotter newSnapshotter(Path root) {
        return new InMemorySnapshotter();
    }
}
