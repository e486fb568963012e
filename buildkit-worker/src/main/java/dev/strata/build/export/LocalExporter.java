package dev.strata.build.export;

import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.file.TreeCopier;
import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code type=local}: copies the result's tree into a directory (created if missing, merged into if
 * not) with owners, modes, times, symlinks and hard links, from a read-only view mounted for the copy.
 */
final class LocalExporter {
    private final Snapshotter snapshots;
    private final Mounter mounter;
    private final Path mountRoot;

    LocalExporter(Snapshotter snapshots, Mounter mounter, Path mountRoot) {
        this.snapshots = snapshots;
        this.mounter = mounter;
        this.mountRoot = mountRoot;
    }

    void export(CommittedSnapshot result, Path destination) throws IOException {
        Files.createDirectories(destination);
        if (result.isScratch()) {
            return;
        }
        Files.createDirectories(mountRoot);
        Path mountPoint = Files.createTempDirectory(mountRoot, "export-");
        String view = "strata-build/export/" + UUID.randomUUID();
        try {
            List<Mount> mounts = snapshots.view(view, result.name(), Map.of());
            try {
                mounter.mount(mounts, mountPoint);
                try {
                    TreeCopier.copyTreeContents(mountPoint, destination);
                } finally {
                    mounter.unmount(mountPoint);
                }
            } finally {
                snapshots.remove(view);
            }
        } finally {
            Files.deleteIfExists(mountPoint);
        }
    }
}
