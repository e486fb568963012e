package dev.strata.tests.build.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Digest;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.ImagePuller;
import dev.strata.build.image.ImageReference;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.NamedImage;
import dev.strata.build.image.Platform;
import dev.strata.build.image.RegistryClient;
import dev.strata.build.layer.ImageUnpacker;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.tests.support.FileTreeListing;
import dev.strata.tests.support.SampleRegistry;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SharedSamples;
import dev.strata.tests.support.SnapshotListing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sample base image pulled and unpacked by Strata lists exactly as BuildKit's results list their
 * base: the lines both samples' truth.txt share (each sample adds only its own paths). A check of
 * the listing format and of our pull and unpack against BuildKit's. Needs root.
 */
class BaseImageListingIntegrationTest {

    @Test
    void unpackedSampleImageListsAsBuildKitsResultsListTheirBase() throws IOException {
        List<String> copyFrom = FileTreeListing.read(SharedSamples.resolve("copy-from").resolve("truth.txt"));
        List<String> sharedByBoth = FileTreeListing.read(SharedSamples.resolve("multistage-parallel").resolve("truth.txt"))
                .stream().filter(copyFrom::contains).toList();

        try (ScratchDirectory scratch = ScratchDirectory.create("strata-e2e-base-");
             SampleRegistry registry = SampleRegistry.onFreePort(scratch.directory("registry"));
             OverlaySnapshotter snapshotter = OverlaySnapshotter.open(scratch.resolve("snapshots"))) {
            Path worker = scratch.directory("worker");
            ContentStore content = ContentStore.open(worker);
            NamedImage pulled = new ImagePuller(RegistryClient.create(Set.of(registry.host())), content,
                    ImageIndex.open(worker), Platform.LINUX_AMD64)
                    .pull(ImageReference.parse(registry.host() + "/library/busybox:test"));
            Digest top = new ImageUnpacker(content, snapshotter)
                    .unpack(new ImageResolver(content, Platform.LINUX_AMD64).resolve(pulled.target()));

            assertEquals(sharedByBoth, SnapshotListing.of(snapshotter, top.toString(), scratch.directory("mnt")));
        }
    }
}
