package dev.strata.build.cli;

import dev.strata.build.serve.RemoteBuildException;
import dev.strata.build.worker.UnsupportedOptionException;
import dev.strata.build.worker.WorkerConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strata-build}: builds BuildKit LLB on Strata's snapshotter, manages the worker's images and
 * cache, and serves a warm worker. Exit codes: 0 success, 1 failure (a failed build: the failed step's
 * name, exit code and last output on stderr), 2 usage.
 */
@Command(
    name = "strata-build",
    mixinStandardHelpOptions = true,
    description = "Builds BuildKit LLB on Strata's snapshotter.",
    subcommands = {SolveCommand.class, ImageCommand.class, DuCommand.class, PruneCommand.class, ServeCommand.class})
public final class Main implements Runnable {
  static final int FAILURE = 1;
  static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Option(names = "--root", paramLabel = "DIR", description = "The worker's state directory (default: ${DEFAULT-VALUE}).")
  Path root = WorkerConfig.DEFAULT_ROOT;

  @Option(names = "--snapshotter-address", paramLabel = "SOCKET",
      description = "Build on the snapshotter serving this socket instead of the embedded one under --root.")
  Path snapshotterAddress;

  final PrintStream out;
  final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line {@code args} and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new Main(out, err));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("strata-build: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return exitCode(e);
    });
    return commandLine;
  }

  private static int exitCode(Exception e) {
    if (e instanceof UnsupportedOptionException) {
      return USAGE;
    }
    if (e instanceof RemoteBuildException remote) {
      return remote.rejected() ? USAGE : FAILURE;
    }
    return FAILURE;
  }

  /** The worker these options name, with {@code maxParallelism} (or the default when null). */
  WorkerConfig workerConfig(Integer maxParallelism) {
    return new WorkerConfig(root, Optional.ofNullable(snapshotterAddress),
        maxParallelism == null ? WorkerConfig.defaultParallelism() : maxParallelism);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: solve, image, du, prune or serve");
  }

}
