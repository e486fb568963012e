package dev.strata.build.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of an OCI layout's images: containerd's image-name annotation, else the ref-name
 * annotation when it is a full reference. Entries with neither are not named.
 */
public final class OciLayoutNames {
    /** containerd's annotation for an index entry's full image name. */
    public static final String CONTAINERD_NAME = "io.containerd.image.name";
    /** OCI's annotation for an index entry's reference name (a tag, or a full name). */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private OciLayoutNames() {
    }

    static List<NamedImage> of(OciIndex index) {
        List<NamedImage> named = new ArrayList<>();
        for (Descriptor manifest : index.manifests()) {
            String name = manifest.annotations().get(CONTAINERD_NAME);
            if (name == null) {
                name = fullReference(manifest.annotations().get(REF_NAME));
            }
            if (name != null) {
                named.add(new NamedImage(ImageReference.parse(name).toString(), manifest));
            }
        }
        return named;
    }

    private static String fullReference(String refName) {
        return refName != null && refName.contains("/") ? refName : null;
    }
}
