package dev.strata.build.worker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a worker keeps its state and which snapshotter it builds on.
 *
 * @param root the worker's state directory ({@code --root})
 * @param snapshotterAddress a snapshotter socket to use instead of the embedded overlay snapshotter
 * @param maxParallelism how many ops may execute at once
 */
public record WorkerConfig(Path root, Optional<Path> snapshotterAddress, int maxParallelism) {
  public static final Path DEFAULT_ROOT = Path.of("/var/lib/strata-build");

  public WorkerConfig {
    root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    snapshotterAddress = Objects.requireNonNull(snapshotterAddress, "snapshotterAddress").map(p -> p.toAbsolutePath().normalize());
    if (maxParallelism < 1) {
      throw new IllegalArgumentException("failed to configure worker: max parallelism must be at least 1, got " + maxParallelism);
    }
  }

  /** Whether {@code other} works on the same root and snapshotter (parallelism aside). */
  public boolean sameWorkerAs(WorkerConfig other) {
    return root.equals(other.root) && snapshotterAddress.equals(other.snapshotterAddress);
  }

  /** The worker's root and snapshotter, for messages. */
  public String describe() {
    return "root " + root + " on snapshotter " + snapshotterAddress.map(Path::toString).orElse("(embedded)");
  }

  public static int defaultParallelism() {
    return Runtime.getRuntime().availableProcessors();
  }
}
