package dev.strata.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIndexTest {
    private static final Descriptor MANIFEST = Descriptor.of(MediaTypes.OCI_MANIFEST,
            Digest.of("manifest".getBytes(StandardCharsets.UTF_8)), 8);
    private static final Descriptor INDEX = new Descriptor(MediaTypes.OCI_INDEX,
            Digest.of("index".getBytes(StandardCharsets.UTF_8)), 5, Platform.LINUX_AMD64,
            Map.of("org.opencontainers.image.ref.name", "1"));

    @TempDir
    Path root;

    @Test
    void namesPersistAcrossReopen() {
        ImageIndex images = ImageIndex.open(root);
        images.put("docker.io/library/b:1", MANIFEST);
        images.put("docker.io/library/a:1", INDEX);

        ImageIndex reopened = ImageIndex.open(root);
        assertEquals(List.of("docker.io/library/a:1", "docker.io/library/b:1"), List.copyOf(reopened.list().keySet()));
        assertEquals(Optional.of(INDEX), reopened.get("docker.io/library/a:1"));
        assertEquals(Optional.of(MANIFEST), reopened.get("docker.io/library/b:1"));
    }

    @Test
    void putReplacesAndRemoveForgets() {
        ImageIndex images = ImageIndex.open(root);
        images.put("x:1", MANIFEST);
        images.put("x:1", INDEX);
        assertEquals(Optional.of(INDEX), images.get("x:1"));
        assertTrue(images.remove("x:1"));
        assertFalse(images.remove("x:1"));
        assertEquals(Optional.empty(), ImageIndex.open(root).get("x:1"));
    }

    @Test
    void refusesEmptyName() {
        assertThrows(IllegalArgumentException.class, () -> ImageIndex.open(root).put(" ", MANIFEST));
    }

    @Test
    void corruptIndexFileIsReportedAsInvalid() throws Exception {
        Files.writeString(root.resolve("images.json"), "{\"images\":{\"x\":{\"mediaType\":\"m\",\"digest\":\"md5:1\",\"size\":1}}}");
        assertThrows(InvalidImageException.class, () -> ImageIndex.open(root));
    }
}
