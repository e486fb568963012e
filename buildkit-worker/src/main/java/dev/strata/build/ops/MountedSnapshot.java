package dev.strata.build.ops;

import dev.strata.build.layer.SnapshotDirectories;
import dev.strata.snapshots.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An active or view snapshot on a committed parent, mounted on a fresh directory. Its one owner either
 * commits it, which hands the result to the caller as a {@link CommittedSnapshot}, or closes it, which
 * unmounts and removes it.
 */
public final class MountedSnapshot implements AutoCloseable {
  private final OpContext context;
  private final String key;
  private final Path dir;
  private boolean writable;
  private List<Mount> mounts;
  private boolean mounted;
  private boolean exists;

  private MountedSnapshot(OpContext context, String key, Path dir) {
    this.context = context;
    this.key = key;
    this.dir = dir;
  }

  /** Prepares a writable snapshot on {@code parent} and mounts it. */
  public static MountedSnapshot writable(OpContext context, CommittedSnapshot parent) throws IOException {
    return open(context, parent, true);
  }

  /** Makes a read-only view of {@code parent} and mounts it. */
  public static MountedSnapshot readOnly(OpContext context, CommittedSnapshot parent) throws IOException {
    return open(context, parent, false);
  }

  private static MountedSnapshot open(OpContext context, CommittedSnapshot parent, boolean writable)
      throws IOException {
    String key = context.newSnapshotKey(writable ? "active" : "view");
    Files.createDirectories(context.mountRoot());
    MountedSnapshot snapshot =
        new MountedSnapshot(context, key, Files.createTempDirectory(context.mountRoot(), "mnt-"));
    try {
      List<Mount> mounts =
          writable
              ? context.snapshotter().prepare(key, parent.name(), Map.of())
              : context.snapshotter().view(key, parent.name(), Map.of());
      snapshot.exists = true;
      snapshot.writable = writable;
      snapshot.mounts = mounts;
      context.mounter().mount(mounts, snapshot.dir);
      snapshot.mounted = true;
      return snapshot;
    } catch (IOException | RuntimeException e) {
      snapshot.closeAfter(e);
      throw e;
    }
  }

  /** The mounted filesystem's root. */
  public Path dir() {
    return dir;
  }

  /** The directories behind the mount: a writable snapshot's own in {@code upper}, the layers below in {@code lowers}. */
  public SnapshotDirectories directories() {
    return writable ? SnapshotDirectories.ofActive(mounts) : SnapshotDirectories.ofView(mounts);
  }

  /** Unmounts and commits the snapshot under a fresh name; the caller owns the result. */
  public CommittedSnapshot commit() throws IOException {
    unmount();
    String name = context.newSnapshotKey("committed");
    context.snapshotter().commit(name, key, Map.of());
    exists = false;
    Files.deleteIfExists(dir);
    return new CommittedSnapshot(name);
  }

  private void unmount() throws IOException {
    if (mounted) {
      context.mounter().unmount(dir);
      mounted = false;
    }
  }

  private void closeAfter(Exception failure) {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Unmounts and removes the snapshot unless it was committed. */
  @Override
  public void close() throws IOException {
    unmount();
    if (exists) {
      context.snapshotter().remove(key);
      exists = false;
    }
    Files.deleteIfExists(dir);
  }
}
