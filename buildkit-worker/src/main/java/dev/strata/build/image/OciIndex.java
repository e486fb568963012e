package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An image index (or Docker manifest list): manifests for several platforms. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciIndex(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
                       @JsonProperty("manifests") List<Descriptor> manifests,
                       @JsonProperty("annotations") Map<String, String> annotations) {
    public OciIndex {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The first manifest for {@code platform}, or the only one when it names no platform. */
    public Optional<Descriptor> select(Platform platform) {
        if (manifests.size() == 1 && manifests.get(0).platform() == null) {
            return Optional.of(manifests.get(0));
        }
        return manifests.stream().filter(m -> platform.matches(m.platform())).findFirst();
    }
}
