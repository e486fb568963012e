package dev.strata.build.ops.snapshot;

import dev.strata.build.layer.SnapshotDirectories;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpContext;
import dev.strata.snapshots.Mount;
import java.util.List;
import java.util.Map;

/**
 * A prepared, unmounted snapshot that the worker fills through its directories. Its one owner either
 * commits it, which hands the result to the caller, or closes it, which removes it.
 */
public final class ActiveSnapshot implements AutoCloseable {
  private final OpContext context;
  private final String key;
  private final SnapshotDirectories directories;
  private boolean exists = true;

  private ActiveSnapshot(OpContext context, String key, SnapshotDirectories directories) {
    this.context = context;
    this.key = key;
    this.directories = directories;
  }

  /** Prepares an active snapshot on {@code parent} (scratch for none). */
  public static ActiveSnapshot prepare(OpContext context, CommittedSnapshot parent) {
    String key = context.newSnapshotKey("active");
    List<Mount> mounts = context.snapshotter().prepare(key, parent.name(), Map.of());
    try {
      return new ActiveSnapshot(context, key, SnapshotDirectories.ofActive(mounts));
    } catch (RuntimeException e) {
      try {
        context.snapshotter().remove(key);
      } catch (RuntimeException removal) {
        e.addSuppressed(removal);
      }
      throw e;
    }
  }

  /** The directory that holds this snapshot's own changes, and its parents' directories. */
  public SnapshotDirectories directories() {
    return directories;
  }

  /** Commits the snapshot under a fresh name; the caller owns the result. */
  public CommittedSnapshot commit() {
    return commit(Map.of());
  }

  /** Commits the snapshot under a fresh name with {@code labels}; the caller owns the result. */
  public CommittedSnapshot commit(Map<String, String> labels) {
    String name = context.newSnapshotKey("committed");
    context.snapshotter().commit(name, key, labels);
    exists = false;
    return new CommittedSnapshot(name);
  }

  /** Removes the snapshot unless it was committed. */
  @Override
  public void close() {
    if (exists) {
      exists = false;
      context.snapshotter().remove(key);
    }
  }
}
