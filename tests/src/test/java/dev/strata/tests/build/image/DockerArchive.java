package dev.strata.tests.build.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.image.Digest;
import dev.strata.tests.support.LayerTar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes an image as {@code docker save} (before Docker 25) does: manifest.json, a config, one plain layer.tar per layer. */
final class DockerArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerArchive() {
    }

    static Path write(Path file, String repoTag, List<LayerTar> layers) throws IOException {
        List<String> diffIds = new ArrayList<>();
        List<String> layerNames = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (LayerTar layer : layers) {
                byte[] bytes = layer.bytes();
                Digest diffId = Digest.of(bytes);
                diffIds.add(diffId.toString());
                layerNames.add(diffId.hex() + "/layer.tar");
                put(tar, diffId.hex() + "/layer.tar", bytes);
            }
            byte[] config = JSON.writeValueAsBytes(Map.of("architecture", "amd64", "os", "linux",
                    "rootfs", Map.of("type", "layers", "diff_ids", diffIds)));
            String configName = Digest.of(config).hex() + ".json";
            put(tar, configName, config);
            put(tar, "manifest.json", JSON.writeValueAsBytes(List.of(
                    Map.of("Config", configName, "RepoTags", List.of(repoTag), "Layers", layerNames))));
        }
        return file;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
