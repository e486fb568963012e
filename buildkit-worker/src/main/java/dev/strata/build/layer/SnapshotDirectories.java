package dev.strata.build.layer;

import dev.strata.snapshots.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories behind a snapshot's mounts: {@code upper} holds this snapshot's own changes,
 * {@code lowers} its parents' directories, top first. Read from the mount specs, without mounting.
 */
public record SnapshotDirectories(Path upper, List<Path> lowers) {
    public SnapshotDirectories {
        lowers = List.copyOf(lowers);
    }

    /** For an active snapshot's mounts: a writable bind (no parent) or an overlay with an upperdir. */
    public static SnapshotDirectories ofActive(List<Mount> mounts) {
        Mount mount = single(mounts);
        if (mount.type().equals("bind")) {
            return new SnapshotDirectories(Path.of(mount.source()), List.of());
        }
        String upper = option(mount, "upperdir=");
        if (upper == null) {
            throw new IllegalArgumentException("failed to find snapshot directories: overlay mount has no upperdir: " + mount);
        }
        return new SnapshotDirectories(Path.of(upper), lowerdirs(mount));
    }

    /** For a view's mounts: the top read-only directory is the viewed snapshot's own. */
    public static SnapshotDirectories ofView(List<Mount> mounts) {
        Mount mount = single(mounts);
        if (mount.type().equals("bind")) {
            return new SnapshotDirectories(Path.of(mount.source()), List.of());
        }
        List<Path> lowers = lowerdirs(mount);
        return new SnapshotDirectories(lowers.get(0), lowers.subList(1, lowers.size()));
    }

    private static Mount single(List<Mount> mounts) {
        if (mounts.size() != 1 || !(mounts.get(0).type().equals("bind") || mounts.get(0).type().equals("overlay"))) {
            throw new IllegalArgumentException("failed to find snapshot directories: expected one bind or overlay mount, got " + mounts);
        }
        return mounts.get(0);
    }

    private static List<Path> lowerdirs(Mount mount) {
        String lower = option(mount, "lowerdir=");
        if (lower == null) {
            throw new IllegalArgumentException("failed to find snapshot directories: overlay mount has no lowerdir: " + mount);
        }
        List<Path> lowers = new ArrayList<>();
        for (String dir : lower.split(":")) {
            lowers.add(Path.of(dir));
        }
        return lowers;
    }

    private static String option(Mount mount, String prefix) {
        return mount.options().stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .findFirst().orElse(null);
    }
}
