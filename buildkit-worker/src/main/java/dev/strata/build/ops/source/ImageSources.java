package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.ImagePuller;
import dev.strata.build.image.ImageReference;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.Platform;
import dev.strata.build.image.RegistryClient;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.SourceOp;
import dev.strata.build.ops.Op;
import dev.strata.build.ops.OpFactory;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the ops of {@code docker-image://REF} sources. A reference is normalized as Docker does
 * ({@code busybox} is {@code docker.io/library/busybox:latest}); a digest pin wins over a tag and is
 * verified against the content. The image comes from the worker's image store (filled by archive
 * import or earlier pulls) or from its registry over the OCI distribution API, HTTPS except for the
 * insecure registries, per the source's {@code image.resolvemode}; for the op's platform, else the
 * worker's. Planning (creating the op) fetches only the manifest and config, and the op's key is the
 * platform manifest's digest; the layers the content store lacks are fetched when the op executes,
 * which the solver skips when the result is cached. A digest pin whose manifest is in the content
 * store contacts no registry while planning.
 *
 * <p>The op's result is the image's top chain-ID snapshot, owned by the image store, not by the cache
 * index: see the package documentation.
 */
public final class ImageSources {
  private static final String SCHEME = "docker-image://";

  private final ContentStore content;
  private final ImageIndex images;
  private final RegistryClient registry;
  private final Platform platform;

  /**
   * @param insecureRegistries {@code HOST:PORT} of registries reached over plain HTTP
   * @param platform the worker's platform, for sources that name none
   */
  public ImageSources(ContentStore content, ImageIndex images, Set<String> insecureRegistries, Platform platform) {
    this.content = Objects.requireNonNull(content, "content");
    this.images = Objects.requireNonNull(images, "images");
    this.registry = RegistryClient.create(Objects.requireNonNull(insecureRegistries, "insecureRegistries"));
    this.platform = Objects.requireNonNull(platform, "platform");
  }

  public OpFactory factory() {
    return this::create;
  }

  private Op create(Vertex vertex) {
    SourceOp source = vertex.op().getSource();
    ImageReference reference = reference(source.getIdentifier());
    ImageSourceAttributes attributes = ImageSourceAttributes.parse(source.getAttrsMap());
    Platform wanted = SourcePlatforms.of(vertex.op(), platform);
    ImagePuller puller = new ImagePuller(registry, content, images, wanted);
    Optional<Descriptor> stored =
        attributes.resolveMode() == ImageSourceAttributes.ResolveMode.PULL ? Optional.empty() : stored(reference);
    Descriptor target = stored.orElseGet(() -> puller.pullMetadata(reference));
    return new ImageSourceOp(content, new ImageResolver(content, wanted).resolve(target),
        () -> puller.pullLayers(reference, target));
  }

  /** The normalized reference of a {@code docker-image://} identifier. */
  static ImageReference reference(String identifier) {
    if (!identifier.startsWith(SCHEME)) {
      throw new IllegalArgumentException("failed to read image source " + identifier + ": not " + SCHEME + "REF");
    }
    return ImageReference.parse(identifier.substring(SCHEME.length()));
  }

  private Optional<Descriptor> stored(ImageReference reference) {
    return stored(content, images, reference);
  }

  /**
   * A pinned image whose manifest or index is in {@code content}, else a tag that {@code images} names;
   * its layers may still be missing.
   */
  public static Optional<Descriptor> stored(ContentStore content, ImageIndex images, ImageReference reference) {
    if (reference.digest().isPresent()) {
      return reference.digest().filter(content::contains).map(digest -> ManifestBlobs.describe(content, digest));
    }
    return images.get(reference.toString());
  }
}
