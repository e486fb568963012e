package dev.strata.tests.build.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.client.ExecBuilder;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.tests.support.BusyboxTestImage;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.FileTreeListing;
import dev.strata.tests.support.ManagedProcess;
import dev.strata.tests.support.Modules;
import dev.strata.tests.support.Polling;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.TestLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/strata-build as a client of a running serve daemon: the same results and exit codes as in its own
 * process, relative paths from the client's directory, stdin and stdout relayed, and a client that goes
 * away cancels its build. The launcher's native client (buildkit-worker/src/main/c) takes served
 * commands itself and hands the rest to its fallback.
 */
class ServeClientIntegrationTest {
  private static final String BASE = "docker.io/strata/busybox:1";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ScratchDirectory scratch;
  private Path root;
  private StrataBuildCli cli;
  private ManagedProcess daemon;

  @BeforeEach
  void setUp() throws IOException {
    scratch = ScratchDirectory.create("strata-serve-client-");
    root = scratch.resolve("root");
    cli = new StrataBuildCli(root);
    daemon = ManagedProcess.start("strata-build serve", cli.command("serve"), Modules.repositoryRoot(),
        TestLogs.newFile("strata-build-serve"));
    daemon.awaitUnixSocket(root.resolve("serve.sock"), WAIT);
    Path archive = BusyboxTestImage.writeArchive(BASE, scratch.resolve("busybox.tar"));
    cli.run("image", "import", archive.toString()).requireSuccess();
  }

  @AfterEach
  void tearDown() throws IOException {
    try {
      daemon.close();
    } finally {
      scratch.close();
    }
  }

  /** Runs the client in the scratch directory, stdin from {@code stdin}; returns its exit code. */
  private int runIn(Path stdin, Path stdout, String... args) throws IOException, InterruptedException {
    Path stderr = scratch.resolve("stderr");
    Process client = cli.start(scratch.resolve(""), stdin, stdout, stderr, args);
    assertTrue(client.waitFor(2, TimeUnit.MINUTES), "the client ended");
    return client.exitValue();
  }

  private void dockerfile(String directory, String... lines) throws IOException {
    Files.createDirectories(scratch.resolve(directory));
    Files.writeString(scratch.resolve(directory).resolve("Dockerfile"), String.join("\n", lines) + "\n");
  }

  @Test
  void buildsWithPathsRelativeToTheClientAndGivesTheInProcessResult() throws Exception {
    Files.createDirectories(scratch.resolve("context"));
    Files.writeString(scratch.resolve("context/hello.txt"), "hello from the client's directory\n");
    dockerfile("files", "FROM " + BASE, "COPY hello.txt /hello.txt", "RUN cat /hello.txt > /copy.txt");
    Path empty = Files.createFile(scratch.resolve("empty"));

    assertEquals(0, runIn(empty, scratch.resolve("stdout"),
        "build", "context", "-f", "files/Dockerfile", "--output", "type=local,dest=served", "--progress", "plain"),
        Files.readString(scratch.resolve("stderr")) + daemon.logTail());
    assertEquals("hello from the client's directory\n", Files.readString(scratch.resolve("served/copy.txt")));

    assertEquals(0, daemon.stop(Duration.ofSeconds(30)), daemon.logTail());
    assertEquals(0, runIn(empty, scratch.resolve("stdout"),
        "build", "context", "-f", "files/Dockerfile", "--output", "type=local,dest=own", "--progress", "plain"),
        Files.readString(scratch.resolve("stderr")));
    assertEquals(FileTreeListing.of(scratch.resolve("own")), FileTreeListing.of(scratch.resolve("served")));
  }

  @Test
  void theNativeClientRunsServedCommandsWithoutItsJvmFallback() throws Exception {
    String fallback = fallbackPrintingItsCommandLine().toString();

    CommandResult served = nativeClient(fallback, "--root", root.toString(), "image", "ls");
    assertEquals(0, served.exitCode(), served + daemon.logTail());
    assertTrue(served.stdout().contains(BASE), served.toString());
    CommandResult failing = nativeClient(fallback, "--root", root.toString(), "no-such-command");
    assertEquals(2, failing.exitCode(), failing.toString());
    assertTrue(failing.stderr().contains("no-such-command"), failing.toString());

    assertEquals("jvm-client=1 args=--root " + scratch.resolve("no-daemon") + " du\n",
        nativeClient(fallback, "--root", scratch.resolve("no-daemon").toString(), "du").requireSuccess());
    assertEquals("jvm-client=1 args=--root " + root + " serve\n",
        nativeClient(fallback, "--root", root.toString(), "serve").requireSuccess());
  }

