package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ResolvedImage;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.Op;
import dev.strata.build.ops.OpContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A {@code docker-image://} source resolved to one platform's manifest, whose blobs are all in the content store. */
final class ImageSourceOp implements Op {
  static final String CACHE_TYPE = "strata.source.image.v0";

  private final ContentStore content;
  private final ResolvedImage image;

  ImageSourceOp(ContentStore content, ResolvedImage image) {
    this.content = content;
    this.image = image;
  }

  /** The platform manifest's digest: the same image by any name or tag shares its results. */
  @Override
  public String cacheKey(List<String> inputKeys) {
    byte[] manifest = image.manifestDescriptor().digest().toString().getBytes(StandardCharsets.UTF_8);
    return CacheKeys.of(CACHE_TYPE, manifest, inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) {
    return List.of(ImageSnapshots.unpack(content, context.snapshotter(), image));
  }
}
