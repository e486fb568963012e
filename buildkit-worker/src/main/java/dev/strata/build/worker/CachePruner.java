package dev.strata.build.worker;

import dev.strata.build.ops.snapshot.DiffOp;
import dev.strata.build.solver.CacheIndex;
import dev.strata.snapshots.NotImplementedException;
import dev.strata.snapshots.Snapshotter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes the cached results: the cache index's entries and their snapshots, children before parents.
 * A snapshot that something outside the cache builds on (an active snapshot, another user's commit)
 * stays, and so does every entry that needs it. Images are not touched. Entries go first, so a crash
 * halfway leaves snapshots the index no longer names, never an entry naming a removed snapshot.
 */
final class CachePruner {
  private final CacheIndex index;
  private final Snapshotter snapshotter;

  CachePruner(CacheIndex index, Snapshotter snapshotter) {
    this.index = index;
    this.snapshotter = snapshotter;
  }

  PruneReport prune() {
    Map<String, List<String>> children = children();
    Map<String, List<String>> entries = index.entries();
    Set<String> removable = removable(entries, children);
    for (Map.Entry<String, List<String>> entry : entries.entrySet()) {
      if (entry.getValue().stream().allMatch(s -> removable.contains(s) || !children.containsKey(s))) {
        index.remove(entry.getKey());
      }
    }
    long bytes = 0;
    int count = 0;
    for (String snapshot : childrenFirst(removable, children)) {
      bytes += snapshotter.usage(snapshot).size();
      snapshotter.remove(snapshot);
      count++;
    }
    try {
      snapshotter.cleanup();
    } catch (NotImplementedException e) {
      // a remote snapshotter without Cleanup frees the space itself
    }
    return new PruneReport(count, bytes, 0, 0);
  }

  /** Every existing snapshot's children; a snapshot with none maps to an empty list. */
  private Map<String, List<String>> children() {
    Map<String, List<String>> children = new HashMap<>();
    snapshotter.walk(List.of(), info -> {
      children.computeIfAbsent(info.name(), k -> new ArrayList<>());
      if (info.hasParent()) {
        children.computeIfAbsent(info.parent(), k -> new ArrayList<>()).add(info.name());
      }
    });
    return children;
  }

  /**
   * The indexed snapshots that exist, with the helpers they own (see {@link DiffOp#helperOf}), on which
   * nothing outside this set builds.
   */
  private Set<String> removable(Map<String, List<String>> entries, Map<String, List<String>> children) {
    Set<String> removable = new HashSet<>();
    entries.values().forEach(snapshots -> snapshots.stream().filter(children::containsKey).forEach(snapshot -> {
      removable.add(snapshot);
      DiffOp.helperOf(snapshotter, snapshot).filter(children::containsKey).ifPresent(removable::add);
    }));
    boolean changed = true;
    while (changed) {
      changed = removable.removeIf(s -> !removable.containsAll(children.get(s)));
    }
    return removable;
  }

  private static List<String> childrenFirst(Set<String> removable, Map<String, List<String>> children) {
    List<String> order = new ArrayList<>();
    Set<String> left = new HashSet<>(removable);
    while (!left.isEmpty()) {
      List<String> leaves = left.stream().filter(s -> children.get(s).stream().noneMatch(left::contains)).toList();
      order.addAll(leaves);
      leaves.forEach(left::remove);
    }
    return order;
  }
}
