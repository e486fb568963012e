package dev.strata.tests.build.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.client.ExecBuilder;
import dev.strata.build.llb.client.ExecMount;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.State;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.tests.support.BusyboxTestImage;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code strata-build du} and {@code prune} beyond plain cached results: unrelated diffs and cache mounts. */
class PruneIntegrationTest {
  private ScratchDirectory scratch;
  private StrataBuildCli cli;

  @BeforeEach
  void setUp() throws IOException {
    scratch = ScratchDirectory.create("strata-prune-");
    cli = new StrataBuildCli(scratch.resolve("root"));
  }

  @AfterEach
  void tearDown() throws IOException {
    scratch.close();
  }

  private void solve(String name, State state) throws IOException {
    Path definition = Files.write(scratch.resolve(name), state.marshalBytes());
    cli.run("solve", "--llb", definition.toString(), "--progress", "plain").requireSuccess();
  }

  private static State file(String path, String text) {
    return Llb.scratch().file(FileAction.mkfile(path, 0644, text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void pruneRemovesAnUnrelatedDiffWithItsHelperSnapshot() throws IOException {
    solve("diff.pb", Llb.diff(file("/a", "a"), file("/b", "b")));

    cli.run("prune").requireSuccess();

    try (Stream<Path> left = Files.list(scratch.resolve("root/snapshots/snapshots"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void duListsCacheMountsAndPruneRemovesThem() throws IOException {
    String image = "docker.io/strata/busybox:1";
    cli.run("image", "import", BusyboxTestImage.writeArchive(image, scratch.resolve("busybox.tar")).toString())
        .requireSuccess();
    solve("cache.pb", Llb.image(image).run(ExecBuilder.shell("echo kept > /cache/file")
        .mount(ExecMount.cache("/cache", "prune-cache", CacheSharingOpt.SHARED))).root());
    assertTrue(cli.run("du").requireSuccess().contains("cache-mount:"));

    String pruned = cli.run("prune").requireSuccess();

    assertTrue(pruned.contains("Removed 1 cache mounts"), pruned);
    String usage = cli.run("du").requireSuccess();
    assertFalse(usage.contains("cache-mount:"), usage);
  }
}
