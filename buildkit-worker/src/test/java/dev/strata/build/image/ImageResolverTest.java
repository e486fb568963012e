package dev.strata.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageResolverTest {
    @TempDir
    Path root;

    private Descriptor store(ContentStore content, String mediaType, byte[] bytes) {
        return Descriptor.of(mediaType, content.write(bytes), bytes.length);
    }

    private Descriptor manifest(ContentStore content, String architecture) {
        Digest diffId = Digest.of(architecture.getBytes(StandardCharsets.UTF_8));
        Descriptor config = store(content, MediaTypes.OCI_CONFIG, OciJson.write(new OciImageConfig(architecture, "linux",
                new OciImageConfig.RootFs("layers", List.of(diffId)))));
        Descriptor layer = Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, diffId, 1);
        return store(content, MediaTypes.DOCKER_MANIFEST,
                OciJson.write(new OciManifest(2, MediaTypes.DOCKER_MANIFEST, config, List.of(layer), Map.of())));
    }

    private static Descriptor forPlatform(Descriptor manifest, String architecture) {
        return new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(),
                new Platform(architecture, "linux", null), Map.of());
    }

    @Test
    void indexResolvesToTheManifestForThePlatform() {
        ContentStore content = ContentStore.open(root);
        Descriptor arm = manifest(content, "arm64");
        Descriptor amd = manifest(content, "amd64");
        Descriptor index = store(content, MediaTypes.DOCKER_MANIFEST_LIST, OciJson.write(new OciIndex(2,
                MediaTypes.DOCKER_MANIFEST_LIST, List.of(forPlatform(arm, "arm64"), forPlatform(amd, "amd64")), Map.of())));

        ResolvedImage image = new ImageResolver(content, Platform.LINUX_AMD64).resolve(index);

        assertEquals(amd.digest(), image.manifestDescriptor().digest());
        assertEquals("amd64", image.config().architecture());
        assertEquals(1, image.manifest().layers().size());
    }

    @Test
    void indexWithoutThePlatformIsInvalid() {
        ContentStore content = ContentStore.open(root);
        Descriptor arm = manifest(content, "arm64");
        Descriptor index = store(content, MediaTypes.OCI_INDEX, OciJson.write(new OciIndex(2,
                MediaTypes.OCI_INDEX, List.of(forPlatform(arm, "arm64")), Map.of())));

        assertThrows(InvalidImageException.class, () -> new ImageResolver(content, Platform.LINUX_AMD64).resolve(index));
    }
}
