package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/** An OCI content descriptor: what a blob is, its digest and size; platform and annotations are optional. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") Digest digest,
                         @JsonProperty("size") long size, @JsonProperty("platform") Platform platform,
                         @JsonProperty("annotations") Map<String, String> annotations) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("failed to make descriptor of " + digest + ": negative size " + size);
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, Map.of());
    }

    public Descriptor withAnnotations(Map<String, String> annotations) {
        return new Descriptor(mediaType, digest, size, platform, annotations);
    }
}
