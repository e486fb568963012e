package dev.strata.build.ops;

import dev.strata.snapshots.Snapshotter;
import java.util.List;
import java.util.Objects;

/**
 * A committed snapshot of the snapshotter, by name: an op's input or output. It is immutable; whoever
 * created it decides when it is removed (the solver's cache index, for every indexed result).
 *
 * @param name the committed snapshot's name, "" for the empty filesystem (scratch)
 */
public record CommittedSnapshot(String name) {

  public static final CommittedSnapshot SCRATCH = new CommittedSnapshot("");

  public CommittedSnapshot {
    Objects.requireNonNull(name, "name");
  }

  public boolean isScratch() {
    return name.isEmpty();
  }

  /** Removes {@code snapshots} after {@code failure}, which collects what goes wrong meanwhile. */
  public static void removeAfter(Exception failure, Snapshotter snapshotter, List<CommittedSnapshot> snapshots) {
    for (CommittedSnapshot snapshot : snapshots) {
      try {
        snapshotter.remove(snapshot.name());
      } catch (RuntimeException removal) {
        failure.addSuppressed(removal);
      }
    }
  }
}
