package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ResolvedImage;
import dev.strata.build.layer.ImageUnpacker;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.snapshots.Snapshotter;

/** An image's filesystem as a committed snapshot: its top chain-ID snapshot, or scratch with no layers. */
final class ImageSnapshots {
  private ImageSnapshots() {}

  static CommittedSnapshot unpack(ContentStore content, Snapshotter snapshotter, ResolvedImage image) {
    if (image.manifest().layers().isEmpty()) {
      return CommittedSnapshot.SCRATCH;
    }
    return new CommittedSnapshot(new ImageUnpacker(content, snapshotter).unpack(image).toString());
  }
}
