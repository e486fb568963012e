package dev.strata.tests.build.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads the image config JSON that a docker archive's manifest.json names. */
final class DockerArchiveConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerArchiveConfig() {
    }

    static JsonNode read(Path archive) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), tar.readAllBytes());
            }
        }
        String configName = JSON.readTree(entries.get("manifest.json")).get(0).get("Config").asText();
        return JSON.readTree(entries.get(configName));
    }
}
