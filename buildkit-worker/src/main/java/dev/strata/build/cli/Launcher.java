package dev.strata.build.cli;

import dev.strata.build.serve.Invocation;
import dev.strata.build.serve.ServeClient;
import dev.strata.build.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * bin/strata-build's entry point: hands the command line to the serve daemon of its root when one
 * answers, else runs it in this process ({@link InProcess}). The client path loads JDK classes and a
 * few small ones of ours only (no picocli, protobuf or jackson), all from the launcher jar
 * ({@code target/buildkit-worker-launcher.jar}), so a cached build answers as fast as the daemon does.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    Optional<ServeClient> daemon = servedCommand(args) ? ServeClient.connect(root(args)) : Optional.empty();
    if (daemon.isEmpty()) {
      InProcess.main(args);
      return;
    }
    int exitCode;
    try (ServeClient client = daemon.get()) {
      exitCode = client.run(Invocation.ofThisProcess(args), System.in, System.out, System.err);
    } catch (RuntimeException e) {
      System.err.println("strata-build: " + e.getMessage());
      exitCode = Main.FAILURE;
    }
    System.exit(exitCode);
  }

  /** The --root the command line gives, as picocli would read it. */
  private static Path root(String[] args) {
    for (int i = 0; i < args.length && !isCommand(args, i); i++) {
      if (args[i].equals("--root") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--root=")) {
        return Path.of(args[i].substring("--root=".length()));
      }
    }
    return WorkerConfig.DEFAULT_ROOT;
  }

  /** Every command but serve, which is the daemon itself, runs on the daemon. */
  private static boolean servedCommand(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (isCommand(args, i)) {
        return !args[i].equals("serve");
      }
    }
    return true;
  }

  /** Whether {@code args[i]} is the command: the first word that is neither a global option nor its value. */
  private static boolean isCommand(String[] args, int i) {
    if (args[i].startsWith("-")) {
      return false;
    }
    if (i > 0 && (args[i - 1].equals("--root") || args[i - 1].equals("--snapshotter-address"))) {
      return false;
    }
    return true;
  }
}
