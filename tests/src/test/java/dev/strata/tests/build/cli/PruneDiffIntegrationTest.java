package dev.strata.tests.build.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.State;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code strata-build prune} removes a diff of unrelated snapshots together with the helper snapshot it owns. */
class PruneDiffIntegrationTest {
  private ScratchDirectory scratch;
  private StrataBuildCli cli;

  @BeforeEach
  void setUp() throws IOException {
    scratch = ScratchDirectory.create("strata-prune-diff-");
    cli = new StrataBuildCli(scratch.resolve("root"));
  }

  @AfterEach
  void tearDown() throws IOException {
    scratch.close();
  }

  private static State file(String path, String text) {
    return Llb.scratch().file(FileAction.mkfile(path, 0644, text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void pruneLeavesNoSnapshotBehind() throws IOException {
    Path definition = Files.write(scratch.resolve("diff.pb"), Llb.diff(file("/a", "a"), file("/b", "b")).marshalBytes());
    cli.run("solve", "--llb", definition.toString(), "--progress", "plain").requireSuccess();

    cli.run("prune").requireSuccess();

    try (Stream<Path> left = Files.list(scratch.resolve("root/snapshots/snapshots"))) {
      assertEquals(0, left.count());
    }
  }
}
