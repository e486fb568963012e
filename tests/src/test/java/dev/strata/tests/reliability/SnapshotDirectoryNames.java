package dev.strata.tests.reliability;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.Snapshotter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The name of each snapshot's directory under {@code snapshots/}, learnt where users learn where a
 * snapshot's files are: from the mounts that name them. An active snapshot's mounts name its own
 * directory and its parents', nearest first, and so do a view's (a view of a parent has no directory
 * of its own). A committed snapshot has no mounts: unless a child's named it, a view on it is
 * created for its and its parents' names, and removed.
 */
final class SnapshotDirectoryNames {
    private SnapshotDirectoryNames() {
    }

    /** Snapshot name to directory name, for every snapshot with a directory of its own. */
    static Map<String, String> of(Snapshotter snapshotter) {
        Map<String, Info> infos = new HashMap<>();
        snapshotter.walk(List.of(), info -> infos.put(info.name(), info));
        Map<String, String> names = new HashMap<>();
        for (Info info : infos.values()) {
            if (info.kind() != Kind.COMMITTED) {
                learn(names, infos, info, snapshotter.mounts(info.name()));
            }
        }
        // the deepest first: one view names a whole chain
        List<Info> committed = new ArrayList<>(infos.values().stream().filter(info -> info.kind() == Kind.COMMITTED).toList());
        committed.sort(Comparator.comparingInt((Info info) -> depth(infos, info)).reversed());
        for (Info info : committed) {
            if (!names.containsKey(info.name())) {
                String viewKey = "directory-of/" + info.name();
                List<Mount> mounts = snapshotter.view(viewKey, info.name(), Map.of());
                try {
                    learnChain(names, infos, info.name(), layers(mounts));
                } finally {
                    snapshotter.remove(viewKey);
                }
            }
        }
        return names;
    }

    private static void learn(Map<String, String> names, Map<String, Info> infos, Info info, List<Mount> mounts) {
        if (info.parent().isEmpty()) {
            names.put(info.name(), directoryName(SnapshotFiles.upperDirectory(mounts)));
            return;
        }
        if (info.kind() == Kind.ACTIVE) {
            names.put(info.name(), directoryName(SnapshotFiles.upperDirectory(mounts)));
        }
        learnChain(names, infos, info.parent(), layers(mounts));
    }

    /** The read-only layers that mounts of a snapshot with a parent name, nearest first. */
    private static List<Path> layers(List<Mount> mounts) {
        Mount mount = mounts.get(0);
        if (mount.type().equals("bind")) {
            return List.of(Path.of(mount.source()));
        }
        return Arrays.stream(SnapshotFiles.option(mount, "lowerdir=").get(0).split(":")).map(Path::of).toList();
    }

    private static void learnChain(Map<String, String> names, Map<String, Info> infos, String nearest, List<Path> layers) {
        String name = nearest;
        for (Path layer : layers) {
            names.put(name, directoryName(layer));
            name = infos.get(name).parent();
        }
    }

    private static int depth(Map<String, Info> infos, Info info) {
        int depth = 0;
        for (String parent = info.parent(); !parent.isEmpty(); parent = infos.get(parent).parent()) {
            depth++;
        }
        return depth;
    }

    /** {@code snapshots/<id>} of an upper directory {@code snapshots/<id>/fs}. */
    private static String directoryName(Path upper) {
        return upper.getParent().getFileName().toString();
    }
}
