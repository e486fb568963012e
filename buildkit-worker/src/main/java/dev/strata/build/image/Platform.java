package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Objects;

/** The platform of an index entry; {@code variant} may be null. */
public record Platform(@JsonProperty("architecture") String architecture, @JsonProperty("os") String os,
                       @JsonProperty("variant") String variant) {
    public static final Platform LINUX_AMD64 = new Platform("amd64", "linux", null);

    /** The platform this JVM runs on, normalized as containerd does (aarch64 is arm64, without variant). */
    public static Platform host() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> System.getProperty("os.arch");
        };
        return new Platform(arch, System.getProperty("os.name").toLowerCase(Locale.ROOT), null);
    }

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
