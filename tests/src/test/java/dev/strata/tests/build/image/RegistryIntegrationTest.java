package dev.strata.tests.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.ImagePuller;
import dev.strata.build.image.ImagePusher;
import dev.strata.build.image.ImageReference;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.NamedImage;
import dev.strata.build.image.Platform;
import dev.strata.build.image.RegistryClient;
import dev.strata.build.image.RegistryException;
import dev.strata.build.image.ResolvedImage;
import dev.strata.build.layer.ImageUnpacker;
import dev.strata.tests.support.RegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pulls the sample busybox from a loopback docker-registry over plain HTTP, unpacks it, pushes it back. Needs root. */
class RegistryIntegrationTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension("strata-pull-");

    private ImagePuller puller(ContentStore content, ImageIndex images) {
        return new ImagePuller(RegistryClient.create(Set.of(registry.host())), content, images, Platform.LINUX_AMD64);
    }

    @Test
    void pullByTagThenByDigestUnpacksBusybox() throws IOException {
        Path worker = registry.scratch().directory("worker-tag");
        ContentStore content = ContentStore.open(worker);
        ImageIndex images = ImageIndex.open(worker);
        ImageReference reference = ImageReference.parse(registry.host() + "/library/busybox:test");

        NamedImage pulled = puller(content, images).pull(reference);

        assertEquals(Optional.of(pulled.target()), images.get(reference.toString()));
        ResolvedImage image = new ImageResolver(content, Platform.LINUX_AMD64).resolve(pulled.target());
        ImageReference pinned = ImageReference.parse(registry.host() + "/library/busybox@" + image.manifestDescriptor().digest());
        ContentStore second = ContentStore.open(registry.scratch().directory("worker-digest"));
        assertEquals(image.manifestDescriptor().digest(),
                puller(second, ImageIndex.open(registry.scratch().directory("worker-digest"))).pull(pinned).target().digest());

        try (SnapshotBench bench = SnapshotBench.create("strata-pull-snapshots-")) {
            Digest top = new ImageUnpacker(content, bench.snapshotter()).unpack(image);
            bench.withView(top.toString(), rootfs -> assertTrue(Files.isExecutable(rootfs.resolve("bin/busybox"))));
        }
    }

    @Test
    void pushedImagePullsBackUnderItsNewName() {
        Path source = registry.scratch().directory("worker-push");
        ContentStore content = ContentStore.open(source);
        NamedImage pulled = puller(content, ImageIndex.open(source))
                .pull(ImageReference.parse(registry.host() + "/library/busybox:test"));
        ImageResolver resolver = new ImageResolver(content, Platform.LINUX_AMD64);
        ImageReference copy = ImageReference.parse(registry.host() + "/strata/copy:1");

        Descriptor pushed = new ImagePusher(RegistryClient.create(Set.of(registry.host())), content, resolver)
                .push(pulled.target(), copy);

        Path target = registry.scratch().directory("worker-pull-back");
        ContentStore pulledBack = ContentStore.open(target);
        NamedImage back = puller(pulledBack, ImageIndex.open(target)).pull(copy);
        assertEquals(pushed.digest(), back.target().digest());
        ResolvedImage image = new ImageResolver(pulledBack, Platform.LINUX_AMD64).resolve(back.target());
        assertEquals(resolver.resolve(pulled.target()).manifest(), image.manifest());
        image.manifest().layers().forEach(layer -> assertTrue(pulledBack.contains(layer.digest())));
    }

    @Test
    void unknownTagIsANotFoundAnswer() {
        Path worker = registry.scratch().directory("worker-missing");
        ImagePuller puller = puller(ContentStore.open(worker), ImageIndex.open(worker));
        RegistryException failure = assertThrows(RegistryException.class,
                () -> puller.pull(ImageReference.parse(registry.host() + "/library/busybox:absent")));
        assertEquals(404, failure.status());
    }
}
