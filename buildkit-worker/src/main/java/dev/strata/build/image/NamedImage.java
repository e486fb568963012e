package dev.strata.build.image;

import java.util.Objects;

/** An image name in the image index and the descriptor (manifest or index) it points at. */
public record NamedImage(String name, Descriptor target) {
    public NamedImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
    }
}
