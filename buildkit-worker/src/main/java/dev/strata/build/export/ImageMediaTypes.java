package dev.strata.build.export;

import dev.strata.build.image.MediaTypes;
import dev.strata.build.layer.Compression;

/** The media types an exported image is written with: OCI's, or Docker's (v2 schema 2), which have no zstd. */
enum ImageMediaTypes {
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG),
    DOCKER(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG);

    private final String manifest;
    private final String config;

    ImageMediaTypes(String manifest, String config) {
        this.manifest = manifest;
        this.config = config;
    }

    static ImageMediaTypes of(boolean oci) {
        return oci ? OCI : DOCKER;
    }

    String manifest() {
        return manifest;
    }

    String config() {
        return config;
    }

    String layer(Compression compression) {
        return switch (this) {
            case OCI -> compression.mediaType();
            case DOCKER -> switch (compression) {
                case NONE -> MediaTypes.DOCKER_LAYER;
                case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
                case ZSTD -> throw new IllegalArgumentException("failed to pick layer media type: Docker's media types have no zstd");
            };
        };
    }
}
