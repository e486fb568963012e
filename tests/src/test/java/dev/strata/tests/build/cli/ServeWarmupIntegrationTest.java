package dev.strata.tests.build.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.tests.support.ManagedProcess;
import dev.strata.tests.support.Modules;
import dev.strata.tests.support.Polling;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.TestLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A serve daemon warms up on a scratch worker of its own before it runs command lines: once it answers, the
 * root it serves holds no cached result, image or blob, and the scratch worker is gone from the temporary
 * directory. It listens from the start, so a command line handed in during the warm-up waits for it.
 */
class ServeWarmupIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ScratchDirectory scratch;
  private Path root;
  private Path temporary;
  private StrataBuildCli cli;

  @BeforeEach
  void setUp() throws IOException {
    scratch = ScratchDirectory.create("strata-serve-warmup-");
    root = scratch.resolve("root");
    temporary = scratch.directory("tmp");
    cli = new StrataBuildCli(root);
  }

  @AfterEach
  void tearDown() throws IOException {
    scratch.close();
  }

  @Test
  void leavesTheServedRootAndTheTemporaryDirectoryEmpty() throws IOException {
    Path log = TestLogs.newFile("strata-build-serve");
    List<String> command = new ArrayList<>(List.of("env", "STRATA_JAVA_OPTS=-Djava.io.tmpdir=" + temporary));
    command.addAll(cli.command("serve"));
    try (ManagedProcess daemon = ManagedProcess.start("strata-build serve", command, Modules.repositoryRoot(), log)) {
      daemon.awaitUnixSocket(root.resolve("serve.sock"), WAIT);
      // the daemon logs its warm-up just after its socket appears
      Polling.await("the daemon to log its warm-up", WAIT, () -> logContains(log, "warmed up"), daemon::logTail);

      assertEquals(2, cli.run("du").requireSuccess().lines().count(), "du lists only its header and total");
      assertEquals(1, cli.run("image", "ls").requireSuccess().lines().count(), "image ls lists only its header");
      assertEquals(List.of(), regularFiles(root.resolve("content")));
      assertEquals(List.of(), regularFiles(temporary));
    }
  }

  @Test
  void runsACommandHandedInDuringTheWarmUpOnceWarm() throws IOException {
    Path log = TestLogs.newFile("strata-build-serve");
    try (ManagedProcess daemon = ManagedProcess.start("strata-build serve", cli.command("serve"), Modules.repositoryRoot(), log)) {
      Polling.await("the daemon to listen and start its warm-up", WAIT, () -> logContains(log, "warming up"), daemon::logTail);

      // the root is the daemon's from now on: run in its own process, du would fail on it
      assertEquals(2, cli.run("du").requireSuccess().lines().count(), "du lists only its header and total");
      assertTrue(logContains(log, "warmed up"), "the daemon ran du only after its warm-up");
    }
  }

  private static boolean logContains(Path log, String text) {
    try {
      return Files.readString(log).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> regularFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
