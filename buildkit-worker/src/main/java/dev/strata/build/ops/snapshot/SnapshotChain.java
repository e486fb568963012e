package dev.strata.build.ops.snapshot;

import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.snapshots.Snapshotter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The committed snapshots a snapshot is made of: itself and its parents, by name. */
final class SnapshotChain {
  private SnapshotChain() {}

  /** {@code top} and its parents, bottom first; empty for scratch. */
  static List<String> of(Snapshotter snapshotter, CommittedSnapshot top) {
    List<String> chain = new ArrayList<>();
    for (String name = top.name(); !name.isEmpty(); name = snapshotter.stat(name).parent()) {
      chain.add(name);
    }
    Collections.reverse(chain);
    return chain;
  }

  /**
   * The part of {@code upper}'s chain above {@code lower}, bottom first: all of it when {@code lower}
   * is scratch, nothing when they are the same; empty when {@code lower} is not in {@code upper}'s chain.
   */
  static Optional<List<String>> above(Snapshotter snapshotter, CommittedSnapshot lower, CommittedSnapshot upper) {
    List<String> chain = of(snapshotter, upper);
    if (lower.isScratch()) {
      return Optional.of(chain);
    }
    int position = chain.lastIndexOf(lower.name());
    return position < 0 ? Optional.empty() : Optional.of(chain.subList(position + 1, chain.size()));
  }
}
