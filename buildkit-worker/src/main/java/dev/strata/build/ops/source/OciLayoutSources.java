package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Platform;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.SourceOp;
import dev.strata.build.ops.OpFactory;
import java.util.Objects;

/**
 * Makes the ops of {@code oci-layout://NAME@DIGEST} sources, which read an OCI image layout directory
 * the client names for the build ({@code --oci-layout NAME=DIR}, {@link
 * dev.strata.build.ops.Session#ociLayouts()}). The digest pin is the cache key, so nothing is read
 * before the op runs. Like image sources, the result is the image's chain-ID snapshot.
 */
public final class OciLayoutSources {
  private final ContentStore content;
  private final Platform platform;

  /** @param platform the worker's platform, for sources that name none */
  public OciLayoutSources(ContentStore content, Platform platform) {
    this.content = Objects.requireNonNull(content, "content");
    this.platform = Objects.requireNonNull(platform, "platform");
  }

  public OpFactory factory() {
    return this::create;
  }

  private OciLayoutSourceOp create(Vertex vertex) {
    SourceOp source = vertex.op().getSource();
    return new OciLayoutSourceOp(
        content,
        OciLayoutReference.parse(source.getIdentifier(), source.getAttrsMap()),
        SourcePlatforms.of(vertex.op(), platform),
        source.getIdentifier());
  }
}
