package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a docker archive's manifest.json entries into OCI manifests in the content store, one name
 * per RepoTag. {@code docker save} writes plain layer tars, so the layers are typed as such.
 */
final class DockerArchiveManifests {
    private final ContentStore content;

    DockerArchiveManifests(ContentStore content) {
        this.content = content;
    }

    List<NamedImage> convert(byte[] manifestJson, Map<String, Digest> files) {
        List<NamedImage> imported = new ArrayList<>();
        for (Entry entry : OciJson.read(manifestJson, Entry[].class)) {
            Descriptor config = describe(MediaTypes.OCI_CONFIG, file(files, entry.config()));
            List<Descriptor> layers = new ArrayList<>();
            for (String layer : entry.layers()) {
                layers.add(describe(MediaTypes.OCI_LAYER, file(files, layer)));
            }
            byte[] manifest = OciJson.write(new OciManifest(2, MediaTypes.OCI_MANIFEST, config, layers, Map.of()));
            Descriptor target = Descriptor.of(MediaTypes.OCI_MANIFEST, content.write(manifest), manifest.length);
            for (String tag : entry.repoTags()) {
                imported.add(new NamedImage(ImageReference.parse(tag).toString(), target));
            }
        }
        return imported;
    }

    private static Digest file(Map<String, Digest> files, String name) {
        Digest digest = files.get(name);
        if (digest == null) {
            throw new InvalidImageException("failed to import docker archive: manifest.json names " + name + ", which the archive lacks");
        }
        return digest;
    }

    private Descriptor describe(String mediaType, Digest digest) {
        return Descriptor.of(mediaType, digest, content.size(digest));
    }

    private record Entry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                         @JsonProperty("Layers") List<String> layers) {
        private Entry {
            repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }
}
