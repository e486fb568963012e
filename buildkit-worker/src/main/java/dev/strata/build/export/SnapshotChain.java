package dev.strata.build.export;

import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Snapshotter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The committed snapshots from the filesystem's root up to a result, each the layer its parent gains. */
final class SnapshotChain {
    private SnapshotChain() {
    }

    /** Bottom first; empty for scratch. */
    static List<Info> of(Snapshotter snapshots, CommittedSnapshot result) {
        List<Info> chain = new ArrayList<>();
        String name = result.name();
        while (!name.isEmpty()) {
            Info info = snapshots.stat(name);
            chain.add(info);
            name = info.parent();
        }
        Collections.reverse(chain);
        return chain;
    }
}
