package dev.strata.build.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Imports an image archive into the content store and names its images in the image index: an
 * OCI image layout in a tar (index.json and blobs/sha256/...), or a docker archive (manifest.json,
 * config and layer tars), which becomes an OCI manifest. One pass over the tar: every file
 * becomes a blob, OCI blobs verified against their names; the small metadata files stay in memory.
 */
public final class ArchiveImporter {
    private static final Set<String> METADATA = Set.of("index.json", "manifest.json", "oci-layout", "repositories");
    private static final String BLOB_PREFIX = "blobs/sha256/";

    private final ContentStore content;
    private final ImageIndex images;

    public ArchiveImporter(ContentStore content, ImageIndex images) {
        this.content = content;
        this.images = images;
    }

    public List<NamedImage> importArchive(Path archive) {
        Map<String, byte[]> metadata = new HashMap<>();
        Map<String, Digest> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (METADATA.contains(name)) {
                    metadata.put(name, tar.readAllBytes());
                } else {
                    files.put(name, content.write(tar, expectedDigest(name)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to import " + archive + ": " + e.getMessage(), e);
        }
        List<NamedImage> imported;
        if (metadata.containsKey("index.json")) {
            imported = OciLayoutNames.of(OciJson.read(metadata.get("index.json"), OciIndex.class));
        } else if (metadata.containsKey("manifest.json")) {
            imported = new DockerArchiveManifests(content).convert(metadata.get("manifest.json"), files);
        } else {
            throw new InvalidImageException("failed to import " + archive + ": neither index.json nor manifest.json in the archive");
        }
        imported.forEach(image -> images.put(image.name(), image.target()));
        return imported;
    }

    private static Digest expectedDigest(String name) {
        return name.startsWith(BLOB_PREFIX) ? Digest.parse("sha256:" + name.substring(BLOB_PREFIX.length())) : null;
    }
}
