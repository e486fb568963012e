package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** The platform of an index entry; {@code variant} may be null. */
public record Platform(@JsonProperty("architecture") String architecture, @JsonProperty("os") String os,
                       @JsonProperty("variant") String variant) {
    public static final Platform LINUX_AMD64 = new Platform("amd64", "linux", null);

    public Platform {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
    }

    /** Same os and architecture; a variant only counts when both name one. */
    public boolean matches(Platform other) {
        return other != null && os.equals(other.os) && architecture.equals(other.architecture)
                && (variant == null || other.variant == null || variant.equals(other.variant));
    }
}
