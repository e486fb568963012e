package dev.strata.build.layer;

import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import java.util.Objects;

/** A layer in the content store: its (compressed) blob's descriptor and the diff ID of the plain tar. */
public record LayerBlob(Descriptor descriptor, Digest diffId) {
    public LayerBlob {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(diffId, "diffId");
    }
}
