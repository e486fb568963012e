package dev.strata.build.ops.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.MediaTypes;
import dev.strata.build.image.Platform;
import dev.strata.build.image.RegistryException;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import dev.strata.build.llb.pb.SourceOp;
import dev.strata.build.ops.DefinitionKeyedOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image sources resolved from the image store at op creation; the registry at 127.0.0.1:1 refuses
 * every connection, so reaching it shows that the store was not used.
 */
class ImageSourcesTest {
  private static final String UNREACHABLE = "127.0.0.1:1";

  @TempDir Path dir;
  private ContentStore content;
  private ImageIndex images;
  private ImageSources sources;
  private Digest manifest;

  @BeforeEach
  void storeImage() {
    content = ContentStore.open(dir);
    images = ImageIndex.open(dir);
    sources = new ImageSources(content, images, Set.of(UNREACHABLE), Platform.LINUX_AMD64);
    Digest config = content.write(
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8));
    byte[] manifestJson = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + config + "\",\"size\":" + content.size(config) + "},\"layers\":[]}")
        .getBytes(StandardCharsets.UTF_8);
    manifest = content.write(manifestJson);
    Descriptor target = Descriptor.of(MediaTypes.OCI_MANIFEST, manifest, manifestJson.length);
    images.put("docker.io/library/tiny:1", target);
    images.put(UNREACHABLE + "/strata/tiny:1", target);
  }

  private String key(String identifier, Map<String, String> attrs) {
    Op op = Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier(identifier).putAllAttrs(attrs)).build();
    Vertex vertex = new Vertex("sha256:" + "0".repeat(64), op, OpMetadata.getDefaultInstance(), List.of());
    return ((DefinitionKeyedOp) sources.factory().create(vertex)).cacheKey(List.of());
  }

  @Test
  void referencesNormalizeAsDockerDoes() {
    assertEquals("docker.io/library/busybox:latest", ImageSources.reference("docker-image://busybox").toString());
    assertEquals("docker.io/library/busybox:1.36", ImageSources.reference("docker-image://busybox:1.36").toString());
    assertEquals("docker.io/user/app:latest", ImageSources.reference("docker-image://user/app").toString());
    assertEquals("127.0.0.1:5000/app:2", ImageSources.reference("docker-image://127.0.0.1:5000/app:2").toString());
    assertThrows(IllegalArgumentException.class, () -> ImageSources.reference("local://context"));
    assertThrows(IllegalArgumentException.class, () -> ImageSources.reference("docker-image://Busybox"));
  }

  @Test
  void sameImageByAnyNameHasOneKeyFromItsManifest() {
    String key = key("docker-image://tiny:1", Map.of());
    assertEquals(key, key("docker-image://docker.io/library/tiny:1", Map.of()));
    assertEquals(key, key("docker-image://tiny@" + manifest, Map.of()));
    assertEquals(key, key("docker-image://other:9@" + manifest, Map.of(ImageSourceAttributes.RESOLVE_MODE, "local")));
    assertEquals(key, key("docker-image://" + UNREACHABLE + "/strata/tiny:1", Map.of()));
  }

  @Test
  void pinThatTheStoreDoesNotHoldIsNotTakenFromTheTag() {
    String pinned = "docker-image://" + UNREACHABLE + "/strata/tiny:1@sha256:" + "b".repeat(64);
    assertThrows(RegistryException.class, () -> key(pinned, Map.of()));
  }

  @Test
  void pullModeAsksTheRegistryEvenWhenTheStoreHasTheImage() {
    String stored = "docker-image://" + UNREACHABLE + "/strata/tiny:1";
    assertThrows(RegistryException.class, () -> key(stored, Map.of(ImageSourceAttributes.RESOLVE_MODE, "pull")));
  }

  @Test
  void attributesAreCheckedAsBuildKitChecksThem() {
    assertEquals(ImageSourceAttributes.ResolveMode.DEFAULT, ImageSourceAttributes.parse(Map.of()).resolveMode());
    assertEquals(ImageSourceAttributes.ResolveMode.DEFAULT,
        ImageSourceAttributes.parse(Map.of(ImageSourceAttributes.RESOLVE_MODE, "default")).resolveMode());
    assertEquals(ImageSourceAttributes.ResolveMode.PULL,
        ImageSourceAttributes.parse(Map.of(ImageSourceAttributes.RESOLVE_MODE, "pull")).resolveMode());
    assertEquals(ImageSourceAttributes.ResolveMode.LOCAL,
        ImageSourceAttributes.parse(Map.of(ImageSourceAttributes.RESOLVE_MODE, "local",
            ImageSourceAttributes.RECORD_TYPE, "internal")).resolveMode());
    assertThrows(IllegalArgumentException.class,
        () -> ImageSourceAttributes.parse(Map.of(ImageSourceAttributes.RESOLVE_MODE, "always")));
    assertThrows(IllegalArgumentException.class,
        () -> ImageSourceAttributes.parse(Map.of(ImageSourceAttributes.RECORD_TYPE, "weird")));
    assertThrows(IllegalArgumentException.class, () -> key("docker-image://tiny:1", Map.of(ImageSourceAttributes.RESOLVE_MODE, "x")));
  }
}
