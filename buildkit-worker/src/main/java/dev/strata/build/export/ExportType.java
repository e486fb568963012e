package dev.strata.build.export;

import java.util.Locale;

/** Where a build result goes, by buildctl's {@code --output type=} names. */
public enum ExportType {
    /** An OCI image layout in a tar. */
    OCI,
    /** A tar that {@code docker load} and {@code ctr images import} read. */
    DOCKER,
    /** The result's file tree in a directory. */
    LOCAL,
    /** An image in the worker's image index, pushed to a registry on request. */
    IMAGE;

    /** buildctl's name for the type. */
    public String typeName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
