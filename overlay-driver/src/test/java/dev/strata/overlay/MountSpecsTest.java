package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MountSpecsTest {
    private static final StateDirectory STATE = new StateDirectory(Path.of("/r"));
    private static final MountSpecs PLAIN = new MountSpecs(STATE, new KernelSupport(false, false));
    private static final MountSpecs INDEXED = new MountSpecs(STATE, new KernelSupport(true, true));

    @Test
    void parentlessSnapshotsAreBinds() {
        assertEquals(List.of(Mount.of("bind", "/r/snapshots/1/fs", List.of("rw", "rbind"))),
                PLAIN.of(new SnapshotLayers(1, Kind.ACTIVE, List.of())));
        assertEquals(List.of(Mount.of("bind", "/r/snapshots/1/fs", List.of("ro", "rbind"))),
                PLAIN.of(new SnapshotLayers(1, Kind.VIEW, List.of())));
    }

    @Test
    void viewOfOneParentBindsTheParentReadOnly() {
        assertEquals(List.of(Mount.of("bind", "/r/snapshots/3/fs", List.of("ro", "rbind"))),
                INDEXED.of(new SnapshotLayers(5, Kind.VIEW, List.of(3L))));
    }

    @Test
    void activeWithParentsIsAnOverlayWithLowerdirsTopmostFirst() {
        assertEquals(List.of(Mount.of("overlay", "overlay", List.of("index=off", "userxattr",
                        "workdir=/r/snapshots/7/work", "upperdir=/r/snapshots/7/fs", "lowerdir=/r/snapshots/4/fs:/r/snapshots/2/fs"))),
                INDEXED.of(new SnapshotLayers(7, Kind.ACTIVE, List.of(4L, 2L))));
    }

    @Test
    void viewOfSeveralParentsIsAnOverlayOfLowerdirsOnly() {
        assertEquals(List.of(Mount.of("overlay", "overlay", List.of("lowerdir=/r/snapshots/4/fs:/r/snapshots/2/fs"))),
                PLAIN.of(new SnapshotLayers(8, Kind.VIEW, List.of(4L, 2L))));
    }

    @Test
    void onlyViewsWithAParentLeaveTheirOwnDirectoryUnnamed() {
        for (Kind kind : List.of(Kind.ACTIVE, Kind.VIEW)) {
            for (List<Long> parentIds : List.of(List.<Long>of(), List.of(4L), List.of(4L, 2L))) {
                String parent = parentIds.isEmpty() ? "" : "parent";
                boolean named = INDEXED.of(new SnapshotLayers(9, kind, parentIds)).stream()
                        .flatMap(mount -> Stream.concat(Stream.of(mount.source()), mount.options().stream()))
                        .anyMatch(text -> text.contains("/r/snapshots/9/"));
                assertEquals(named, MountSpecs.usesOwnDirectory(kind, parent), kind + " with parents " + parentIds);
            }
        }
    }
}
