package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ResolvedImage;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@code docker-image://} source resolved to one platform's manifest, whose manifest and config are in
 * the content store; its layers are fetched, where missing, when it executes.
 */
final class ImageSourceOp implements DefinitionKeyedOp {
  static final String CACHE_TYPE = "strata.source.image.v0";

  private final ContentStore content;
  private final ResolvedImage image;
  private final Runnable fetchLayers;

  /** @param fetchLayers brings the layers the content store lacks */
  ImageSourceOp(ContentStore content, ResolvedImage image, Runnable fetchLayers) {
    this.content = content;
    this.image = image;
    this.fetchLayers = fetchLayers;
  }

  /** The platform manifest's digest: the same image by any name or tag shares its results. */
  @Override
  public String cacheKey(List<String> inputKeys) {
    byte[] manifest = image.manifestDescriptor().digest().toString().getBytes(StandardCharsets.UTF_8);
    return CacheKeys.of(CACHE_TYPE, manifest, inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) {
    fetchLayers.run();
    return List.of(ImageSnapshots.unpack(content, context.snapshotter(), image));
  }
}
