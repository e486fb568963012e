package dev.strata.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveImporterTest {
    @TempDir
    Path root;

    private Path archive(Map<String, byte[]> files) throws IOException {
        Path file = root.resolve("archive.tar");
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : files.entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
                header.setSize(entry.getValue().length);
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private ArchiveImporter importer() {
        return new ArchiveImporter(ContentStore.open(root.resolve("worker")), ImageIndex.open(root.resolve("worker")));
    }

    @Test
    void ociBlobWhoseContentDoesNotMatchItsNameIsRefused() throws IOException {
        byte[] blob = "blob".getBytes(StandardCharsets.UTF_8);
        String wrongName = "blobs/sha256/" + Digest.of("other".getBytes(StandardCharsets.UTF_8)).hex();
        Path file = archive(Map.of(wrongName, blob));

        assertThrows(InvalidImageException.class, () -> importer().importArchive(file));
    }

    @Test
    void archiveWithoutIndexOrManifestIsInvalid() throws IOException {
        Path file = archive(Map.of("README", "hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidImageException.class, () -> importer().importArchive(file));
    }

    @Test
    void ociIndexEntriesAreNamedByContainerdAnnotationOrFullRefName() throws IOException {
        byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(manifest);
        Descriptor byContainerd = Descriptor.of(MediaTypes.OCI_MANIFEST, digest, 2)
                .withAnnotations(Map.of("io.containerd.image.name", "busybox:1"));
        Descriptor byRefName = Descriptor.of(MediaTypes.OCI_MANIFEST, digest, 2)
                .withAnnotations(Map.of("org.opencontainers.image.ref.name", "example.com/app:2"));
        Descriptor tagOnly = Descriptor.of(MediaTypes.OCI_MANIFEST, digest, 2)
                .withAnnotations(Map.of("org.opencontainers.image.ref.name", "3"));
        byte[] index = OciJson.write(new OciIndex(2, MediaTypes.OCI_INDEX, List.of(byContainerd, byRefName, tagOnly), Map.of()));
        Path file = archive(Map.of("index.json", index, "blobs/sha256/" + digest.hex(), manifest));

        List<NamedImage> imported = importer().importArchive(file);

        assertEquals(List.of("docker.io/library/busybox:1", "example.com/app:2"), imported.stream().map(NamedImage::name).toList());
        assertEquals(List.of("docker.io/library/busybox:1", "example.com/app:2"),
                List.copyOf(ImageIndex.open(root.resolve("worker")).list().keySet()));
    }
}
