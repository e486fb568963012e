package dev.strata.build.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.ImageReference;
import dev.strata.build.image.MediaTypes;
import dev.strata.build.image.OciIndex;
import dev.strata.build.image.OciJson;
import dev.strata.build.image.OciLayoutNames;
import dev.strata.build.layer.KeepOpenOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes an exported image as an OCI image layout in a tar, as containerd's archive exporter (which
 * BuildKit uses) does: oci-layout, blobs/sha256/..., index.json with one entry per name, annotated
 * with containerd's image name and the OCI ref name. The docker variant adds docker save's
 * manifest.json and repositories, so that {@code docker load} reads it too. Entries are written in a
 * fixed order with fixed owners and times, so equal images give byte-identical archives.
 */
final class ImageArchiveWriter {
    private static final String BLOBS = "blobs/sha256/";

    private final ContentStore content;

    ImageArchiveWriter(ContentStore content) {
        this.content = content;
    }

    /** Writes the archive to {@code out}, which stays open. */
    void write(ExportedImage image, List<ImageReference> names, boolean docker, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new KeepOpenOutputStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        directory(tar, "blobs/");
        directory(tar, BLOBS);
        TreeSet<Digest> blobs = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        blobs.add(image.manifest().digest());
        blobs.add(image.config().digest());
        image.layers().forEach(layer -> blobs.add(layer.digest()));
        for (Digest blob : blobs) {
            blob(tar, blob);
        }
        file(tar, "index.json", OciJson.write(index(image.manifest(), names)));
        if (docker) {
            file(tar, "manifest.json", OciJson.write(List.of(dockerManifest(image, names))));
            file(tar, "repositories", OciJson.write(repositories(image, names)));
        }
        tar.finish();
        tar.close();
    }

    private static OciIndex index(Descriptor manifest, List<ImageReference> names) {
        List<Descriptor> manifests = new ArrayList<>();
        if (names.isEmpty()) {
            manifests.add(manifest);
        }
        for (ImageReference name : names) {
            Map<String, String> annotations = new TreeMap<>();
            annotations.put(OciLayoutNames.CONTAINERD_NAME, name.toString());
            name.tag().ifPresent(tag -> annotations.put(OciLayoutNames.REF_NAME, tag));
            manifests.add(manifest.withAnnotations(annotations));
        }
        return new OciIndex(2, MediaTypes.OCI_INDEX, manifests, Map.of());
    }

    private static DockerManifest dockerManifest(ExportedImage image, List<ImageReference> names) {
        List<String> tags = names.stream().filter(name -> name.tag().isPresent()).map(ImageNames::familiar).toList();
        List<String> layers = image.layers().stream().map(layer -> BLOBS + layer.digest().hex()).toList();
        return new DockerManifest(BLOBS + image.config().digest().hex(), tags, layers);
    }

    /** docker save's legacy map of repository to tag to image; docker load reads manifest.json first. */
    private static Map<String, Map<String, String>> repositories(ExportedImage image, List<ImageReference> names) {
        Map<String, Map<String, String>> repositories = new TreeMap<>();
        for (ImageReference name : names) {
            name.tag().ifPresent(tag -> repositories.computeIfAbsent(ImageNames.familiarRepository(name),
                    repository -> new LinkedHashMap<>()).put(tag, image.config().digest().hex()));
        }
        return repositories;
    }

    private void blob(TarArchiveOutputStream tar, Digest digest) throws IOException {
        TarArchiveEntry entry = entry(BLOBS + digest.hex(), TarConstants.LF_NORMAL, 0444);
        entry.setSize(content.size(digest));
        tar.putArchiveEntry(entry);
        try (InputStream in = content.open(digest)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, 0444);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(entry(name, TarConstants.LF_DIR, 0755));
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setModTime(0);
        return entry;
    }

    private record DockerManifest(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                                  @JsonProperty("Layers") List<String> layers) {
    }
}
