package dev.strata.build.cli;

import dev.strata.build.serve.CommandRunner;
import dev.strata.build.serve.Invocation;
import dev.strata.build.serve.ServeClient;
import dev.strata.build.serve.ServeDaemon;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import dev.strata.build.worker.WorkerLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;

/**
 * Exercises a starting serve daemon's hot paths before it takes clients, so that its first build answers
 * about as fast as its tenth rather than paying for class loading and the JIT: a small built-in
 * Dockerfile converted, built cold and again cached, and its LLB solved, each as a client's command line
 * through the serve protocol and with every progress format, and a RUN step through runc (one that fails
 * at once: a scratch image has no program to run). It all runs on a worker of its own in a
 * temporary directory that is removed after: the served root gains no cache record, snapshot, image or
 * blob.
 */
final class ServeWarmup {
  private static final String DOCKERFILE = String.join("\n",
      "FROM scratch AS files",
      "COPY . /src",
      "FROM scratch",
      "ENV PATH=/bin",
      "WORKDIR /work",
      "COPY --from=files --chown=1:1 /src/a.txt /work/a.txt",
      "COPY --from=files /src/dir/ /work/dir/",
      "");
  /** A step that runs runc and fails at once: the exec path warms up without a binary to run. */
  private static final String FAILING_RUN = String.join("\n",
      "FROM scratch",
      "COPY a.txt /a.txt",
      "RUN [\"/warm-up-has-no-such-program\"]",
      "");

  private final CommandRunner commands;
  private final int maxParallelism;

  /** Runs the warm-up's command lines with {@code commands}, on a worker as parallel as {@code served}. */
  ServeWarmup(CommandRunner commands, WorkerConfig served) {
    this.commands = commands;
    this.maxParallelism = served.maxParallelism();
  }

  /** Builds on a scratch worker until the paths of a cached build are compiled; removes the scratch worker. */
  void run() {
    Path scratch = createScratch();
    try {
      Path context = writeContext(scratch.resolve("context"));
      Path root = scratch.resolve("root");
      try (Worker worker = Worker.open(new WorkerConfig(root, Optional.empty(), maxParallelism));
          ServeDaemon daemon = ServeDaemon.start(worker, commands, new WorkerLayout(root).defaultServeSocket(),
              new PrintStream(OutputStream.nullOutputStream()))) {
        Path llb = scratch.resolve("warmup.llb");
        Files.write(llb, run(root, scratch, "build", "--print-llb", context.toString()));
        run(root, scratch, "build", "--progress", "plain", context.toString());
        run(root, scratch, "build", "--progress", "rawjson", context.toString());
        run(root, scratch, "solve", "--llb", llb.toString(), "--local", "context=" + context, "--progress", "tty");
        Files.writeString(scratch.resolve("Dockerfile.run"), FAILING_RUN);
        runFailing(root, scratch, "build", "-f", scratch.resolve("Dockerfile.run").toString(), "--progress", "plain",
            context.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to warm up the serve daemon in " + scratch + ": " + e.getMessage(), e);
    } finally {
      delete(scratch);
    }
  }

  /** Runs {@code strata-build --root ROOT args...} through the serve protocol; returns its stdout. */
  private static byte[] run(Path root, Path cwd, String... args) {
    return run(root, cwd, 0, args);
  }

  /** Runs a command line that fails as a build does, with exit code 1. */
  private static void runFailing(Path root, Path cwd, String... args) {
    run(root, cwd, Main.FAILURE, args);
  }

  private static byte[] run(Path root, Path cwd, int expectedExitCode, String... args) {
    List<String> line = new ArrayList<>(List.of("--root", root.toString()));
    line.addAll(List.of(args));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exitCode;
    try (ServeClient client = ServeClient.connect(root).orElseThrow(
        () -> new IllegalStateException("failed to warm up the serve daemon: its scratch daemon does not answer"))) {
      exitCode = client.run(new Invocation(line, cwd, Map.of(), false), InputStream.nullInputStream(), stdout, stderr);
    }
    if (exitCode != expectedExitCode) {
      throw new IllegalStateException("failed to warm up the serve daemon: " + String.join(" ", args) + " exited with "
          + exitCode + ": " + stderr.toString(StandardCharsets.UTF_8).strip());
    }
    return stdout.toByteArray();
  }

  private static Path writeContext(Path context) throws IOException {
    Files.createDirectories(context.resolve("dir"));
    Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
    Files.writeString(context.resolve("a.txt"), "a\n");
    for (int i = 0; i < 8; i++) {
      Files.writeString(context.resolve("dir").resolve(i + ".txt"), i + "\n");
    }
    return context;
  }

  private static Path createScratch() {
    try {
      return Files.createTempDirectory("strata-build-warmup-");
    } catch (IOException e) {
      throw new UncheckedIOException("failed to create the serve daemon's warm-up directory: " + e.getMessage(), e);
    }
  }

  private static void delete(Path scratch) {
    try {
      PathUtils.deleteDirectory(scratch);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to remove the serve daemon's warm-up directory " + scratch + ": "
          + e.getMessage(), e);
    }
  }
}
