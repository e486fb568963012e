package dev.strata.build.image;

import java.util.Objects;

/** An image an import named: the name it got in the image index and the descriptor it points at. */
public record ImportedImage(String name, Descriptor target) {
    public ImportedImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
    }
}
