package dev.strata.build.ops;

import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What an executing op may use.
 *
 * @param snapshotter where inputs live and outputs go
 * @param mounter mounts snapshots for ops that change files from the worker itself
 * @param mountRoot a directory for the op's mount points, owned by the worker
 * @param log receives the op's log lines, for progress output
 * @param session the build's locals, secrets and entitlements
 */
public record OpContext(
    Snapshotter snapshotter, Mounter mounter, Path mountRoot, Consumer<String> log, Session session) {

  public OpContext {
    Objects.requireNonNull(snapshotter, "snapshotter");
    Objects.requireNonNull(mounter, "mounter");
    Objects.requireNonNull(mountRoot, "mountRoot");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(session, "session");
  }

  /** A fresh snapshot key or name no other op uses. */
  public String newSnapshotKey(String purpose) {
    return "strata-build/" + purpose + "/" + UUID.randomUUID();
  }
}
