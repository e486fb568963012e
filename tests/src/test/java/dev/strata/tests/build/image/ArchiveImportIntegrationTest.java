package dev.strata.tests.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.image.ArchiveImporter;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.NamedImage;
import dev.strata.build.image.Platform;
import dev.strata.build.image.ResolvedImage;
import dev.strata.build.layer.ChainIds;
import dev.strata.build.layer.ImageUnpacker;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.Kind;
import dev.strata.tests.support.BusyboxTestImage;
import dev.strata.tests.support.LayerTar;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Imports OCI and docker archives, unpacks them onto overlay snapshots and looks at the mounted result. Needs root. */
class ArchiveImportIntegrationTest {
    private SnapshotBench bench;
    private ScratchDirectory scratch;
    private OverlaySnapshotter snapshotter;
    private ContentStore content;
    private ImageIndex images;

    @BeforeEach
    void open() {
        bench = SnapshotBench.create("strata-import-");
        scratch = bench.scratch();
        snapshotter = bench.snapshotter();
        content = ContentStore.open(scratch.resolve("worker"));
        images = ImageIndex.open(scratch.resolve("worker"));
    }

    @AfterEach
    void close() throws IOException {
        bench.close();
    }

    private ResolvedImage importOne(Path archive, String expectedName) {
        List<NamedImage> imported = new ArchiveImporter(content, images).importArchive(archive);
        assertEquals(1, imported.size());
        assertEquals(expectedName, imported.get(0).name());
        Descriptor target = images.get(expectedName).orElseThrow();
        return new ImageResolver(content, Platform.LINUX_AMD64).resolve(target);
    }

    private List<String> snapshotNames() {
        List<String> names = new ArrayList<>();
        snapshotter.walk(List.of(), info -> names.add(info.name() + " " + info.kind()));
        names.sort(null);
        return names;
    }

    @Test
    void ociArchiveImportsAndUnpacksOntoChainIdSnapshots() throws IOException {
        Path archive = BusyboxTestImage.writeArchive("docker.io/strata/busybox:1", scratch.resolve("busybox.tar"));
        ResolvedImage image = importOne(archive, "docker.io/strata/busybox:1");
        ImageUnpacker unpacker = new ImageUnpacker(content, snapshotter);

        Digest top = unpacker.unpack(image);

        List<Digest> chain = ChainIds.of(image.config().diffIds());
        assertEquals(chain.get(chain.size() - 1), top);
        assertEquals(List.of(chain.get(0) + " " + Kind.COMMITTED, chain.get(1) + " " + Kind.COMMITTED).stream().sorted().toList(),
                snapshotNames());
        assertEquals(chain.get(0).toString(), snapshotter.stat(top.toString()).parent());
        bench.withView(top.toString(), root -> {
            Path busybox = root.resolve("bin/busybox");
            assertTrue(Files.isExecutable(busybox));
            assertEquals(Files.size(BusyboxTestImage.BUSYBOX), Files.size(busybox));
            assertEquals(Path.of("busybox"), Files.readSymbolicLink(root.resolve("bin/sh")));
            assertEquals(BusyboxTestImage.LAYER1_CONTENT + "\n", Files.readString(root.resolve(relative(BusyboxTestImage.LAYER1_FILE))));
            assertEquals(BusyboxTestImage.LAYER2_CONTENT + "\n", Files.readString(root.resolve(relative(BusyboxTestImage.LAYER2_FILE))));
            assertFalse(Files.exists(root.resolve(relative(BusyboxTestImage.DELETED_FILE)), LinkOption.NOFOLLOW_LINKS));
        });

        assertEquals(top, unpacker.unpack(image));
        assertEquals(2, snapshotNames().size());
    }

    @Test
    void dockerArchiveImportsAsAnOciManifestAndUnpacks() throws IOException {
        LayerTar base = LayerTar.builder()
                .directory("/etc", 0755)
                .file("/etc/base", "base".getBytes(StandardCharsets.UTF_8), 0644)
                .file("/etc/removed", "removed".getBytes(StandardCharsets.UTF_8), 0644)
                .build();
        LayerTar top = LayerTar.builder().directory("/etc", 0755).whiteout("/etc/removed").build();
        Path archive = DockerArchive.write(scratch.resolve("docker.tar"), "strata/saved:2", List.of(base, top));

        ResolvedImage image = importOne(archive, "docker.io/strata/saved:2");
        Digest topChain = new ImageUnpacker(content, snapshotter).unpack(image);

        bench.withView(topChain.toString(), root -> {
            assertEquals("base", Files.readString(root.resolve("etc/base")));
            assertFalse(Files.exists(root.resolve("etc/removed"), LinkOption.NOFOLLOW_LINKS));
        });
    }

    private static String relative(String absolute) {
        return absolute.substring(1);
    }
}
