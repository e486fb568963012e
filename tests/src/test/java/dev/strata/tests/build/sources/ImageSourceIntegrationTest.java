package dev.strata.tests.build.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.frontend.dockerfile.ResolvedBase;
import dev.strata.build.image.ArchiveImporter;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.OciIndex;
import dev.strata.build.image.OciJson;
import dev.strata.build.image.Platform;
import dev.strata.build.image.RegistryException;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.source.ImageSources;
import dev.strata.build.ops.source.OciLayoutSources;
import dev.strata.build.ops.source.SourceNotFoundException;
import dev.strata.build.solver.SolveException;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import dev.strata.tests.support.BusyboxTestImage;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.RegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker-image:// and oci-layout:// sources solved on overlayfs: from the image store filled by an
 * archive import, from a loopback docker-registry (plain HTTP only when named insecure), and from an
 * OCI layout directory the session names. Needs root.
 */
class ImageSourceIntegrationTest {
  private static final String IMPORTED = "docker.io/strata/busybox:1";

  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension("strata-image-source-");

  private static SourceSolveBench bench(Set<String> insecure) {
    return SourceSolveBench.create("strata-image-solve-", bench -> OpResolver.builder()
        .register(OpKind.SOURCE_IMAGE,
            new ImageSources(bench.content(), bench.images(), insecure, Platform.LINUX_AMD64).factory())
        .register(OpKind.SOURCE_OCI_LAYOUT, new OciLayoutSources(bench.content(), Platform.LINUX_AMD64).factory())
        .build());
  }

  private static Path busyboxArchive(SourceSolveBench bench) {
    return BusyboxTestImage.writeArchive(IMPORTED, bench.scratch().resolve("busybox.tar"));
  }

  private static void assertBusyboxTree(Path root) throws IOException {
    assertTrue(Files.isExecutable(root.resolve("bin/busybox")));
    assertEquals("busybox", Files.readSymbolicLink(root.resolve("bin/sh")).toString());
    assertEquals(BusyboxTestImage.LAYER2_CONTENT + "\n",
        Files.readString(root.resolve(BusyboxTestImage.LAYER2_FILE.substring(1))));
    assertFalse(Files.exists(root.resolve(BusyboxTestImage.DELETED_FILE.substring(1))));
  }

  @Test
  void importedImageSolvesToItsChainSnapshotByShortName() throws IOException {
    try (SourceSolveBench bench = bench(Set.of())) {
      new ArchiveImporter(bench.content(), bench.images()).importArchive(busyboxArchive(bench));

      CommittedSnapshot result = bench.solve(Llb.image("strata/busybox:1").marshalBytes(), Session.EMPTY);

      assertTrue(result.name().startsWith("sha256:"), "the image's own chain-ID snapshot: " + result);
      bench.withTree(result, ImageSourceIntegrationTest::assertBusyboxTree);
      assertEquals(result, bench.solve(Llb.image(IMPORTED).marshalBytes(), Session.EMPTY));
    }
  }

  @Test
  void imageFromInsecureRegistryIsPulledOverHttp() throws IOException {
    try (SourceSolveBench bench = bench(Set.of(registry.host()))) {
      CommittedSnapshot result =
          bench.solve(Llb.image(registry.host() + "/library/busybox:test").marshalBytes(), Session.EMPTY);

      bench.withTree(result, root -> assertTrue(Files.isExecutable(root.resolve("bin/busybox"))));
      assertTrue(bench.images().get(registry.host() + "/library/busybox:test").isPresent());
    }
  }

  @Test
  void cachedImageSourceFetchesNoLayerEvenWhenResolvingByPull() throws IOException {
    String name = registry.host() + "/library/busybox:test";
    byte[] definition = SourceDefinitions.source("docker-image://" + name, Map.of("image.resolvemode", "pull"));
    try (SourceSolveBench bench = bench(Set.of(registry.host()))) {
      CommittedSnapshot first = bench.solve(definition, Session.EMPTY);
      List<Descriptor> layers = new ImageResolver(bench.content(), Platform.LINUX_AMD64)
          .resolve(bench.images().get(name).orElseThrow()).manifest().layers();
      layers.forEach(layer -> bench.content().remove(layer.digest()));

      assertEquals(first, bench.solve(definition, Session.EMPTY));

      assertTrue(layers.stream().noneMatch(layer -> bench.content().contains(layer.digest())),
          "a cached source downloads no layer");
    }
  }

  @Test
  void digestPinnedBaseImageComesFromTheStoreWithoutARegistry() throws IOException {
    Path archive = BusyboxTestImage.writeArchive(IMPORTED, registry.scratch().resolve("busybox-pinned.tar"));
    try (Worker worker = Worker.open(new WorkerConfig(registry.scratch().directory("worker"), Optional.empty(), 1))) {
      Descriptor target = worker.importImage(archive, Optional.empty()).get(0).target();
      ResolvedBase byTag = worker.resolveImageConfig(IMPORTED, OciPlatform.LINUX_AMD64, Set.of());

      // docker.io is never asked: it does not hold this image
      ResolvedBase pinned =
          worker.resolveImageConfig("strata/busybox@" + target.digest(), OciPlatform.LINUX_AMD64, Set.of());

      assertEquals(byTag.digest(), pinned.digest());
    }
  }

  @Test
  void registryNotNamedInsecureIsRefusedPlainHttp() throws IOException {
    try (SourceSolveBench bench = bench(Set.of())) {
      SolveException failure = assertThrows(SolveException.class,
          () -> bench.solve(Llb.image(registry.host() + "/library/busybox:test").marshalBytes(), Session.EMPTY));
      assertInstanceOf(RegistryException.class, failure.getCause());
    }
  }

  @Test
  void pinnedDigestThatTheRegistryDoesNotHoldFails() throws IOException {
    try (SourceSolveBench bench = bench(Set.of(registry.host()))) {
      String pinned = registry.host() + "/library/busybox:test@sha256:" + "e".repeat(64);
      SolveException failure = assertThrows(SolveException.class,
          () -> bench.solve(Llb.image(pinned).marshalBytes(), Session.EMPTY));
      assertInstanceOf(RegistryException.class, failure.getCause());
      assertEquals(404, ((RegistryException) failure.getCause()).status());
    }
  }

  @Test
  void ociLayoutSourceReadsTheSessionsLayoutDirectory() throws IOException {
    try (SourceSolveBench bench = bench(Set.of())) {
      Path layout = bench.scratch().directory("layout");
      Commands.run(Duration.ofMinutes(1),
          List.of("tar", "-xf", busyboxArchive(bench).toString(), "-C", layout.toString())).requireSuccess();
      String manifest = OciJson.read(Files.readAllBytes(layout.resolve("index.json")), OciIndex.class)
          .manifests().get(0).digest().toString();
      byte[] definition = SourceDefinitions.source("oci-layout://app@" + manifest, Map.of("oci.store", "ctx"));

      SolveException missing = assertThrows(SolveException.class, () -> bench.solve(definition, Session.EMPTY));
      assertInstanceOf(SourceNotFoundException.class, missing.getCause());

      CommittedSnapshot result = bench.solve(definition, new Session(Map.of(), Map.of(), Set.of(), Map.of("ctx", layout)));

      bench.withTree(result, ImageSourceIntegrationTest::assertBusyboxTree);
    }
  }
}
