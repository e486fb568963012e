package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An image manifest (OCI or Docker v2 schema 2): a config blob and layers, bottom first. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciManifest(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
                          @JsonProperty("config") Descriptor config, @JsonProperty("layers") List<Descriptor> layers,
                          @JsonProperty("annotations") Map<String, String> annotations) {
    public OciManifest {
        Objects.requireNonNull(config, "config");
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
