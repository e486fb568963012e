package dev.strata.tests.build.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.State;
import dev.strata.tests.support.BusyboxTestImage;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.ManagedProcess;
import dev.strata.tests.support.Modules;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.TestLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code bin/strata-build} end to end: file-op builds, the cache, images, du/prune and the serve daemon. */
class StrataBuildCliIntegrationTest {
  private static final String MKDIR = "mkdir /data";
  private static final String WRITE = "write /data/hello";

  private ScratchDirectory scratch;
  private StrataBuildCli cli;
  private Path definition;

  @BeforeEach
  void setUp() throws IOException {
    scratch = ScratchDirectory.create("strata-cli-");
    cli = new StrataBuildCli(scratch.resolve("root"));
    definition = write("build.pb", Llb.scratch()
        .file(OpOptions.named(MKDIR), FileAction.mkdir("/data", 0755))
        .file(OpOptions.named(WRITE), FileAction.mkfile("/data/hello", 0644, "hi".getBytes(StandardCharsets.UTF_8))));
  }

  @AfterEach
  void tearDown() throws IOException {
    scratch.close();
  }

  private Path write(String name, State state) throws IOException {
    return Files.write(scratch.resolve(name), state.marshalBytes());
  }

  private CommandResult solve(Path llb) {
    return cli.run("solve", "--llb", llb.toString(), "--progress", "plain");
  }

  /** Like buildctl, a cached build shows every step as CACHED and runs none. */
  private static void assertFullyCached(CommandResult result, String context) {
    assertTrue(result.stderr().contains("#1 " + MKDIR + "\n#1 CACHED\n"), result + context);
    assertTrue(result.stderr().contains("#2 " + WRITE + "\n#2 CACHED\n"), result + context);
    assertFalse(result.stderr().contains("DONE"), result + context);
  }

  @Test
  void solvesWithPlainProgressAndTheSecondRunIsCached() {
    CommandResult first = solve(definition);
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.stderr().contains("#1 " + MKDIR + "\n"), first.toString());
    assertTrue(first.stderr().contains("#2 " + WRITE + "\n#2 DONE "), first.toString());

    CommandResult second = solve(definition);
    assertEquals(0, second.exitCode(), second.toString());
    assertFullyCached(second, "");
  }

  @Test
  void aFailedStepExitsOneNamingTheStep() throws IOException {
    Path failing = write("failing.pb", Llb.scratch()
        .file(OpOptions.named("remove what is not there"), FileAction.rm("/not-there")));

    CommandResult result = solve(failing);

    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("#1 ERROR: "), result.toString());
    assertTrue(result.stderr().contains("strata-build: failed to solve remove what is not there"), result.toString());
  }

  @Test
  void duListsCachedResultsAndPruneRemovesThemButKeepsImages() {
    Path archive = BusyboxTestImage.writeArchive("docker.io/strata/busybox:1", scratch.resolve("busybox.tar"));
    cli.run("image", "import", archive.toString()).requireSuccess();
    solve(definition).requireSuccess();

    String usage = cli.run("du").requireSuccess();
    assertEquals(2 + 2, usage.lines().count(), usage);

    String pruned = cli.run("prune").requireSuccess();
    assertTrue(pruned.startsWith("Removed 2 "), pruned);
    assertEquals(2, cli.run("du").requireSuccess().lines().count());
    assertTrue(cli.run("image", "ls").requireSuccess().contains("docker.io/strata/busybox:1"));

    CommandResult rebuilt = solve(definition);
    assertTrue(rebuilt.stderr().contains("#1 " + MKDIR + "\n#1 DONE "), rebuilt.toString());
  }

  @Test
  void importsListsAndRemovesImages() {
    Path archive = BusyboxTestImage.writeArchive("docker.io/strata/busybox:1", scratch.resolve("busybox.tar"));

    String imported = cli.run("image", "import", archive.toString(), "--name", "localhost:5000/mine:2").requireSuccess();
    assertTrue(imported.contains("docker.io/strata/busybox:1"), imported);

    String listed = cli.run("image", "ls").requireSuccess();
    assertTrue(listed.contains("docker.io/strata/busybox:1"), listed);
    assertTrue(listed.contains("localhost:5000/mine:2"), listed);

    cli.run("image", "rm", "docker.io/strata/busybox:1").requireSuccess();
    String after = cli.run("image", "ls").requireSuccess();
    assertFalse(after.contains("docker.io/strata/busybox:1"), after);
    assertTrue(after.contains("localhost:5000/mine:2"), after);
    assertEquals(1, cli.run("image", "rm", "docker.io/strata/busybox:1").exitCode());
  }

  @Test
  void solvesAndRunsWorkerCommandsThroughARunningServeDaemonAndFallsBackWhenItStops() throws IOException {
    Path root = scratch.resolve("root");
    Path socket = root.resolve("serve.sock");
    try (ManagedProcess daemon = ManagedProcess.start("strata-build serve", cli.command("serve"),
        Modules.repositoryRoot(), TestLogs.newFile("strata-build-serve"))) {
      daemon.awaitUnixSocket(socket, Duration.ofSeconds(60));

      CommandResult first = solve(definition);
      assertTrue(first.stderr().contains("#2 " + WRITE + "\n#2 DONE "), first + daemon.logTail());
      CommandResult second = solve(definition);
      assertFullyCached(second, daemon.logTail());
      CommandResult malformed = cli.run("solve", "--llb", definition.toString(), "--output", "type=nope,dest=/tmp/x");
      assertEquals(2, malformed.exitCode(), malformed.toString());
      Path exported = scratch.resolve("exported");
      cli.run("solve", "--llb", definition.toString(), "--output", "type=local,dest=" + exported).requireSuccess();
      try (Stream<Path> files = Files.list(exported)) {
        assertTrue(files.findAny().isPresent(), "the daemon exported the result to " + exported);
      }

      Path archive = BusyboxTestImage.writeArchive("docker.io/strata/busybox:1", scratch.resolve("busybox.tar"));
      cli.run("image", "import", archive.toString()).requireSuccess();
      assertTrue(cli.run("image", "ls").requireSuccess().contains("docker.io/strata/busybox:1"));
      assertEquals(2 + 2, cli.run("du").requireSuccess().lines().count());
      assertEquals(1, cli.run("image", "rm", "docker.io/strata/missing:1").exitCode());

      assertEquals(0, daemon.stop(Duration.ofSeconds(30)), daemon.logTail());
    }
    assertFalse(Files.exists(socket));
    assertFalse(Files.exists(root.resolve("serve.address")));

    CommandResult inProcess = solve(definition);
    assertFullyCached(inProcess, "");
  }
}
