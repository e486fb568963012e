package dev.strata.tests.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a single-platform (linux/amd64) image as an OCI image layout in a tar, the format
 * {@code ctr images import} reads. Layers are gzipped; the config records their diff_ids; the
 * index annotations carry the image name so the import names the image.
 */
public final class OciArchive {

    private static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    private static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String imageName;
    private final String tag;
    private final List<LayerTar> layers;
    private final List<String> cmd;
    private final List<String> env;

    private OciArchive(Builder builder) {
        this.imageName = builder.imageName;
        this.tag = tagOf(builder.imageName);
        this.layers = List.copyOf(builder.layers);
        this.cmd = List.copyOf(builder.cmd);
        this.env = List.copyOf(builder.env);
    }

    /** {@code imageName} is a full reference with a tag, e.g. {@code docker.io/strata/test:1}. */
    public static Builder builder(String imageName) {
        return new Builder(imageName);
    }

    public String imageName() {
        return imageName;
    }

    /** Writes the archive to {@code file} and returns it. */
    public Path writeTo(Path file) {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        List<Map<String, Object>> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (LayerTar layer : layers) {
            byte[] tar = layer.bytes();
            byte[] compressed = gzip(tar);
            diffIds.add(digest(tar));
            layerDescriptors.add(descriptor(LAYER_MEDIA_TYPE, compressed));
            blobs.put(digest(compressed), compressed);
        }
        byte[] config = json(ordered(
                "architecture", "amd64",
                "os", "linux",
                "config", ordered("Env", env, "Cmd", cmd),
                "rootfs", ordered("type", "layers", "diff_ids", diffIds)));
        blobs.put(digest(config), config);
        byte[] manifest = json(ordered(
                "schemaVersion", 2,
                "mediaType", MANIFEST_MEDIA_TYPE,
                "config", descriptor(CONFIG_MEDIA_TYPE, config),
                "layers", layerDescriptors));
        blobs.put(digest(manifest), manifest);
        Map<String, Object> manifestDescriptor = descriptor(MANIFEST_MEDIA_TYPE, manifest);
        manifestDescriptor.put("platform", ordered("architecture", "amd64", "os", "linux"));
        manifestDescriptor.put("annotations", ordered(
                "io.containerd.image.name", imageName,
                "org.opencontainers.image.ref.name", tag));
        byte[] index = json(ordered(
                "schemaVersion", 2,
                "mediaType", INDEX_MEDIA_TYPE,
                "manifests", List.of(manifestDescriptor)));

        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, "oci-layout", json(ordered("imageLayoutVersion", "1.0.0")));
            put(tar, "index.json", index);
            tar.putArchiveEntry(new TarArchiveEntry("blobs/"));
            tar.closeArchiveEntry();
            tar.putArchiveEntry(new TarArchiveEntry("blobs/sha256/"));
            tar.closeArchiveEntry();
            for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
                put(tar, "blobs/sha256/" + blob.getKey().substring("sha256:".length()), blob.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write OCI archive " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String tagOf(String imageName) {
        int slash = imageName.lastIndexOf('/');
        int colon = imageName.lastIndexOf(':');
        if (colon <= slash) {
            throw new IllegalArgumentException("failed to build OCI archive: image reference has no tag: " + imageName);
        }
        return imageName.substring(colon + 1);
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] content) {
        return ordered("mediaType", mediaType, "digest", digest(content), "size", content.length);
    }

    /** A JSON object whose fields keep the given order: key, value, key, value... */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to serialize image JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to compress layer: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("failed to digest: SHA-256 unavailable", e);
        }
    }

    /** Layers bottom first; Cmd and Env of the image config. */
    public static final class Builder {

        private final String imageName;
        private final List<LayerTar> layers = new ArrayList<>();
        private List<String> cmd = List.of();
        private List<String> env = List.of();

        private Builder(String imageName) {
            this.imageName = imageName;
        }

        public Builder layer(LayerTar layer) {
            layers.add(layer);
            return this;
        }

        public Builder cmd(String... cmd) {
            this.cmd = List.of(cmd);
            return this;
        }

        public Builder env(String... env) {
            this.env = List.of(env);
            return this;
        }

        public OciArchive build() {
            if (layers.isEmpty()) {
                throw new IllegalStateException("failed to build OCI archive " + imageName + ": no layers");
            }
            return new OciArchive(this);
        }
    }
}
