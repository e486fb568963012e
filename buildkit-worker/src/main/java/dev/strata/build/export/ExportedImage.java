package dev.strata.build.export;

import dev.strata.build.image.Descriptor;
import java.util.List;
import java.util.Objects;

/** An image an export wrote to the content store: its manifest, config and layers (bottom first). */
public record ExportedImage(Descriptor manifest, Descriptor config, List<Descriptor> layers) {
    public ExportedImage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
