package dev.strata.tests.build.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.export.ExportResult;
import dev.strata.build.export.Exporter;
import dev.strata.build.export.ImageConfig;
import dev.strata.build.export.OutputSpec;
import dev.strata.build.image.ArchiveImporter;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Digest;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.ImagePuller;
import dev.strata.build.image.ImageReference;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.MediaTypes;
import dev.strata.build.image.NamedImage;
import dev.strata.build.image.Platform;
import dev.strata.build.image.RegistryClient;
import dev.strata.build.image.ResolvedImage;
import dev.strata.build.layer.Compression;
import dev.strata.build.layer.ImageUnpacker;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.tests.build.image.SnapshotBench;
import dev.strata.tests.support.BusyboxTestImage;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.Containerd;
import dev.strata.tests.support.DockerDaemon;
import dev.strata.tests.support.SampleRegistry;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exports of a real overlay snapshot chain: the busybox test image unpacked, then a layer that adds
 * files (a hard link among them) and one that deletes an image file and replaces a directory
 * (opaque). Archives are read back, imported into containerd and run with runc; the tree is copied
 * out; the image is pushed to a loopback registry and pulled back. Needs root, containerd, runc and
 * docker-registry.
 */
class ExportIntegrationTest {
    private static final String EPOCH = "1700000000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SKOPEO_TIMEOUT = Duration.ofMinutes(1);

    private static SnapshotBench bench;
    private static OverlaySnapshotter snapshotter;
    private static ContentStore content;
    private static ImageIndex images;
    private static Exporter exporter;
    private static ResolvedImage baseImage;
    private static CommittedSnapshot result;

    @BeforeAll
    static void buildChain() throws IOException {
        bench = SnapshotBench.create("strata-export-");
        snapshotter = bench.snapshotter();
        Path worker = bench.scratch().directory("worker");
        content = ContentStore.open(worker);
        images = ImageIndex.open(worker);
        exporter = exporter(System.out);
        Path archive = BusyboxTestImage.writeArchive("docker.io/strata/base:1", bench.scratch().resolve("base.tar"));
        NamedImage base = new ArchiveImporter(content, images).importArchive(archive).get(0);
        baseImage = new ImageResolver(content, Platform.LINUX_AMD64).resolve(base.target());
        Digest top = new ImageUnpacker(content, snapshotter).unpack(baseImage);
        result = buildOn(top.toString(), Instant.ofEpochSecond(1_750_000_000L));
    }

    private static Exporter exporter(OutputStream stdout) {
        return Exporter.builder().snapshotter(snapshotter).contentStore(content).imageIndex(images)
                .mounter(bench.mounter()).mountRoot(bench.scratch().resolve("mounts")).stdout(stdout).build();
    }

    /** Two layers on {@code parent}, every file's time set to {@code time}. */
    private static CommittedSnapshot buildOn(String parent, Instant time) throws IOException {
        String id = UUID.randomUUID().toString();
        bench.change("add-" + id, parent, root -> {
            Files.createDirectories(root.resolve("app"));
            Files.writeString(root.resolve("app/hello.txt"), "hello from the build\n");
            Files.createLink(root.resolve("app/hello-link"), root.resolve("app/hello.txt"));
            Files.createSymbolicLink(root.resolve("app/hello-symlink"), Path.of("hello.txt"));
            Files.createDirectories(root.resolve("data"));
            Files.writeString(root.resolve("data/old.txt"), "old\n");
            touch(time, root.resolve("app/hello.txt"), root.resolve("data/old.txt"), root.resolve("app"), root.resolve("data"));
        });
        snapshotter.commit("added-" + id, "add-" + id, Map.of());
        bench.change("change-" + id, "added-" + id, root -> {
            Files.delete(root.resolve(BusyboxTestImage.LAYER1_FILE.substring(1)));
            Files.delete(root.resolve("data/old.txt"));
            Files.delete(root.resolve("data"));
            Files.createDirectories(root.resolve("data"));
            Files.writeString(root.resolve("data/new.txt"), "new\n");
            touch(time, root.resolve("data/new.txt"), root.resolve("data"), root.resolve("etc"));
        });
        snapshotter.commit("changed-" + id, "change-" + id, Map.of());
        return new CommittedSnapshot("changed-" + id);
    }

