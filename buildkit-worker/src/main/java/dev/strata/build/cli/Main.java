package dev.strata.build.cli;

import dev.strata.build.export.InvalidOutputException;
import dev.strata.build.serve.RemoteBuildException;
import dev.strata.build.serve.ServeClient;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
    subcommands = {SolveCommand.class, BuildCommand.class, ImageCommand.class, DuCommand.class, PruneCommand.class, ServeCommand.class})
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
  private final Optional<Worker> served;

  private Main(PrintStream out, PrintStream err, Optional<Worker> served) {
    this.out = out;
    this.err = err;
    this.served = served;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line {@code args} and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err, Optional.empty()).execute(args);
  }

  /** Runs a command line that a client handed to the serve daemon on the daemon's {@code worker}. */
  static int runServed(Worker worker, List<String> args, PrintStream out, PrintStream err) {
    return commandLine(out, err, Optional.of(worker)).execute(args.toArray(String[]::new));
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    return commandLine(out, err, Optional.empty());
  }

  private static CommandLine commandLine(PrintStream out, PrintStream err, Optional<Worker> served) {
    CommandLine commandLine = new CommandLine(new Main(out, err, served));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("strata-build: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return exitCode(e);
    });
    return commandLine;
  }

  private static int exitCode(Exception e) {
    if (e instanceof InvalidOutputException) {
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

  /**
   * Runs {@code action} on this root's worker: inside the serve daemon on its worker; elsewhere on the
   * daemon serving the root if one runs (as {@code command}, this command line without the global
   * options), else on a worker opened for the call.
   */
  int onWorker(List<String> command, Function<Worker, Integer> action) {
    WorkerConfig config = workerConfig(null);
    if (served.isPresent()) {
      requireSameWorker(config, served.get().config());
      return action.apply(served.get());
    }
    Optional<ServeClient> daemon = ServeClient.find(config);
    if (daemon.isPresent()) {
      List<String> args = new ArrayList<>(List.of("--root", config.root().toString()));
      config.snapshotterAddress().ifPresent(address -> args.addAll(List.of("--snapshotter-address", address.toString())));
      args.addAll(command);
      return daemon.get().run(args, out, err);
    }
    try (Worker worker = Worker.open(config)) {
      return action.apply(worker);
    }
  }

  /** Fails when running inside the serve daemon, which runs only worker commands. */
  void requireOwnProcess(String command) {
    if (served.isPresent()) {
      throw new CommandLine.ParameterException(spec.commandLine(), command + " cannot run inside the serve daemon");
    }
  }

  private static void requireSameWorker(WorkerConfig wanted, WorkerConfig serving) {
    if (!wanted.sameWorkerAs(serving)) {
      throw new IllegalArgumentException("failed to run on the serve daemon for " + wanted.describe()
          + ": it serves " + serving.describe());
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: solve, build, image, du, prune or serve");
  }

}
