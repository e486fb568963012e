package dev.strata.build.export;

import dev.strata.build.image.ImageReference;

/** How image names appear in archives: docker's short "familiar" form, and the OCI ref.name (the tag). */
final class ImageNames {
    private static final String DOCKER_HUB = "docker.io";
    private static final String OFFICIAL = "library/";

    private ImageNames() {
    }

    /** {@code docker.io/library/busybox:1} becomes {@code busybox:1}, {@code docker.io/a/b:1} becomes {@code a/b:1}. */
    static String familiarRepository(ImageReference name) {
        if (!name.host().equals(DOCKER_HUB)) {
            return name.host() + "/" + name.path();
        }
        return name.path().startsWith(OFFICIAL) ? name.path().substring(OFFICIAL.length()) : name.path();
    }

    static String familiar(ImageReference name) {
        return familiarRepository(name) + name.tag().map(tag -> ":" + tag).orElse("");
    }
}
