package dev.strata.build.image;

import java.util.Objects;

/** One platform's image: its manifest's descriptor, the manifest, and the config it names. */
public record ResolvedImage(Descriptor manifestDescriptor, OciManifest manifest, OciImageConfig config) {
    public ResolvedImage {
        Objects.requireNonNull(manifestDescriptor, "manifestDescriptor");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        if (manifest.layers().size() != config.diffIds().size()) {
            throw new InvalidImageException("failed to resolve image " + manifestDescriptor.digest() + ": "
                    + manifest.layers().size() + " layers but " + config.diffIds().size() + " diff_ids");
        }
    }
}
