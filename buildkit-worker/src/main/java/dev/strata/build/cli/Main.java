package dev.strata.build.cli;

import dev.strata.build.export.InvalidOutputException;
import dev.strata.build.frontend.dockerfile.ConversionCache;
import dev.strata.build.serve.CommandRunner;
import dev.strata.build.serve.Invocation;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
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
  private static final int DEFAULT_COLUMNS = 80;
  private static final int MIN_COLUMNS = 20;

  @Spec CommandSpec spec;

  @Option(names = "--root", paramLabel = "DIR", description = "The worker's state directory (default: ${DEFAULT-VALUE}).")
  Path root = WorkerConfig.DEFAULT_ROOT;

  @Option(names = "--snapshotter-address", paramLabel = "SOCKET",
      description = "Build on the snapshotter serving this socket instead of the embedded one under --root.")
  Path snapshotterAddress;

  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  private final Invocation invocation;
  private final Optional<Worker> served;
  final ConversionCache conversions;

  private Main(Invocation invocation, InputStream in, PrintStream out, PrintStream err, Optional<Worker> served,
      ConversionCache conversions) {
    this.invocation = invocation;
    this.in = in;
    this.out = out;
    this.err = err;
    this.served = served;
    this.conversions = conversions;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line {@code args} in this process and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(Invocation.ofThisProcess(args), System.in, out, err, Optional.empty(), new ConversionCache())
        .execute(args);
  }

  /**
   * Runs the command lines that clients hand to the serve daemon on the daemon's worker, Dockerfiles
   * converted through {@code conversions}.
   */
  static CommandRunner served(ConversionCache conversions) {
    return (worker, invocation, in, out, err) -> commandLine(invocation, in, out, err, Optional.of(worker), conversions)
        .execute(invocation.args().toArray(String[]::new));
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    return commandLine(Invocation.ofThisProcess(new String[0]), System.in, out, err, Optional.empty(), new ConversionCache());
  }

  private static CommandLine commandLine(Invocation invocation, InputStream in, PrintStream out, PrintStream err,
      Optional<Worker> served, ConversionCache conversions) {
    CommandLine commandLine = new CommandLine(new Main(invocation, in, out, err, served, conversions));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("strata-build: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return e instanceof InvalidOutputException ? USAGE : FAILURE;
    });
    return commandLine;
  }

  /** {@code path} as the user meant it: relative to the directory the command was run in. */
  Path path(Path path) {
    return invocation.cwd().resolve(path);
  }

  /** The directory the command was run in. */
  Path workingDirectory() {
    return invocation.cwd();
  }

  /** Whether the user runs the command on a terminal. */
  boolean interactive() {
    return invocation.interactive();
  }

  /** The width of the user's terminal, from COLUMNS. */
  int terminalColumns() {
    String columns = invocation.env().get("COLUMNS");
    try {
      return columns == null ? DEFAULT_COLUMNS : Math.max(MIN_COLUMNS, Integer.parseInt(columns.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_COLUMNS;
    }
  }

  /** The worker these options name, with {@code maxParallelism} (or the default when null). */
  WorkerConfig workerConfig(Integer maxParallelism) {
    return new WorkerConfig(path(root), Optional.ofNullable(snapshotterAddress).map(this::path),
        maxParallelism == null ? WorkerConfig.defaultParallelism() : maxParallelism);
  }

  /**
   * Runs {@code action} on this root's worker: inside the serve daemon on its warm worker, elsewhere on
   * a worker opened for the call.
   *
   * @param maxParallelism the user's --max-parallelism, or null; the daemon refuses one unlike its own
   */
  int onWorker(Integer maxParallelism, Function<Worker, Integer> action) {
    WorkerConfig config = workerConfig(maxParallelism);
    if (served.isPresent()) {
      requireServedWorker(config, maxParallelism, served.get().config());
      return action.apply(served.get());
    }
    try (Worker worker = Worker.open(config)) {
      return action.apply(worker);
    }
  }

  /** Fails when running inside the serve daemon. */
  void requireOwnProcess(String command) {
    if (served.isPresent()) {
      throw usageError(command + " cannot run inside the serve daemon");
    }
  }

  private void requireServedWorker(WorkerConfig wanted, Integer maxParallelism, WorkerConfig serving) {
    if (!wanted.sameWorkerAs(serving)) {
      throw usageError("failed to run on the serve daemon for " + wanted.describe() + ": it serves " + serving.describe());
    }
    if (maxParallelism != null && maxParallelism != serving.maxParallelism()) {
      throw usageError("failed to accept --max-parallelism " + maxParallelism + ": the serve daemon runs with "
          + serving.maxParallelism() + "; restart it with that option, or leave the option out");
    }
  }

  private CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: solve, build, image, du, prune or serve");
  }

}
