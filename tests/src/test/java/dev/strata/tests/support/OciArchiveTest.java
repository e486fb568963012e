package dev.strata.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesAContentAddressedLayoutThatNamesTheImage() throws Exception {
        LayerTar base = LayerTar.builder().directory("/etc", 0755).file("/etc/a", bytes("a"), 0644).build();
        LayerTar top = LayerTar.builder().directory("/etc", 0755).whiteout("/etc/a").build();
        Path file = OciArchive.builder("docker.io/strata/unit:v1").layer(base).layer(top).cmd("/bin/sh").build()
                .writeTo(dir.resolve("image.tar"));

        Map<String, byte[]> entries = untar(Files.readAllBytes(file));
        assertEquals("1.0.0", JSON.readTree(entries.get("oci-layout")).path("imageLayoutVersion").asText());
        entries.forEach((name, content) -> {
            if (name.startsWith("blobs/sha256/") && !name.endsWith("/")) {
                assertEquals(name.substring("blobs/sha256/".length()), sha256(content), "blob named by its digest");
            }
        });
        JsonNode manifestDescriptor = JSON.readTree(entries.get("index.json")).path("manifests").get(0);
        assertEquals("docker.io/strata/unit:v1", manifestDescriptor.path("annotations").path("io.containerd.image.name").asText());
        assertEquals("v1", manifestDescriptor.path("annotations").path("org.opencontainers.image.ref.name").asText());
        JsonNode manifest = JSON.readTree(blob(entries, manifestDescriptor));
        JsonNode config = JSON.readTree(blob(entries, manifest.path("config")));
        assertEquals("amd64", config.path("architecture").asText());
        assertEquals("linux", config.path("os").asText());
        assertEquals("/bin/sh", config.path("config").path("Cmd").get(0).asText());

        List<String> diffIds = new ArrayList<>();
        List<byte[]> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            byte[] uncompressed = gunzip(blob(entries, layer));
            layers.add(uncompressed);
            diffIds.add("sha256:" + sha256(uncompressed));
        }
        List<String> configured = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(id -> configured.add(id.asText()));
        assertEquals(diffIds, configured, "diff_ids are the digests of the uncompressed layers, bottom first");
        assertTrue(untar(layers.get(0)).containsKey("etc/a"));
        assertTrue(untar(layers.get(1)).containsKey("etc/.wh.a"), "the second layer whites out /etc/a");
    }

    @Test
    void rejectsAnImageNameWithoutTag() {
        LayerTar layer = LayerTar.builder().directory("/etc", 0755).build();
        assertThrows(IllegalArgumentException.class,
                () -> OciArchive.builder("localhost:5000/strata/unit").layer(layer).build());
    }

    private static byte[] blob(Map<String, byte[]> entries, JsonNode descriptor) {
        byte[] content = entries.get("blobs/sha256/" + descriptor.path("digest").asText().substring("sha256:".length()));
        assertEquals(descriptor.path("size").asLong(), content.length, "descriptor size");
        return content;
    }

    private static Map<String, byte[]> untar(byte[] tar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("failed to digest: SHA-256 unavailable", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
