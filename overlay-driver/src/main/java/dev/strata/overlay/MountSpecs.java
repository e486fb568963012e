package dev.strata.overlay;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import java.util.ArrayList;
import java.util.List;

/** The mounts of an active or view snapshot, computed from metadata alone as containerd's overlay does. */
record MountSpecs(StateDirectory state, KernelSupport kernel) {

    /**
     * Whether the mounts of a snapshot name its own directory: all but a view with a parent, whose mounts
     * are a read-only bind of its one parent or an overlay of its parents without upperdir and workdir.
     */
    static boolean usesOwnDirectory(Kind kind, String parent) {
        return kind != Kind.VIEW || parent.isEmpty();
    }

    List<Mount> of(SnapshotLayers layers) {
        if (layers.parentIds().isEmpty()) {
            String access = layers.kind() == Kind.VIEW ? "ro" : "rw";
            return List.of(Mount.of("bind", state.upper(layers.id()).toString(), List.of(access, "rbind")));
        }
        if (layers.kind() == Kind.VIEW && layers.parentIds().size() == 1) {
            return List.of(Mount.of("bind", state.upper(layers.parentIds().get(0)).toString(), List.of("ro", "rbind")));
        }
        List<String> options = new ArrayList<>();
        if (kernel.indexOff()) {
            options.add("index=off");
        }
        if (kernel.userxattr()) {
            options.add("userxattr");
        }
        if (layers.kind() == Kind.ACTIVE) {
            options.add("workdir=" + state.work(layers.id()));
            options.add("upperdir=" + state.upper(layers.id()));
        }
        List<String> lowerdirs = new ArrayList<>();
        for (long parentId : layers.parentIds()) {
            lowerdirs.add(state.upper(parentId).toString());
        }
        options.add("lowerdir=" + String.join(":", lowerdirs));
        return List.of(Mount.of("overlay", "overlay", options));
    }
}
