package dev.strata.tests.build.image;

import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.Mount;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An overlay snapshotter on a scratch directory, with helpers that mount a snapshot for a body and always unmount. */
public final class SnapshotBench implements AutoCloseable {
    private final ScratchDirectory scratch;
    private final OverlaySnapshotter snapshotter;
    private final Mounter mounter = new Mounter();

    private SnapshotBench(ScratchDirectory scratch) {
        this.scratch = scratch;
        this.snapshotter = OverlaySnapshotter.open(scratch.resolve("snapshots"));
    }

    public static SnapshotBench create(String prefix) {
        return new SnapshotBench(ScratchDirectory.create(prefix));
    }

    public ScratchDirectory scratch() {
        return scratch;
    }

    public OverlaySnapshotter snapshotter() {
        return snapshotter;
    }

    public Mounter mounter() {
        return mounter;
    }

    public interface MountBody {
        void run(Path root) throws IOException;
    }

    /** Prepares active snapshot {@code key} on {@code parent}, mounts it for {@code body}; the snapshot stays active. */
    public void change(String key, String parent, MountBody body) throws IOException {
        mounted(snapshotter.prepare(key, parent, Map.of()), body);
    }

    /** Mounts a read-only view of committed {@code parent} for {@code body}, then removes the view. */
    public void withView(String parent, MountBody body) throws IOException {
        String view = "view-" + UUID.randomUUID();
        try {
            mounted(snapshotter.view(view, parent, Map.of()), body);
        } finally {
            snapshotter.remove(view);
        }
    }

    private void mounted(List<Mount> mounts, MountBody body) throws IOException {
        Path target = scratch.directory("mnt-" + UUID.randomUUID());
        try {
            mounter.mount(mounts, target);
            body.run(target);
        } finally {
            mounter.unmount(target);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            snapshotter.close();
        } finally {
            scratch.close();
        }
    }
}
