package dev.strata.build.ops.snapshot;

import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Snapshotter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layers a committed snapshot is made of: itself and its parents, by name, bottom first, each diff
 * result replaced by the layers of its upper side above its lower side (recorded in its labels).
 */
final class SnapshotChain {
  static final String DIFF_LOWER = "strata.build/diff.lower";
  static final String DIFF_UPPER = "strata.build/diff.upper";
  /** Set on a diff result whose upper side is a helper snapshot that only it uses. */
  static final String DIFF_UPPER_OWNED = "strata.build/diff.upper-owned";

  private SnapshotChain() {}

  /** The labels that let later merges replay a diff of {@code lower} and {@code upper} with its deletions. */
  static Map<String, String> diffLabels(CommittedSnapshot lower, CommittedSnapshot upper) {
    return Map.of(DIFF_LOWER, lower.name(), DIFF_UPPER, upper.name());
  }

  /** {@link #diffLabels}, and that the result owns {@code helper}. */
  static Map<String, String> ownedDiffLabels(CommittedSnapshot lower, CommittedSnapshot helper) {
    return Map.of(DIFF_LOWER, lower.name(), DIFF_UPPER, helper.name(), DIFF_UPPER_OWNED, "true");
  }

  /** The helper snapshot that a diff result with {@code labels} owns, if any. */
  static Optional<String> ownedDiffUpper(Map<String, String> labels) {
    return labels.containsKey(DIFF_UPPER_OWNED) ? Optional.of(labels.get(DIFF_UPPER)) : Optional.empty();
  }

  /** The layers of {@code top}, bottom first; none for scratch. */
  static List<String> layers(Snapshotter snapshotter, CommittedSnapshot top) {
    return expand(snapshotter, parents(snapshotter, top));
  }

  /**
   * The layers of {@code upper} above {@code lower}, bottom first: all of them when {@code lower} is
   * scratch, none when both are the same; empty when {@code lower} is not among {@code upper}'s parents.
   */
  static Optional<List<String>> layersAbove(Snapshotter snapshotter, CommittedSnapshot lower, CommittedSnapshot upper) {
    List<String> chain = parents(snapshotter, upper);
    if (lower.isScratch()) {
      return Optional.of(expand(snapshotter, chain));
    }
    int position = chain.lastIndexOf(lower.name());
    return position < 0
        ? Optional.empty()
        : Optional.of(expand(snapshotter, chain.subList(position + 1, chain.size())));
  }

  private static List<String> parents(Snapshotter snapshotter, CommittedSnapshot top) {
    List<String> chain = new ArrayList<>();
    for (String name = top.name(); !name.isEmpty(); name = snapshotter.stat(name).parent()) {
      chain.add(name);
    }
    Collections.reverse(chain);
    return chain;
  }

  private static List<String> expand(Snapshotter snapshotter, List<String> chain) {
    List<String> layers = new ArrayList<>();
    for (String name : chain) {
      layers.addAll(diffSides(snapshotter, name).orElse(List.of(name)));
    }
    return layers;
  }

  /** A diff result's layers, from its sides; empty for any other snapshot, or when a side is gone. */
  private static Optional<List<String>> diffSides(Snapshotter snapshotter, String name) {
    Map<String, String> labels = snapshotter.stat(name).labels();
    if (!labels.containsKey(DIFF_UPPER)) {
      return Optional.empty();
    }
    try {
      return layersAbove(snapshotter, new CommittedSnapshot(labels.getOrDefault(DIFF_LOWER, "")),
          new CommittedSnapshot(labels.get(DIFF_UPPER)));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
