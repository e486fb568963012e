package dev.strata.tests.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.image.Digest;
import dev.strata.build.layer.LayerApplier;
import dev.strata.build.layer.SnapshotDirectories;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.Mount;
import dev.strata.tests.support.ScratchDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LayerApplier on real overlay snapshots: the applied snapshot, mounted, shows what the layers say. Needs root. */
class LayerApplyIntegrationTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private SnapshotBench bench;
    private ScratchDirectory scratch;
    private OverlaySnapshotter snapshotter;
    private final LayerApplier applier = new LayerApplier();

    @BeforeEach
    void open() {
        bench = SnapshotBench.create("strata-apply-");
        scratch = bench.scratch();
        snapshotter = bench.snapshotter();
    }

    @AfterEach
    void close() throws IOException {
        bench.close();
    }

    private Digest applyAndCommit(String name, String parent, byte[] layer) throws IOException {
        List<Mount> mounts = snapshotter.prepare(name + "-active", parent, Map.of());
        Digest diffId = applier.apply(SnapshotDirectories.ofActive(mounts), new ByteArrayInputStream(layer));
        snapshotter.commit(name, name + "-active", Map.of());
        return diffId;
    }

    private static String userXattr(Path path, String name) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        ByteBuffer value = ByteBuffer.allocate(view.size(name));
        view.read(name, value);
        return new String(value.array(), StandardCharsets.UTF_8);
    }

    @Test
    void appliedLayersShowFilesLinksOwnersModesAndTimes() throws IOException {
        byte[] layer = new RawLayer()
                .directory("etc/", 0755)
                .file("etc/config", "value\n", 0640, e -> e.setIds(1000, 1001))
                .file("bin/tool", "#!/bin/sh\n", 04755)
                .hardlink("bin/tool-alias", "bin/tool")
                .symlink("etc/link", "config")
                .file("etc/labelled", "x", 0644, e -> e.addPaxHeader("SCHILY.xattr.user.strata", "hello"))
                .bytes();
        Digest diffId = applyAndCommit("base", "", layer);
        assertEquals(Digest.of(layer), diffId);

        bench.withView("base", root -> {
            assertEquals("value\n", Files.readString(root.resolve("etc/config")));
            assertEquals(1000, Files.getAttribute(root.resolve("etc/config"), "unix:uid"));
            assertEquals(1001, Files.getAttribute(root.resolve("etc/config"), "unix:gid"));
            assertEquals(0640, (Integer) Files.getAttribute(root.resolve("etc/config"), "unix:mode") & 07777);
            assertEquals(04755, (Integer) Files.getAttribute(root.resolve("bin/tool"), "unix:mode") & 07777);
            assertEquals(Files.getAttribute(root.resolve("bin/tool"), "unix:ino"),
                    Files.getAttribute(root.resolve("bin/tool-alias"), "unix:ino"));
            assertEquals(Path.of("config"), Files.readSymbolicLink(root.resolve("etc/link")));
            assertEquals(FileTime.fromMillis(RawLayer.MODIFIED_MILLIS), Files.getLastModifiedTime(root.resolve("etc/link"), NOFOLLOW));
            assertEquals(FileTime.fromMillis(RawLayer.MODIFIED_MILLIS), Files.getLastModifiedTime(root.resolve("etc")));
            assertEquals("hello", userXattr(root.resolve("etc/labelled"), "strata"));
        });
    }

    @Test
    void whiteoutsDeleteAndOpaqueDirectoriesHideLowerContent() throws IOException {
        applyAndCommit("base", "", new RawLayer()
                .directory("etc/", 0755)
                .file("etc/keep", "keep", 0644)
                .file("etc/gone", "gone", 0644)
                .directory("var/cache/", 0755)
                .file("var/cache/old", "old", 0644)
                .bytes());
        applyAndCommit("top", "base", new RawLayer()
                .file("etc/.wh.gone", "", 0644)
                .directory("var/cache/", 0755)
                .file("var/cache/.wh..wh..opq", "", 0644)
                .file("var/cache/new", "new", 0644)
                .bytes());

        bench.withView("top", root -> {
            assertEquals("keep", Files.readString(root.resolve("etc/keep")));
            assertFalse(Files.exists(root.resolve("etc/gone"), NOFOLLOW));
            assertFalse(Files.exists(root.resolve("etc/.wh.gone"), NOFOLLOW));
            assertFalse(Files.exists(root.resolve("var/cache/old"), NOFOLLOW));
            assertEquals("new", Files.readString(root.resolve("var/cache/new")));
        });
    }

    @Test
    void parentsMissingFromTheLayerKeepTheLowerAttributes() throws IOException {
        applyAndCommit("base", "", new RawLayer()
                .file("srv/data/a", "a", 0644)
                .directory("srv/", 0700)
                .bytes());
        applyAndCommit("top", "base", new RawLayer().file("srv/data/b", "b", 0644).bytes());

        bench.withView("top", root -> {
            assertEquals("a", Files.readString(root.resolve("srv/data/a")));
            assertEquals("b", Files.readString(root.resolve("srv/data/b")));
            assertEquals(0700, (Integer) Files.getAttribute(root.resolve("srv"), "unix:mode") & 07777);
        });
    }

    @Test
    void namesAndSymlinksCannotReachOutsideTheSnapshot() throws IOException {
        Path outside = scratch.directory("outside");
        applyAndCommit("base", "", new RawLayer()
                .file("../../../" + outside.getFileName() + "/dotdot", "x", 0644)
                .file(outside + "/absolute", "x", 0644)
                .symlink("escape", outside.toString())
                .file("escape/through-absolute-link", "x", 0644)
                .symlink("up", "../../../../../../../../" + outside)
                .file("up/through-relative-link", "x", 0644)
                .bytes());
        try (var entries = Files.list(outside)) {
            assertEquals(List.of(), entries.toList());
        }
    }

    @Test
    void hardLinkToAFileOutsideTheLayerFails() {
        byte[] layer = new RawLayer().hardlink("stolen", "/etc/hostname").bytes();
        List<Mount> mounts = snapshotter.prepare("active", "", Map.of());
        assertThrows(IOException.class,
                () -> applier.apply(SnapshotDirectories.ofActive(mounts), new ByteArrayInputStream(layer)));
        assertFalse(Files.exists(Path.of(mounts.get(0).source()).resolve("stolen"), NOFOLLOW));
    }

    @Test
    void gzipAndZstdLayersGiveThePlainTarsDiffId() throws IOException {
        byte[] layer = new RawLayer().file("a", "a", 0644).bytes();
        for (byte[] compressed : List.of(Compressed.gzip(layer), Compressed.zstd(layer))) {
            List<Mount> mounts = snapshotter.prepare("active", "", Map.of());
            assertEquals(Digest.of(layer), applier.apply(SnapshotDirectories.ofActive(mounts), new ByteArrayInputStream(compressed)));
            assertEquals("a", Files.readString(Path.of(mounts.get(0).source()).resolve("a"), StandardCharsets.UTF_8));
            snapshotter.remove("active");
        }
    }
}
