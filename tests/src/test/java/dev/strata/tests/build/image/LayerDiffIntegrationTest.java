package dev.strata.tests.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Digest;
import dev.strata.build.image.MediaTypes;
import dev.strata.build.layer.Compression;
import dev.strata.build.layer.DiffOptions;
import dev.strata.build.layer.LayerApplier;
import dev.strata.build.layer.LayerBlob;
import dev.strata.build.layer.LayerDiffer;
import dev.strata.build.layer.SnapshotDiffer;
import dev.strata.build.layer.SnapshotDirectories;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Diffs of real overlay snapshots changed through a mount, read back as tars and applied again. Needs root. */
class LayerDiffIntegrationTest {
    private static final Instant EPOCH = Instant.ofEpochSecond(1_500_000_000L);

    private SnapshotBench bench;
    private ScratchDirectory scratch;
    private OverlaySnapshotter snapshotter;
    private ContentStore content;
    private SnapshotDiffer differ;

    @BeforeEach
    void open() {
        bench = SnapshotBench.create("strata-diff-");
        scratch = bench.scratch();
        snapshotter = bench.snapshotter();
        content = ContentStore.open(scratch.resolve("content"));
        differ = new SnapshotDiffer(snapshotter, new LayerDiffer(content));
    }

    @AfterEach
    void close() throws IOException {
        bench.close();
    }

    private void commitBase() throws IOException {
        bench.change("base-active", "", root -> {
            Files.createDirectories(root.resolve("etc"));
            Files.writeString(root.resolve("etc/keep"), "keep");
            Files.writeString(root.resolve("etc/gone"), "gone");
            Files.createDirectories(root.resolve("cache/sub"));
            Files.writeString(root.resolve("cache/sub/old"), "old");
        });
        snapshotter.commit("base", "base-active", Map.of());
    }

    private List<String> entryNames(LayerBlob blob) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = content.open(blob.descriptor().digest());
             TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressing(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName() + (entry.isLink() ? " => " + entry.getLinkName() : ""));
            }
        }
        return names;
    }

    @Test
    void diffHoldsChangesWhiteoutsOpaqueDirectoriesAndHardLinksInOrder() throws IOException {
        commitBase();
        bench.change("child", "base", root -> {
            Files.delete(root.resolve("etc/gone"));
            Files.delete(root.resolve("cache/sub/old"));
            Files.delete(root.resolve("cache/sub"));
            Files.delete(root.resolve("cache"));
            Files.createDirectories(root.resolve("cache"));
            Files.writeString(root.resolve("cache/new"), "new");
            Files.writeString(root.resolve("b"), "b");
            Files.createLink(root.resolve("a"), root.resolve("b"));
        });

        LayerBlob blob = differ.diff("child", DiffOptions.DEFAULT);

        assertEquals(MediaTypes.OCI_LAYER_GZIP, blob.descriptor().mediaType());
        assertEquals(blob.descriptor().size(), content.size(blob.descriptor().digest()));
        assertEquals(List.of("a", "b => a", "cache/", "cache/.wh..wh..opq", "cache/new", "etc/", "etc/.wh.gone"),
                entryNames(blob));
    }

    @Test
    void diffAppliedOnTheSameParentGivesTheSameTreeAndDiffId() throws IOException {
        commitBase();
        bench.change("child", "base", root -> {
            Files.delete(root.resolve("etc/gone"));
            Files.writeString(root.resolve("etc/added"), "added");
        });
        LayerBlob blob = differ.diff("child", DiffOptions.DEFAULT.withSourceDateEpoch(EPOCH));

        SnapshotDirectories copy = SnapshotDirectories.ofActive(snapshotter.prepare("copy", "base", Map.of()));
        Digest applied;
        try (InputStream in = content.open(blob.descriptor().digest())) {
            applied = new LayerApplier().apply(copy, in);
        }
        assertEquals(blob.diffId(), applied);
        assertEquals(blob, differ.diff("copy", DiffOptions.DEFAULT.withSourceDateEpoch(EPOCH)));
        snapshotter.commit("copied", "copy", Map.of());
        bench.withView("copied", root -> {
            assertEquals("added", Files.readString(root.resolve("etc/added")));
            assertEquals("keep", Files.readString(root.resolve("etc/keep")));
            assertFalse(Files.exists(root.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS));
        });
    }

    @Test
    void sourceDateEpochMakesDiffsOfEqualContentEqual() throws IOException {
        List<LayerBlob> clamped = new ArrayList<>();
        List<LayerBlob> unclamped = new ArrayList<>();
        for (long seconds : List.of(1_600_000_000L, 1_700_000_000L)) {
            String key = "build-" + seconds;
            bench.change(key, "", root -> {
                Files.createDirectories(root.resolve("app"));
                Files.writeString(root.resolve("app/main"), "main");
                for (Path path : List.of(root.resolve("app/main"), root.resolve("app"))) {
                    Files.setLastModifiedTime(path, FileTime.from(Instant.ofEpochSecond(seconds)));
                }
            });
            clamped.add(differ.diff(key, DiffOptions.DEFAULT.withSourceDateEpoch(EPOCH)));
            unclamped.add(differ.diff(key, DiffOptions.DEFAULT));
        }
        assertEquals(clamped.get(0), clamped.get(1));
        assertNotEquals(unclamped.get(0).diffId(), unclamped.get(1).diffId());
    }

    @Test
    void symlinkIsALinkEntryWithoutContent() throws IOException {
        bench.change("links", "", root -> {
            Files.writeString(root.resolve("target.txt"), "the target's content");
            Files.createSymbolicLink(root.resolve("link"), Path.of("target.txt"));
        });

        LayerBlob blob = differ.diff("links", DiffOptions.DEFAULT);

        try (InputStream in = content.open(blob.descriptor().digest());
             TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressing(in))) {
            TarArchiveEntry link = tar.getNextEntry();
            assertEquals("link", link.getName());
            assertTrue(link.isSymbolicLink());
            assertEquals("target.txt", link.getLinkName());
            assertEquals(0, link.getSize());
        }
    }

    @Test
    void committedSnapshotDiffEqualsItsActiveDiffAndZstdIsOnRequest() throws IOException {
        commitBase();
        DiffOptions zstd = DiffOptions.DEFAULT.withCompression(Compression.ZSTD).withSourceDateEpoch(EPOCH);
        bench.change("child", "base", root -> Files.writeString(root.resolve("etc/new"), "new"));
        LayerBlob active = differ.diff("child", zstd);
        snapshotter.commit("child-committed", "child", Map.of());

        assertEquals(active, differ.diff("child-committed", zstd));
        assertEquals(MediaTypes.OCI_LAYER_ZSTD, active.descriptor().mediaType());
        assertEquals(List.of("etc/", "etc/new"), entryNames(active));
    }
}