    private static void touch(Instant time, Path... paths) throws IOException {
        for (Path path : paths) {
            Files.setLastModifiedTime(path, FileTime.from(time));
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void dockerArchiveImportsIntoContainerdAndRunsWithTheBuiltLayers() throws Exception {
        Path archive = bench.scratch().resolve("docker-" + UUID.randomUUID() + ".tar");
        String name = "docker.io/strata/exported:" + UUID.randomUUID().toString().substring(0, 8);
        exporter.export(result, ImageConfig.minimal(Platform.LINUX_AMD64),
                OutputSpec.parse("type=docker,dest=" + archive + ",name=" + name));

        Map<String, byte[]> files = entries(archive);
        JsonNode manifestJson = JSON.readTree(files.get("manifest.json"));
        assertEquals(List.of(name.substring("docker.io/".length())), List.of(manifestJson.get(0).get("RepoTags").get(0).asText()));
        assertEquals(4, manifestJson.get(0).get("Layers").size());
        assertTrue(files.containsKey("repositories"));
        Path copied = bench.scratch().resolve("skopeo-" + UUID.randomUUID());
        Commands.run(SKOPEO_TIMEOUT, List.of("skopeo", "copy", "--quiet", "docker-archive:" + archive,
                "oci:" + copied + ":copy")).requireSuccess();
        JsonNode copiedIndex = JSON.readTree(copied.resolve("index.json").toFile());
        assertEquals(1, copiedIndex.get("manifests").size(), "docker's archive reader (containers/image) reads it");

        String namespace = "export-" + UUID.randomUUID().toString().substring(0, 8);
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start();
             Containerd containerd = Containerd.start("strata", daemon.socket())) {
            containerd.ctr(namespace, "images", "import", "--snapshotter", "strata", archive.toString()).requireSuccess();
            List<String> output = containerd.ctr(namespace, "run", "--rm", "--snapshotter", "strata", name, "c-" + namespace,
                    "sh", "-c", "cat /app/hello.txt /app/hello-symlink " + BusyboxTestImage.LAYER2_FILE + "; ls /data;"
                            + " if test -e " + BusyboxTestImage.LAYER1_FILE + "; then echo deleted-file-present;"
                            + " else echo deleted-file-absent; fi").requireSuccess().lines().toList();
            assertEquals(List.of("hello from the build", "hello from the build", BusyboxTestImage.LAYER2_CONTENT,
                    "new.txt", "deleted-file-absent"), output);
        }
    }

    @Test
    void dockerArchiveLoadsIntoDockerAndRuns() throws Exception {
        Path archive = bench.scratch().resolve("docker-" + UUID.randomUUID() + ".tar");
        String name = "docker.io/strata/loaded:" + UUID.randomUUID().toString().substring(0, 8);
        exporter.export(result, ImageConfig.minimal(Platform.LINUX_AMD64),
                OutputSpec.parse("type=docker,dest=" + archive + ",name=" + name));

        try (DockerDaemon docker = DockerDaemon.start()) {
            docker.docker("load", "--input", archive.toString()).requireSuccess();
            String output = docker.docker("run", "--rm", "--network", "none", name,
                    "sh", "-c", "cat /app/hello.txt; ls /data").requireSuccess();
            assertEquals("hello from the build\nnew.txt\n", output);
        }
    }

    @Test
    void ociArchiveHoldsVerifiedBlobsWithTheImageLayersReused() throws IOException {
        Path archive = bench.scratch().resolve("oci-" + UUID.randomUUID() + ".tar");
        ExportResult exported = exporter.export(result, ImageConfig.minimal(Platform.LINUX_AMD64),
                OutputSpec.parse("type=oci,dest=" + archive + ",name=strata/oci:1"));

        Map<String, byte[]> files = entries(archive);
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(files.get("oci-layout")));
        assertFalse(files.containsKey("manifest.json"));
        files.forEach((entry, bytes) -> {
            if (entry.startsWith("blobs/sha256/") && bytes != null) {
                assertEquals(entry.substring("blobs/sha256/".length()), Digest.of(bytes).hex(), entry);
            }
        });
        JsonNode index = JSON.readTree(files.get("index.json"));
        JsonNode manifestDescriptor = index.get("manifests").get(0);
        assertEquals("docker.io/strata/oci:1", manifestDescriptor.get("annotations").get("io.containerd.image.name").asText());
        assertEquals(exported.metadata().get("containerimage.digest"), manifestDescriptor.get("digest").asText());
        JsonNode manifest = JSON.readTree(blob(files, manifestDescriptor.get("digest").asText()));
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.get("mediaType").asText());
        JsonNode config = JSON.readTree(blob(files, manifest.get("config").get("digest").asText()));
        JsonNode layers = manifest.get("layers");
        assertEquals(4, layers.size());
        assertEquals(4, config.get("history").size());
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(MediaTypes.OCI_LAYER_GZIP, layers.get(i).get("mediaType").asText());
            byte[] compressed = blob(files, layers.get(i).get("digest").asText());
            assertEquals(compressed.length, layers.get(i).get("size").asLong());
            try (InputStream plain = Compression.decompressing(new ByteArrayInputStream(compressed))) {
                assertEquals(config.get("rootfs").get("diff_ids").get(i).asText(), Digest.of(plain.readAllBytes()).toString());
            }
        }
        for (int i = 0; i < baseImage.manifest().layers().size(); i++) {
            assertEquals(baseImage.manifest().layers().get(i).digest().toString(), layers.get(i).get("digest").asText(),
                    "the base image's own blob is exported");
        }
        assertEquals(List.of(".wh.layer1.txt"), layerEntries(blob(files, layers.get(3).get("digest").asText())).stream()
                .filter(entry -> entry.startsWith("etc/.wh.")).map(entry -> entry.substring(4)).toList());
        assertTrue(layerEntries(blob(files, layers.get(3).get("digest").asText())).contains("data/.wh..wh..opq"));
        Path reimport = bench.scratch().directory("reimport-" + UUID.randomUUID());
        List<NamedImage> imported = new ArchiveImporter(ContentStore.open(reimport), ImageIndex.open(reimport)).importArchive(archive);
        assertEquals(List.of("docker.io/strata/oci:1"), imported.stream().map(NamedImage::name).toList());
    }

    @Test
    void equalTreesExportByteIdenticalWithSourceDateEpochAndDiffOnce() throws IOException {
        CommittedSnapshot again = buildOn(topOf(result),
                Instant.ofEpochSecond(1_760_000_000L));
        String options = ",name=strata/same:1,source-date-epoch=" + EPOCH;
        Path first = bench.scratch().resolve("same-1.tar");
        Path second = bench.scratch().resolve("same-2.tar");
        Path unclamped = bench.scratch().resolve("unclamped.tar");

        exporter.export(result, ImageConfig.minimal(Platform.LINUX_AMD64), OutputSpec.parse("type=oci,dest=" + first + options));
        exporter.export(again, ImageConfig.minimal(Platform.LINUX_AMD64), OutputSpec.parse("type=oci,dest=" + second + options));
        exporter.export(again, ImageConfig.minimal(Platform.LINUX_AMD64),
                OutputSpec.parse("type=oci,dest=" + unclamped + ",name=strata/same:1"));

        assertEquals(-1L, Files.mismatch(first, second), "archives of equal trees differ");
        assertNotEquals(-1L, Files.mismatch(first, unclamped));
        String label = "strata.build/layer.gzip.epoch-" + EPOCH;
        String recorded = snapshotter.stat(again.name()).labels().get(label);
        assertTrue(recorded != null && recorded.split(" ").length == 2, "blob recorded on the snapshot: " + recorded);
        Digest blob = Digest.parse(recorded.split(" ")[0]);
        content.remove(blob);
        exporter.export(again, ImageConfig.minimal(Platform.LINUX_AMD64), OutputSpec.parse("type=oci,dest=" + second + options));
        assertEquals(-1L, Files.mismatch(first, second), "a blob gone from the content store is written again");
        assertTrue(content.contains(blob));
    }

    @Test
    void zstdRecompressesImageLayersKeepingTheirDiffIdsAndStdoutGetsTheSameArchive() throws IOException {
        String options = ",compression=zstd,source-date-epoch=" + EPOCH;
        Path archive = bench.scratch().resolve("zstd-" + UUID.randomUUID() + ".tar");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        exporter.export(result, ImageConfig.minimal(Platform.LINUX_AMD64), OutputSpec.parse("type=oci,dest=" + archive + options));
        exporter(stdout).export(result, ImageConfig.minimal(Platform.LINUX_AMD64), OutputSpec.parse("type=oci,dest=-" + options));

        assertArrayEquals(Files.readAllBytes(archive), stdout.toByteArray());
        Map<String, byte[]> files = entries(archive);
        JsonNode manifest = JSON.readTree(blob(files, JSON.readTree(files.get("index.json")).get("manifests").get(0).get("digest").asText()));
        JsonNode config = JSON.readTree(blob(files, manifest.get("config").get("digest").asText()));
        for (JsonNode layer : manifest.get("layers")) {
            assertEquals(MediaTypes.OCI_LAYER_ZSTD, layer.get("mediaType").asText());
            byte[] compressed = blob(files, layer.get("digest").asText());
            assertEquals(Compression.ZSTD, Compression.detect(new ByteArrayInputStream(compressed)));
        }
        for (int i = 0; i < baseImage.config().diffIds().size(); i++) {
            assertEquals(baseImage.config().diffIds().get(i).toString(), config.get("rootfs").get("diff_ids").get(i).asText());
        }
    }

    @Test
    void localExportCopiesTheTreeWithOwnersModesLinksAndTimes() throws IOException {
        Path destination = bench.scratch().resolve("local-" + UUID.randomUUID());
        exporter.export(result, ImageConfig.minimal(Platform.LINUX_AMD64), OutputSpec.parse("type=local,dest=" + destination));

        bench.withView(result.name(), root -> assertEquals(tree(root), tree(destination)));
        assertEquals(Files.getAttribute(destination.resolve("app/hello.txt"), "unix:ino"),
                Files.getAttribute(destination.resolve("app/hello-link"), "unix:ino"), "hard link kept");
        assertFalse(Files.exists(destination.resolve(BusyboxTestImage.LAYER1_FILE.substring(1)), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(destination.resolve("data/old.txt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void pushedImagePullsBackWithTheSameManifestAndLayers() throws IOException {
        try (SampleRegistry registry = SampleRegistry.onFreePort(bench.scratch().directory("registry-" + UUID.randomUUID()))) {
            ImageReference name = ImageReference.parse(registry.host() + "/strata/exported:1");
            ExportResult pushed = exporter.export(result, ImageConfig.minimal(Platform.LINUX_AMD64),
                    OutputSpec.parse("type=image,name=" + name + ",push=true,registry.insecure=true"));

            assertEquals(pushed.image().orElseThrow().manifest(), images.get(name.toString()).orElseThrow());
            Path pulledRoot = bench.scratch().directory("pulled-" + UUID.randomUUID());
            ContentStore pulledContent = ContentStore.open(pulledRoot);
            NamedImage pulled = new ImagePuller(RegistryClient.create(Set.of(registry.host())), pulledContent,
                    ImageIndex.open(pulledRoot), Platform.LINUX_AMD64).pull(name);
            assertEquals(pushed.image().orElseThrow().manifest().digest(), pulled.target().digest());
            assertEquals(MediaTypes.DOCKER_MANIFEST, pulled.target().mediaType());
            ResolvedImage image = new ImageResolver(pulledContent, Platform.LINUX_AMD64).resolve(pulled.target());
            assertEquals(4, image.config().diffIds().size());
            image.manifest().layers().forEach(layer -> assertTrue(pulledContent.contains(layer.digest())));
        }
    }

    /** The unpacked image's top snapshot: the parent of the result's first built layer. */
    private static String topOf(CommittedSnapshot built) {
        String added = snapshotter.stat(built.name()).parent();
        return snapshotter.stat(added).parent();
    }

    private static Map<String, byte[]> entries(Path archive) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                files.put(entry.getName(), entry.isDirectory() ? null : tar.readAllBytes());
            }
        }
        return files;
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) {
        byte[] bytes = files.get("blobs/sha256/" + Digest.parse(digest).hex());
        assertTrue(bytes != null, "archive lacks blob " + digest);
        return bytes;
    }

    private static List<String> layerEntries(byte[] compressed) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressing(new ByteArrayInputStream(compressed)))) {
            List<String> names = new ArrayList<>();
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
            return names;
        }
    }

    /**
     * Every path below {@code root} with its type, mode, owner, time and content or link target.
     * Times to the microsecond: Java sets a symlink's own times with lutimes.
     */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                Map<String, Object> stat = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                String body = Files.isSymbolicLink(path) ? "-> " + Files.readSymbolicLink(path)
                        : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Digest.of(Files.readAllBytes(path)).toString() : "";
                tree.put(root.relativize(path).toString(), Integer.toOctalString((Integer) stat.get("mode")) + " "
                        + stat.get("uid") + ":" + stat.get("gid") + " "
                        + ((FileTime) stat.get("lastModifiedTime")).to(TimeUnit.MICROSECONDS) + " " + body);
            }
        }
        return tree;
    }
}