  /** A stand-in for bin/strata-build that prints how the native client ran it. */
  private Path fallbackPrintingItsCommandLine() throws IOException {
    Path script = scratch.resolve("fallback.sh");
    Files.writeString(script, "#!/bin/sh\necho \"jvm-client=$STRATA_BUILD_JVM_CLIENT args=$*\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private static CommandResult nativeClient(String... args) {
    Path client = Modules.repositoryRoot().resolve("buildkit-worker/target/strata-build-client");
    return Commands.run(WAIT, Stream.concat(Stream.of(client.toString()), Stream.of(args)).toList());
  }

  @Test
  void exitCodesAreTheInProcessOnes() throws Exception {
    dockerfile("failing", "FROM " + BASE, "RUN exit 3");
    List<List<String>> commands = List.of(
        List.of("build", "failing"),
        List.of("build", "--output", "type=nope,dest=x", "failing"),
        List.of("no-such-command"),
        List.of("du"));
    List<Integer> served = commands.stream().map(this::exitCode).toList();
    assertEquals(List.of(1, 2, 2, 0), served, daemon.logTail());

    assertEquals(0, daemon.stop(Duration.ofSeconds(30)), daemon.logTail());
    assertEquals(served, commands.stream().map(this::exitCode).toList());
  }

  private int exitCode(List<String> args) {
    return cli.run(args.toArray(String[]::new)).exitCode();
  }

  @Test
  void readsTheDefinitionFromStdinAndStreamsTheArchiveToStdout() throws Exception {
    Path definition = Files.write(scratch.resolve("def.pb"), Llb.image(BASE)
        .run(ExecBuilder.shell("echo streamed > /out.txt").options(OpOptions.named("write")))
        .root().marshalBytes());
    Path archive = scratch.resolve("image.tar");

    assertEquals(0, runIn(definition, archive, "solve", "--llb", "-", "--output", "type=oci,dest=-"),
        Files.readString(scratch.resolve("stderr")) + daemon.logTail());

    assertTrue(entries(archive).containsAll(Set.of("oci-layout", "index.json")), entries(archive).toString());
  }

  private static Set<String> entries(Path archive) throws IOException {
    Set<String> names = new HashSet<>();
    try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextTarEntry(); entry != null; entry = tar.getNextTarEntry()) {
        names.add(entry.getName());
      }
    }
    return names;
  }

  @Test
  void killingTheClientCancelsItsBuildAndTheDaemonServesOn() throws Exception {
    dockerfile("slow", "FROM " + BASE, "RUN sleep 600");
    Process client = cli.start(scratch.resolve(""), Files.createFile(scratch.resolve("empty")),
        scratch.resolve("stdout"), scratch.resolve("stderr"), "build", "slow", "--progress", "plain");
    try {
      Polling.await("the build's runc", WAIT, () -> !runcUnderRoot().isEmpty(), daemon::logTail);
    } finally {
      client.destroyForcibly().waitFor();
    }

    // the container is deleted after its runc exits: wait for both
    Polling.await("no runc under the root", WAIT, () -> runcUnderRoot().isEmpty(), () -> runcUnderRoot().toString());
    Polling.await("no container left", WAIT, () -> containers().isEmpty(), this::containers);
    assertTrue(daemon.isAlive(), daemon.logTail());
    assertEquals(0, cli.run("du").exitCode(), daemon.logTail());
  }

  /** The ids of the containers runc still knows under this test's worker root. */
  private String containers() {
    try {
      Process list = new ProcessBuilder("runc", "--root", root.resolve("exec/runc").toString(), "list", "-q").start();
      return new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runc processes (and their containers' sleeps) this test's worker started. */
  private List<String> runcUnderRoot() {
    return ProcessHandle.allProcesses()
        .map(process -> process.info().commandLine().orElse(""))
        .filter(line -> line.contains("runc") && line.contains(root.toString()))
        .toList();
  }
}
