package dev.strata.tests.build.sources;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.solver.Solver;
import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A worker on a scratch directory: an overlay snapshotter, a content store and image index, and a
 * solver whose ops the test picks. Everything is unmounted and deleted on close.
 */
final class SourceSolveBench implements AutoCloseable {
  private final ScratchDirectory scratch;
  private final OverlaySnapshotter snapshotter;
  private final ContentStore content;
  private final ImageIndex images;
  private final Solver solver;
  private final Mounter mounter = new Mounter();

  private SourceSolveBench(ScratchDirectory scratch, Function<SourceSolveBench, OpResolver> resolver) {
    this.scratch = scratch;
    this.snapshotter = OverlaySnapshotter.open(scratch.resolve("snapshots"));
    this.content = ContentStore.open(scratch.resolve("content"));
    this.images = ImageIndex.open(scratch.resolve("content"));
    this.solver = Solver.builder().snapshotter(snapshotter).resolver(resolver.apply(this))
        .root(scratch.resolve("worker")).maxParallelism(2).build();
  }

  /** @param resolver the ops to solve with, given the bench (its content store and image index) */
  static SourceSolveBench create(String prefix, Function<SourceSolveBench, OpResolver> resolver) {
    return new SourceSolveBench(ScratchDirectory.create(prefix), resolver);
  }

  ScratchDirectory scratch() {
    return scratch;
  }

  OverlaySnapshotter snapshotter() {
    return snapshotter;
  }

  ContentStore content() {
    return content;
  }

  ImageIndex images() {
    return images;
  }

  CommittedSnapshot solve(byte[] definition, Session session) {
    return solver.solve(LlbDefinition.parse(definition), session, event -> { });
  }

  interface TreeBody {
    void run(Path root) throws IOException;
  }

  /**
   * Mounts {@code snapshot} the way an exec's root sees it (an overlay on it, so whiteouts stay hidden)
   * for {@code body}, then unmounts and removes the mount's snapshot.
   */
  void withTree(CommittedSnapshot snapshot, TreeBody body) throws IOException {
    String key = "inspect-" + UUID.randomUUID();
    Path target = scratch.directory("mnt-" + UUID.randomUUID());
    try {
      mounter.mount(snapshotter.prepare(key, snapshot.name(), Map.of()), target);
      body.run(target);
    } finally {
      mounter.unmount(target);
      snapshotter.remove(key);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      solver.close();
      snapshotter.close();
    } finally {
      scratch.close();
    }
  }
}
