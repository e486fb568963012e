package dev.strata.build.ops.snapshot;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Digest;
import dev.strata.build.layer.Compression;
import dev.strata.build.layer.DiffOptions;
import dev.strata.build.layer.LayerApplier;
import dev.strata.build.layer.LayerDiffer;
import dev.strata.build.layer.SnapshotDiffer;
import dev.strata.build.layer.SnapshotDirectories;
import dev.strata.build.ops.OpContext;
import dev.strata.overlay.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays committed snapshots' own layers onto an active snapshot. Each layer passes through a
 * private content store under the op's mount root, deleted on close, so that the worker's content
 * store gets no blobs nobody asked for.
 */
final class LayerReplay implements AutoCloseable {
  private static final DiffOptions UNCOMPRESSED = DiffOptions.DEFAULT.withCompression(Compression.NONE);

  private final Path root;
  private final ContentStore layers;
  private final SnapshotDiffer differ;
  private final LayerApplier applier;

  private LayerReplay(Path root, ContentStore layers, SnapshotDiffer differ, LayerApplier applier) {
    this.root = root;
    this.layers = layers;
    this.differ = differ;
    this.applier = applier;
  }

  /** @param applier how layers are written, deletions marked or not */
  static LayerReplay open(OpContext context, LayerApplier applier) throws IOException {
    Files.createDirectories(context.mountRoot());
    Path root = Files.createTempDirectory(context.mountRoot(), "layers-");
    ContentStore layers = ContentStore.open(root);
    return new LayerReplay(root, layers, new SnapshotDiffer(context.snapshotter(), new LayerDiffer(layers)), applier);
  }

  /** Applies the layer of each snapshot of {@code chain} (bottom first) onto {@code target}, in order. */
  void apply(List<String> chain, SnapshotDirectories target) throws IOException {
    for (String name : chain) {
      Digest layer = differ.diff(name, UNCOMPRESSED).descriptor().digest();
      try (InputStream tar = layers.open(layer)) {
        applier.apply(target, tar);
      }
      layers.remove(layer);
    }
  }

  @Override
  public void close() {
    FileTrees.delete(root);
  }
}
