package dev.strata.build.export;

import dev.strata.build.layer.LayerBlob;
import java.time.Instant;
import java.util.Objects;

/** One layer of an exported image: its blob, what made it (for the history) and when its snapshot was created. */
public record ExportedLayer(LayerBlob blob, String description, Instant created) {
    public ExportedLayer {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(created, "created");
    }
}
