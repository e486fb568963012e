package dev.strata.build.ops.source;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.MediaTypes;
import dev.strata.build.image.OciJson;
import java.util.List;

/** A descriptor for a manifest or index blob known only by digest, its media type read from the blob. */
final class ManifestBlobs {
  private ManifestBlobs() {}

  static Descriptor describe(ContentStore content, Digest digest) {
    byte[] blob = content.read(digest);
    Probe probe = OciJson.read(blob, Probe.class);
    String mediaType = probe.mediaType();
    if (mediaType == null) {
      // The field is optional in OCI documents: an index lists manifests, a manifest does not.
      mediaType = probe.manifests() != null ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    return Descriptor.of(mediaType, digest, blob.length);
  }

  private record Probe(@JsonProperty("mediaType") String mediaType, @JsonProperty("manifests") List<Object> manifests) {}
}
