package dev.strata.build.exec;

import java.util.Objects;

/** Checks on paths as the container sees them. */
final class ContainerPaths {
    private ContainerPaths() {
    }

    static String requireAbsolute(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("container path must be absolute: \"" + path + "\"");
        }
        return path;
    }
}
