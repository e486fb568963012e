package dev.strata.build.export;

import dev.strata.build.image.ImageReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an export produced: the image it wrote (absent for {@code type=local}) and the names it was
 * given, with buildctl's metadata keys for them.
 */
public record ExportResult(Optional<ExportedImage> image, List<ImageReference> names) {
    public ExportResult {
        names = List.copyOf(names);
    }

    /** BuildKit's exporter response: {@code containerimage.digest}, {@code containerimage.config.digest}, {@code image.name}. */
    public Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        image.ifPresent(written -> {
            metadata.put("containerimage.digest", written.manifest().digest().toString());
            metadata.put("containerimage.config.digest", written.config().digest().toString());
        });
        if (!names.isEmpty()) {
            metadata.put("image.name", String.join(",", names.stream().map(ImageReference::toString).toList()));
        }
        return metadata;
    }
}
