package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.MediaTypes;
import dev.strata.build.image.OciIndex;
import dev.strata.build.image.OciJson;
import dev.strata.build.image.OciManifest;
import dev.strata.build.image.Platform;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * An {@code oci-layout://} source: copies the pinned manifest (or index, then this platform's
 * manifest), the config and the layers from the session's layout directory into the content store,
 * each verified against its digest, and unpacks the image.
 */
final class OciLayoutSourceOp implements DefinitionKeyedOp {
  static final String CACHE_TYPE = "strata.source.oci-layout.v0";

  private final ContentStore content;
  private final OciLayoutReference reference;
  private final Platform platform;
  private final String identifier;

  OciLayoutSourceOp(ContentStore content, OciLayoutReference reference, Platform platform, String identifier) {
    this.content = content;
    this.reference = reference;
    this.platform = platform;
    this.identifier = identifier;
  }

  /** The pinned digest and, since it may name an index, the platform; not the store's name. */
  @Override
  public String cacheKey(List<String> inputKeys) {
    String key = reference.digest() + " " + SourcePlatforms.format(platform);
    return CacheKeys.of(CACHE_TYPE, key.getBytes(StandardCharsets.UTF_8), inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws IOException {
    Path layout = context.session().ociLayouts().get(reference.store());
    if (layout == null) {
      throw new SourceNotFoundException("failed to read " + identifier + ": the session has no OCI layout store "
          + reference.store() + " (--oci-layout " + reference.store() + "=DIR)");
    }
    copy(layout, reference.digest());
    Descriptor top = ManifestBlobs.describe(content, reference.digest());
    Descriptor manifest = top;
    if (MediaTypes.isIndex(top.mediaType())) {
      manifest = OciJson.read(content.read(top.digest()), OciIndex.class).select(platform)
          .orElseThrow(() -> new SourceNotFoundException("failed to read " + identifier + ": no manifest for "
              + SourcePlatforms.format(platform)));
      copy(layout, manifest.digest());
    }
    OciManifest image = OciJson.read(content.read(manifest.digest()), OciManifest.class);
    copy(layout, image.config().digest());
    for (Descriptor layer : image.layers()) {
      copy(layout, layer.digest());
    }
    return List.of(ImageSnapshots.unpack(content, context.snapshotter(), new ImageResolver(content, platform).resolve(top)));
  }

  private void copy(Path layout, Digest digest) throws IOException {
    if (content.contains(digest)) {
      return;
    }
    Path blob = layout.resolve("blobs").resolve("sha256").resolve(digest.hex());
    try (InputStream in = Files.newInputStream(blob)) {
      content.write(in, digest);
    } catch (NoSuchFileException e) {
      throw new SourceNotFoundException("failed to read " + identifier + ": blob " + digest + " is not in " + layout);
    }
  }
}
